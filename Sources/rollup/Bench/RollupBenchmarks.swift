import ArgumentParser
import BN254
import Circuit
import Foundation
import Groth16
import Groth16Setup
import Rollup
import SparseMerkleTree

/// `rollup bench rollup`: for each shipped circuit whose proving key exists, constraints per
/// transfer, circuit build, native execution, witness generation, proof and verification of one
/// full batch, and proven transactions per second.
struct RollupBenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rollup", abstract: "Batch circuit sizes and the time to execute, witness and prove a full batch.")

    @OptionGroup var options: BenchOptions

    @Option(help: "Circuits to measure (default: every shipped circuit with a generated proving key).")
    var circuit: [String] = []

    @Option(help: "Worker threads for the prover.")
    var threads: Int = ProcessInfo.processInfo.activeProcessorCount

    func run() throws {
        var results: [BenchmarkResult] = []
        var extra: [String: String] = ["threads": String(threads)]
        let names = circuit.isEmpty ? CircuitConfiguration.shipped.map(\.name) : circuit
        for name in names {
            guard let bundle = CircuitBundle.named(name) else { throw ValidationError("unknown circuit \(name)") }
            guard FileManager.default.fileExists(atPath: bundle.provingKeyURL.path) else {
                FileHandle.standardError.write(Data("skipping \(name): no \(bundle.provingKeyURL.path) (run scripts/setup-circuits --all)\n".utf8))
                continue
            }
            let configuration = bundle.configuration
            var clock = Stopwatch()
            let circuit = BatchCircuit(configuration)
            let buildSeconds = clock.lap()
            let key = try bundle.provingKey()
            let loadSeconds = clock.lap()
            let accounts = Int(min(64, configuration.capacity / 2))
            var generator = try BatchGenerator(configuration: configuration, accountCount: accounts, seed: 3)  // benchmark keys only
            let batch = try generator.nextBatch(transactions: configuration.slots)
            let state = try RollupState(shape: configuration.shape, store: InMemoryTreeStore())
            try state.applyGenesis(generator.genesis)
            _ = clock.lap()
            let applied = try state.apply(batch, slots: configuration.slots)
            let executeSeconds = clock.lap()
            let witness = try circuit.witness(for: applied)
            let witnessSeconds = clock.lap()
            var randomness = SystemRandomNumberGenerator()
            var timings = ProvingTimings()
            let proof = try Prover(key: key, threads: threads).prove(witness: witness.values, witnessCheck: nil, using: &randomness, timings: &timings)
            let proveSeconds = clock.lap()
            let verifier = try PreparedVerificationKey(key.verificationKey)
            _ = clock.lap()
            var verifySamples: [Double] = []  // the check alone, the key prepared once: median of five
            for _ in 0..<5 {
                guard try verifier.verify(proof, publicInputs: applied.publicInputs) else {
                    throw ValidationError("the benchmark proof of \(name) did not verify")
                }
                verifySamples.append(clock.lap())
            }
            let verifySeconds = median(verifySamples)
            let prefix = "rollup.\(name)"
            results += [
                BenchmarkResult(name: "\(prefix).circuit_build", ns: buildSeconds * 1e9),
                BenchmarkResult(name: "\(prefix).zkey_load", ns: loadSeconds * 1e9),
                BenchmarkResult(name: "\(prefix).execute", ns: executeSeconds * 1e9),
                BenchmarkResult(name: "\(prefix).witness", ns: witnessSeconds * 1e9),
                BenchmarkResult(name: "\(prefix).prove", ns: proveSeconds * 1e9),
                BenchmarkResult(name: "\(prefix).prove.quotient_ntt", ns: timings.quotient * 1e9),
                BenchmarkResult(name: "\(prefix).prove.msm_a", ns: timings.msmA * 1e9),
                BenchmarkResult(name: "\(prefix).prove.msm_b1", ns: timings.msmB1 * 1e9),
                BenchmarkResult(name: "\(prefix).prove.msm_b2", ns: timings.msmB2 * 1e9),
                BenchmarkResult(name: "\(prefix).prove.msm_c", ns: timings.msmC * 1e9),
                BenchmarkResult(name: "\(prefix).prove.msm_h", ns: timings.msmH * 1e9),
                BenchmarkResult(name: "\(prefix).verify", ns: verifySeconds * 1e9),
            ]
            extra["\(prefix).constraints"] = String(circuit.constraintCount)
            extra["\(prefix).constraints_per_transfer"] = String(circuit.constraintCount / configuration.slots)
            extra["\(prefix).proven_tx_per_s"] = String(format: "%.2f", Double(configuration.slots) / proveSeconds)
        }
        report(suite: "rollup", results: results, extra: extra, json: options.json)
    }
}
