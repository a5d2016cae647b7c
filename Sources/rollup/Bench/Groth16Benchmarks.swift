import ArgumentParser
import BN254
import Circuit
import Foundation
import Groth16
import Groth16Setup

/// `rollup bench groth16 --log2 k`: setup, prove (by stage) and verify on the x ← x² + c chain
/// of 2^k − 3 squarings plus the output constraint (so that with the rows snarkjs adds for the
/// public wires the domain is exactly 2^k), plus the process's peak resident memory.
struct Groth16BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "groth16", abstract: "Groth16 setup/prove/verify on a 2^k-constraint squaring chain.")

    @OptionGroup var options: BenchOptions

    @Option(help: "log2 of the domain size (the chain has 2^k − 2 constraints).")
    var log2: Int = 16

    @Option(help: "Worker threads for the prover; default: all cores.")
    var threads: Int = ProcessInfo.processInfo.activeProcessorCount

    @Option(help: "Proofs to time (the median is reported).")
    var proofs: Int = 3

    func validate() throws {
        guard (4...24).contains(log2) else { throw ValidationError("--log2 must be in 4…24") }
    }

    func run() throws {
        let size = "2^\(log2)"
        var cs = ConstraintSystem()
        let x = cs.privateInput("x"), c = cs.privateInput("c")
        var value = x.linearCombination
        for _ in 0..<((1 << log2) - 3) { value = cs.multiply(value, value) + c }
        _ = cs.publicOutput("out", equalTo: value)
        let r1cs = cs.r1cs()

        var clock = Stopwatch()
        let key = try Setup.insecureDevelopment(r1cs, seed: 1, threads: threads)  // benchmark key only
        let setupSeconds = clock.lap()
        let witness = try cs.generateWitness(inputs: ["x": Fr(3), "c": Fr(5)]).values
        let witnessSeconds = clock.lap()

        let prover = Prover(key: key, threads: threads)
        var runs: [ProvingTimings] = []
        var proof: Proof?
        for _ in 0..<max(1, proofs) {
            var timings = ProvingTimings()
            var generator = SystemRandomNumberGenerator()
            proof = try prover.prove(witness: witness, witnessCheck: { values in
                try? r1cs.check(Witness(values: values))?.description
            }, using: &generator, timings: &timings)
            runs.append(timings)
        }
        let verifier = PreparedVerificationKey(try key.verificationKey)
        let inputs = Array(witness[1...key.publicInputCount])
        var verifySamples: [Double] = []
        for _ in 0..<20 {
            var lap = Stopwatch()
            guard try verifier.verify(proof!, publicInputs: inputs) else { throw ValidationError("the benchmark proof did not verify") }
            verifySamples.append(lap.lap())
        }

        func stage(_ name: String, _ pick: (ProvingTimings) -> Double) -> BenchmarkResult {
            BenchmarkResult(name: name, ns: median(runs.map(pick)) * 1e9)
        }
        let results = [
            BenchmarkResult(name: "groth16.setup.\(size)", ns: setupSeconds * 1e9),
            BenchmarkResult(name: "groth16.witness.\(size)", ns: witnessSeconds * 1e9),
            stage("groth16.prove.\(size)", \.total),
            stage("groth16.prove.\(size).witness_check", \.witnessCheck),
            stage("groth16.prove.\(size).quotient_ntt", \.quotient),
            stage("groth16.prove.\(size).msm_a", \.msmA),
            stage("groth16.prove.\(size).msm_b1", \.msmB1),
            stage("groth16.prove.\(size).msm_b2", \.msmB2),
            stage("groth16.prove.\(size).msm_c", \.msmC),
            stage("groth16.prove.\(size).msm_h", \.msmH),
            BenchmarkResult(name: "groth16.verify", ns: median(verifySamples) * 1e9),
        ]
        let extra = [
            "threads": String(threads), "constraints": String(r1cs.constraintCount),
            "peak_rss_bytes": String(peakResidentBytes()),
        ]
        report(suite: "groth16", results: results, extra: extra, json: options.json)
    }
}

/// Seconds between successive `lap()` calls.
struct Stopwatch {
    private var last = DispatchTime.now().uptimeNanoseconds

    mutating func lap() -> Double {
        let now = DispatchTime.now().uptimeNanoseconds
        defer { last = now }
        return Double(now - last) / 1e9
    }
}

/// The median of timed runs (the upper one of an even count).
func median(_ samples: [Double]) -> Double { samples.sorted()[samples.count / 2] }

/// The process's peak resident set size (getrusage's ru_maxrss, KiB on Linux).
func peakResidentBytes() -> Int {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    return Int(usage.ru_maxrss) * 1024
}
