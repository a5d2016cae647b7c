import ArgumentParser
import Foundation
import Rollup
import SparseMerkleTree

/// `rollup bench execute`: generated batches through the native executor alone (no proving key):
/// the state transition with its compact trace, which is what the pipeline's execute step does,
/// and the full witness the prover rebuilds from that trace, measured apart. Each run applies the
/// batches twice, signatures verified in parallel and serially (the reference), interleaved.
struct ExecuteBenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "execute", abstract: "Transactions per second of the native executor on generated full batches (no proving key).")

    @OptionGroup var options: BenchOptions

    @Option(help: "The shipped circuit whose configuration (slots, depth) the batches fill.")
    var circuit = CircuitConfiguration.transfer32Depth24.name

    @Option(help: "Full batches applied one after another in each timed run.")
    var batches = 4

    @Option(help: "Timed runs (the median is reported); --scale multiplies it.")
    var runs = 5

    @Option(help: "Threads that verify a batch's signatures, hash its tree and replay its paths for the witness.")
    var threads = ProcessInfo.processInfo.activeProcessorCount

    @Option(help: "Genesis accounts the batches move funds between (default 64, at most 4^depth / 2).")
    var accounts: Int?

    @Flag(help: "Spread the accounts evenly over the tree (account k at index k · 4^depth / accounts), so that no two paths share a node below the top levels; by default they sit at indices 0…accounts−1.")
    var spread = false

    func validate() throws {
        guard CircuitConfiguration.named(circuit) != nil else {
            throw ValidationError("unknown circuit \(circuit) (shipped: \(CircuitConfiguration.shipped.map(\.name).joined(separator: ", ")))")
        }
        guard batches >= 1, runs >= 1, threads >= 1 else { throw ValidationError("--batches, --runs and --threads must be at least 1") }
        if let accounts, accounts < 2 || UInt64(accounts) > CircuitConfiguration.named(circuit)!.capacity / 2 {
            throw ValidationError("--accounts must be between 2 and half the tree's capacity")
        }
    }

    func run() throws {
        let configuration = CircuitConfiguration.named(circuit)!
        let accounts = self.accounts ?? Int(min(64, configuration.capacity / 2))
        let stride = spread ? configuration.capacity / UInt64(accounts) : 1
        var generator = try BatchGenerator(configuration: configuration, accountCount: accounts, seed: 3, indexStride: stride)  // benchmark keys only
        let generated = try (0..<batches).map { _ in try generator.nextBatch(transactions: configuration.slots) }
        let transactions = generated.reduce(0) { $0 + $1.transactions.count }
        let batchCircuit = BatchCircuit(configuration)
        var executeSamples: [Double] = [], serialSamples: [Double] = [], traceSamples: [Double] = [], witnessSamples: [Double] = []
        var traceBytes = 0
        for _ in 0..<max(1, Int(Double(runs) * options.scale)) {
            serialSamples.append(try applyAll(generated, generator, signatures: .serial).seconds)
            let (applied, executeSeconds) = try applyAll(generated, generator, signatures: .parallel(threads: threads))
            executeSamples.append(executeSeconds)
            var clock = Stopwatch()
            traceBytes = applied.reduce(0) { $0 + batchCircuit.trace(for: $1).count }
            traceSamples.append(clock.lap())
            blackHole(try batchCircuit.witness(for: applied[0], threads: threads))
            witnessSamples.append(clock.lap())
        }
        let execute = median(executeSamples), serial = median(serialSamples), trace = median(traceSamples), witness = median(witnessSamples)
        let prefix = "execute.\(circuit)"
        let results = [
            BenchmarkResult(name: "\(prefix).state", ns: execute / Double(batches) * 1e9),
            BenchmarkResult(name: "\(prefix).state_serial_sig", ns: serial / Double(batches) * 1e9),
            BenchmarkResult(name: "\(prefix).trace", ns: trace / Double(batches) * 1e9),
            BenchmarkResult(name: "\(prefix).witness", ns: witness * 1e9),
            .count("\(prefix).tx_per_s", Double(transactions) / (execute + trace), unit: "tx/s"),
            .count("\(prefix).tx_per_s_serial_sig", Double(transactions) / (serial + trace), unit: "tx/s"),
            .count("\(prefix).trace_bytes_per_tx", Double(traceBytes) / Double(transactions), unit: "B"),
        ]
        report(suite: "execute", results: results,
               extra: ["batches": String(batches), "transactions": String(transactions), "accounts": String(accounts),
                       "spread": String(spread), "threads": String(threads)],
               json: options.json)
    }

    /// Applies `batches` in order to a fresh in-memory state holding the generator's genesis; the seconds exclude the genesis.
    private func applyAll(_ batches: [Batch], _ generator: BatchGenerator, signatures: SignatureVerification) throws
        -> (applied: [AppliedBatch], seconds: Double) {
        let configuration = generator.configuration
        let state = try RollupState(shape: configuration.shape, store: InMemoryTreeStore())
        try state.applyGenesis(generator.genesis)
        var clock = Stopwatch()
        let applied = try batches.map { try state.apply($0, slots: configuration.slots, signatures: signatures, treeThreads: threads) }
        let seconds = clock.lap()
        guard state.root == generator.root else { throw ValidationError("the executor reached another root than the generator") }
        return (applied, seconds)
    }
}
