import Foundation
import Testing

/// The built executables (`.build/<configuration>/`), next to the test bundle.
func executable(_ name: String) -> URL {
    var directory = Bundle.main.bundleURL
    while !FileManager.default.fileExists(atPath: directory.appendingPathComponent(name).path), directory.path != "/" {
        directory = directory.deletingLastPathComponent()
    }
    return directory.appendingPathComponent(name)
}

func vector(_ path: String) -> String {
    URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Vectors").appendingPathComponent(path).path
}

/// Runs a command (with extra environment variables); returns its exit status and standard
/// output and error.
@discardableResult
func run(_ name: String, _ arguments: [String], environment: [String: String] = [:]) throws -> (status: Int32, output: String, error: String) {
    let result = try runRecordingSignal(name, arguments, environment: environment)
    return (result.status, result.output, result.error)
}

/// Runs a command like `run`, also reporting whether a signal ended it (then `status` is the signal's number).
func runRecordingSignal(_ name: String, _ arguments: [String], environment: [String: String]) throws -> (status: Int32, killed: Bool, output: String, error: String) {
    let process = Process()
    process.executableURL = executable(name)
    process.arguments = arguments
    process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
    let output = Pipe(), error = Pipe()
    process.standardOutput = output
    process.standardError = error
    try process.run()
    let outData = output.fileHandleForReading.readDataToEndOfFile()
    let errData = error.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return (process.terminationStatus, process.terminationReason == .uncaughtSignal, String(decoding: outData, as: UTF8.self), String(decoding: errData, as: UTF8.self))
}

func scratchDirectory() throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("cli-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}

@Suite("rollup-verify")
struct RollupVerifyTests {
    let folder = "snarkjs/ark-circom-groth16/"

    @Test func acceptsSnarkjsProof() throws {
        let result = try run("rollup-verify", [vector(folder + "verification_key.json"), vector(folder + "public.json"), vector(folder + "proof.json")])
        #expect(result.status == 0, "\(result.error)")
        let json = try run("rollup-verify", [vector(folder + "verification_key.json"), vector(folder + "public.json"), vector(folder + "proof.json"), "--json"])
        #expect(json.status == 0 && json.output.contains("\"valid\":true"))
    }

    @Test func rejectsWrongStatementWithStatusOne() throws {
        let directory = try scratchDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let wrongPublic = directory.appendingPathComponent("public.json")
        try "[\n \"34\"\n]".write(to: wrongPublic, atomically: true, encoding: .utf8)
        let result = try run("rollup-verify", [vector(folder + "verification_key.json"), wrongPublic.path, vector(folder + "proof.json")])
        #expect(result.status == 1)
        #expect(result.output.hasPrefix("invalid:"))
    }

    @Test func badInputIsStatusTwoWithAReason() throws {
        let directory = try scratchDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let tooLarge = directory.appendingPathComponent("public.json")
        try "[\"21888242871839275222246405745257275088548364400416034343698204186575808495617\"]".write(to: tooLarge, atomically: true, encoding: .utf8)
        let key = vector(folder + "verification_key.json"), proof = vector(folder + "proof.json")
        for arguments in [[key, tooLarge.path, proof], [key, proof, proof], [key, "/nonexistent.json", proof], [key], []] {
            let result = try run("rollup-verify", arguments)
            #expect(result.status == 2, "\(arguments)")
            #expect(result.error.hasPrefix("error:") && result.error.split(separator: "\n").count == 1, "\(result.error)")
        }
    }
}

@Suite("rollup groth16")
struct Groth16CLITests {
    @Test func setupProveVerifyExportLikeSnarkjs() throws {
        let directory = try scratchDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        func path(_ name: String) -> String { directory.appendingPathComponent(name).path }
        let source = "snarkjs/groth16-multiplier100/"
        let ptau = vector("snarkjs/ark-circom-groth16/powersOfTau28_hez_final_10.ptau")
        #expect(try run("rollup", ["groth16", "setup", vector(source + "circuit.r1cs"), ptau, path("c.zkey")]).status == 0)
        let dev = try run("rollup", ["groth16", "setup", vector(source + "circuit.r1cs"), path("dev.zkey"), "--dev-seed", "5"])
        #expect(dev.status == 0 && dev.error.contains("INSECURE"))
        for key in ["c.zkey", "dev.zkey"] {
            let prove = try run("rollup", ["groth16", "prove", path(key), vector(source + "witness.wtns"), path("proof.json"), path("public.json"),
                                           "--r1cs", vector(source + "circuit.r1cs")])
            #expect(prove.status == 0, "\(prove.error)")
            #expect(try run("rollup", ["groth16", "export-vk", path(key), path("vk.json")]).status == 0)
            #expect(try run("rollup", ["groth16", "verify", path("vk.json"), path("public.json"), path("proof.json")]).status == 0)
            #expect(try run("rollup-verify", [path("vk.json"), path("public.json"), path("proof.json")]).status == 0)
            #expect(try String(contentsOfFile: path("public.json"), encoding: .utf8) == String(contentsOfFile: vector(source + "public.json"), encoding: .utf8))
        }
        let calldata = try run("rollup", ["groth16", "calldata", path("public.json"), path("proof.json")])
        #expect(calldata.status == 0 && calldata.output.hasPrefix("[\"0x"))
        #expect(try run("rollup", ["groth16", "export-solidity", path("c.zkey"), path("Verifier.sol")]).status == 0)
        #expect(try String(contentsOfFile: path("Verifier.sol"), encoding: .utf8).contains("UNTESTED"))
        #expect(try run("rollup", ["groth16", "export-vyper", path("vk.json"), path("Verifier.vy")]).status == 0)
        #expect(try String(contentsOfFile: path("Verifier.vy"), encoding: .utf8).contains("def verifyProof("))
        // A witness that does not match the key's circuit is refused with a reason.
        let mismatch = try run("rollup", ["groth16", "prove", path("c.zkey"), vector("snarkjs/ark-circom-groth16/witness.wtns"), path("p.json"), path("q.json")])
        #expect(mismatch.status == 2 && mismatch.error.contains("witness"))
        #expect(!FileManager.default.fileExists(atPath: path("p.json")))
    }
}
