import Foundation
import Testing

/// The whole product on the tiny circuit: a key made into a scratch `Circuits/`, a queue, the
/// worker pool, settlement, and checks by `ledger verify` and `rollup-verify`.
@Suite("Pipeline with the rollup engine", .serialized)
struct PipelineCLITests {
    let directory: URL
    let environment: [String: String]

    init() throws { (directory, environment) = try tinyCircuitScratch() }

    func path(_ name: String) -> String { directory.appendingPathComponent(name).path }

    func rollup(_ arguments: String...) throws -> (status: Int32, output: String, error: String) {
        try run("rollup", arguments, environment: environment)
    }

    @Test func batchesSettleInOrderAndBadInputIsRejected() throws {
        defer { try? FileManager.default.removeItem(at: directory) }
        // The committed key is reproduced by the documented setup.
        #expect(try String(contentsOfFile: path("Circuits/tiny/verification_key.json"), encoding: .utf8)
            == String(contentsOf: repositoryFile("Circuits/tiny/verification_key.json"), encoding: .utf8))
        #expect(try rollup("gen-batches", path("batches"), "--accounts", "8", "--batches", "3", "--txs", "2", "--seed", "5").status == 0)
        #expect(try rollup("init", path("queue"), "--circuit", "tiny", "--genesis", path("batches/genesis.json"), "--insecure-dev-key").status == 0)
        // Batch 4 replays batch 3's transactions on top of it: nonce-mismatch, rejected as a whole.
        var replay = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path("batches/batch-000003.json")))) as! [String: Any]
        replay["batch"] = 4
        replay["previousRoot"] = try finalRoot(after: 3)
        try JSONSerialization.data(withJSONObject: replay).write(to: URL(fileURLWithPath: path("batches/batch-000004.json")))
        try Data("{ not json".utf8).write(to: URL(fileURLWithPath: path("garbage.json")))
        let files = (1...4).map { path("batches/batch-00000\($0).json") }
        let submit = try run("rollup", ["submit", path("queue")] + files + [path("garbage.json")], environment: environment)
        #expect((submit.output + submit.error).contains("garbage.json"), "\(submit)")
        let worker = try rollup("worker", path("queue"), "--workers", "2", "--threads", "1", "--until-idle")
        #expect(worker.status == 0, "\(worker.error)")
        let status = try rollup("status", path("queue"), "--json")
        #expect(status.output.contains("\"lastSettledBatch\":3") || status.output.contains("\"lastSettledBatch\" : 3"), "\(status.output)")
        #expect(try rollup("ledger", "verify", path("queue")).status == 0)
        let ledger = URL(fileURLWithPath: path("queue/ledger/ledger.jsonl"))
        let settledLedger = try String(contentsOf: ledger, encoding: .utf8)
        try settledLedger.replacingOccurrences(of: "\"commitment\":\"", with: "\"commitment\":\"1").write(to: ledger, atomically: true, encoding: .utf8)
        let tampered = try rollup("ledger", "verify", path("queue"))
        #expect(tampered.status == 1 && tampered.output.contains("entryHash"), "\(tampered)")
        try settledLedger.write(to: ledger, atomically: true, encoding: .utf8)
        let reasons = try FileManager.default.contentsOfDirectory(atPath: path("queue/rejected")).filter { $0.hasSuffix("reason.json") }
        let texts = try reasons.map { try String(contentsOfFile: path("queue/rejected/" + $0), encoding: .utf8) }
        #expect(texts.contains { $0.contains("nonce-mismatch") }, "\(texts)")
        let verify = try run("rollup-verify", [path("Circuits/tiny/verification_key.json"), path("queue/settled/000003.public.json"),
                                               path("queue/settled/000003.proof.json")], environment: environment)
        #expect(verify.status == 0, "\(verify.error)")
    }

    @Test func aKilledWorkerLosesNothing() throws {
        defer { try? FileManager.default.removeItem(at: directory) }
        #expect(try rollup("gen-batches", path("batches"), "--accounts", "8", "--batches", "4", "--txs", "2", "--seed", "6").status == 0)
        #expect(try rollup("init", path("queue"), "--circuit", "tiny", "--genesis", path("batches/genesis.json"), "--insecure-dev-key").status == 0)
        #expect(try run("rollup", ["submit", path("queue")] + (1...4).map { path("batches/batch-00000\($0).json") }, environment: environment).status == 0)
        for delay in [1.5, 2.5] {
            let process = Process()
            process.executableURL = executable("rollup")
            process.arguments = ["worker", path("queue"), "--threads", "1", "--until-idle", "--lease-seconds", "2"]
            process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
            process.standardError = FileHandle.nullDevice
            process.standardOutput = FileHandle.nullDevice
            try process.run()
            Thread.sleep(forTimeInterval: delay)
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
        Thread.sleep(forTimeInterval: 2.5)  // let the killed worker's leases expire
        let worker = try rollup("worker", path("queue"), "--threads", "2", "--until-idle", "--lease-seconds", "2")
        #expect(worker.status == 0, "\(worker.error)")
        let ledger = try String(contentsOfFile: path("queue/ledger/ledger.jsonl"), encoding: .utf8)
        #expect(ledger.split(separator: "\n").count == 4)
        #expect(try rollup("ledger", "verify", path("queue")).status == 0)
    }

    /// `batch prove` writes the witness as circom `.wtns`; with `circuit.r1cs` and `circuit.zkey`
    /// that is everything a snarkjs or rapidsnark user needs, so the same files must prove through
    /// the snarkjs-shaped `groth16 prove` and verify with the circuit's key.
    @Test func batchProveExportsWhatSnarkjsUsersNeed() throws {
        defer { try? FileManager.default.removeItem(at: directory) }
        #expect(try rollup("gen-batches", path("batches"), "--accounts", "8", "--batches", "1", "--txs", "2", "--seed", "8").status == 0)
        let prove = try rollup("batch", "prove", path("state"), path("batches/batch-000001.json"), "--genesis", path("batches/genesis.json"),
                               "--out", path("out"))
        #expect(prove.status == 0, "\(prove.error)")
        let key = path("Circuits/tiny/verification_key.json")
        #expect(try run("rollup-verify", [key, path("out/public.json"), path("out/proof.json")]).status == 0)
        let again = try rollup("groth16", "prove", path("Circuits/tiny/circuit.zkey"), path("out/witness.wtns"), path("p.json"), path("q.json"),
                               "--r1cs", path("Circuits/tiny/circuit.r1cs"))
        #expect(again.status == 0, "\(again.error)")
        #expect(try String(contentsOfFile: path("q.json"), encoding: .utf8) == String(contentsOfFile: path("out/public.json"), encoding: .utf8))
        #expect(try rollup("groth16", "verify", key, path("q.json"), path("p.json")).status == 0)
        // Applying the same batch again is refused: the state moved on.
        #expect(try rollup("batch", "apply", path("state"), path("batches/batch-000001.json")).status == 2)
    }

    func finalRoot(after batches: Int) throws -> String {
        let check = try scratchDirectory()
        defer { try? FileManager.default.removeItem(at: check) }
        var root = ""
        for n in 1...batches {
            let line = try rollup("batch", "apply", check.appendingPathComponent("state").path, path("batches/batch-00000\(n).json"),
                                  "--genesis", path("batches/genesis.json")).output
            root = String(line.split(separator: ">").last!.split(separator: ",").first!.trimmingCharacters(in: .whitespaces))
        }
        return root
    }
}

/// A scratch directory whose `Circuits/` holds the tiny circuit's dev-seed key, and the environment that points `rollup` at it.
func tinyCircuitScratch() throws -> (directory: URL, environment: [String: String]) {
    let directory = try scratchDirectory()
    let environment = ["ROLLUP_CIRCUITS": directory.appendingPathComponent("Circuits").path]
    let setup = try run("rollup", ["circuit", "setup", "tiny", "--dev-seed", "1"], environment: environment)
    precondition(setup.status == 0, setup.error)
    return (directory, environment)
}

func repositoryFile(_ path: String) -> URL {
    URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent(path)
}
