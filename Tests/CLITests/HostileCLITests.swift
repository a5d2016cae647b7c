import Foundation
import Testing

/// The command-line verifiers and the pipeline against hostile or insecure input: exit codes,
/// warnings, and the fuzzers' regression inputs replayed through every harness.
@Suite("Hostile input at the command line")
struct HostileCLITests {
    let circuits = URL(fileURLWithPath: vector("../Circuits")).standardized.path

    /// γ = δ = O: e(A, B) = e(α, β) alone would "verify" A = α, B = β for any input.
    @Test func degenerateKeyForgeryExitsTwo() throws {
        let directory = try scratchDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let original = try String(contentsOfFile: vector("snarkjs/ark-circom-groth16/verification_key.json"), encoding: .utf8)
        var root = try #require(try JSONSerialization.jsonObject(with: Data(original.utf8)) as? [String: Any])
        root["vk_gamma_2"] = [["0", "0"], ["1", "0"], ["0", "0"]]
        root["vk_delta_2"] = [["0", "0"], ["1", "0"], ["0", "0"]]
        root.removeValue(forKey: "vk_alphabeta_12")
        let forgedProof: [String: Any] = ["pi_a": root["vk_alpha_1"]!, "pi_b": root["vk_beta_2"]!, "pi_c": ["1", "2", "1"], "protocol": "groth16"]
        let files = ["vk.json": root as Any, "public.json": ["123456"], "proof.json": forgedProof]
        for (name, value) in files {
            try JSONSerialization.data(withJSONObject: value).write(to: directory.appendingPathComponent(name))
        }
        let paths = ["vk.json", "public.json", "proof.json"].map { directory.appendingPathComponent($0).path }
        let verdict = try run("rollup-verify", paths)
        #expect(verdict.status == 2, "\(verdict)")
        #expect(verdict.error.contains("vk_gamma_2 is the point at infinity"), "\(verdict.error)")
        #expect(try run("rollup", ["groth16", "verify"] + paths).status == 2)
    }

    @Test func wrongInputExitsOneAndDevelopmentKeysAreFlagged() throws {
        let directory = try scratchDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let key = "\(circuits)/tiny/verification_key.json"
        let proof = vector("rollup/proof/proof.json"), inputs = vector("rollup/proof/public.json")
        let valid = try run("rollup-verify", [key, inputs, proof, "--json"])
        #expect(valid.status == 0 && valid.output.contains("\"insecureDevelopmentKeySeed\":1"), "\(valid)")
        #expect(valid.error.contains("INSECURE development key (dev seed 1)"))
        var signals = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: inputs))) as? [String])
        signals[0] = signals[0] == "1" ? "2" : "1"
        let wrong = directory.appendingPathComponent("public.json")
        try JSONSerialization.data(withJSONObject: signals).write(to: wrong)
        #expect(try run("rollup-verify", [key, wrong.path, proof]).status == 1)
        let groth16 = try run("rollup", ["groth16", "verify", key, wrong.path, proof])
        #expect(groth16.status == 1 && groth16.output.contains("INVALID"), "\(groth16)")
        // A snarkjs key from a real ceremony carries no warning.
        let ceremony = vector("snarkjs/ark-circom-groth16")
        let clean = try run("rollup-verify", ["\(ceremony)/verification_key.json", "\(ceremony)/public.json", "\(ceremony)/proof.json"])
        #expect(clean.status == 0 && clean.error.isEmpty, "\(clean)")
    }

    @Test func initRefusesADevelopmentKeyUnlessTold() throws {
        let directory = try scratchDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let environment = ["ROLLUP_CIRCUITS": circuits]
        let queue = directory.appendingPathComponent("queue").path
        let genesis = vector("rollup/genesis.json")
        let refused = try run("rollup", ["init", queue, "--circuit", "tiny", "--genesis", genesis], environment: environment)
        #expect(refused.status == 2 && refused.error.contains("INSECURE development key (dev seed 1)"), "\(refused)")
        #expect(!FileManager.default.fileExists(atPath: "\(queue)/queue.json"))
        let accepted = try run("rollup", ["init", queue, "--circuit", "tiny", "--genesis", genesis, "--insecure-dev-key"], environment: environment)
        #expect(accepted.status == 0 && accepted.error.contains("WARNING"), "\(accepted)")
        let manifest = try String(contentsOfFile: "\(queue)/queue.json", encoding: .utf8)
        #expect(manifest.contains("\"insecureDevelopmentKeySeed\":1") || manifest.contains("\"insecureDevelopmentKeySeed\" : 1"), "\(manifest)")
        let status = try run("rollup", ["status", queue], environment: environment)
        #expect(status.status == 0 && status.error.contains("INSECURE") && status.output.contains("INSECURE development key"), "\(status)")
        let contract = try run("rollup", ["l1", "export", "--queue", queue, "--out", directory.appendingPathComponent("l1").path], environment: environment)
        #expect(contract.status == 0 && contract.error.contains("embeds an INSECURE development key (dev seed 1)"), "\(contract)")
        for command in [["ledger", "show", queue], ["ledger", "verify", queue]] {
            let result = try run("rollup", command, environment: environment)
            #expect(result.status == 0 && result.error.contains("WARNING: the tiny key of this queue is an INSECURE development key"), "\(result)")
        }
    }

    /// Every input the fuzzers ever crashed on, and the seeds of the queue-file targets, through
    /// the ordinary build of the harnesses.
    @Test func fuzzRegressionsReplayWithoutACrash() throws {
        let targets = try run("rollup-fuzz", ["--list"]).output.split(separator: "\n").map(String.init)
        #expect(targets.count >= 17 && targets.contains("verify"))
        let folders = ["fuzz/regressions", "fuzz/seeds"].map(vector)
        for folder in folders {
            for target in (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? [] {
                #expect(targets.contains(target), "\(folder)/\(target) names no harness")
                let replay = try run("rollup-fuzz", [target, "\(folder)/\(target)"])
                #expect(replay.status == 0 && replay.output.contains("without a crash"), "\(target): \(replay)")
            }
        }
        for (target, files) in [("zkey", ["snarkjs/ark-circom-groth16/test.zkey", "snarkjs/plonk-circuit/circuit.zkey"]),
                                ("r1cs", ["snarkjs/groth16-multiplier100/circuit.r1cs"]), ("ptau", ["snarkjs/ark-circom-groth16/powersOfTau28_hez_final_10.ptau"])] {
            #expect(try run("rollup-fuzz", [target] + files.map(vector)).status == 0, "\(target)")
        }
    }
}
