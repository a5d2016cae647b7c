import ArgumentParser
import Foundation
import Rollup
import SparseMerkleTree

/// `rollup bench execute`: generated batches through the native executor alone (no proving key):
/// the state transition with its compact trace, which is what the pipeline's execute step does,
/// and the full witness the prover rebuilds from that trace, measured apart.
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

    func validate() throws {
        guard CircuitConfiguration.named(circuit) != nil else {
            throw ValidationError("unknown circuit \(circuit) (shipped: \(CircuitConfiguration.shipped.map(\.name).joined(separator: ", ")))")
        }
        guard batches >= 1, runs >= 1 else { throw ValidationError("--batches and --runs must be at least 1") }
    }

    func run() throws {
        let configuration = CircuitConfiguration.named(circuit)!
        let accounts = min(64, (1 << configuration.depth) / 2)
        var generator = try BatchGenerator(configuration: configuration, accountCount: accounts, seed: 3)  // benchmark keys only
        let generated = try (0..<batches).map { _ in try generator.nextBatch(transactions: configuration.slots) }
        let transactions = generated.reduce(0) { $0 + $1.transactions.count }
        let batchCircuit = BatchCircuit(configuration)
        var executeSamples: [Double] = [], traceSamples: [Double] = [], witnessSamples: [Double] = []
        for _ in 0..<max(1, Int(Double(runs) * options.scale)) {
            let state = try RollupState(depth: configuration.depth, store: InMemoryTreeStore())
            try state.applyGenesis(generator.genesis)
            var applied: [AppliedBatch] = []
            var clock = Stopwatch()
            var traceSeconds = 0.0, executeSeconds = 0.0
            for batch in generated {
                let result = try state.apply(batch, slots: configuration.slots)
                executeSeconds += clock.lap()
                blackHole(batchCircuit.trace(for: result))
                traceSeconds += clock.lap()
                applied.append(result)
            }
            guard state.root == generator.root else { throw ValidationError("the executor reached another root than the generator") }
            _ = clock.lap()
            blackHole(try batchCircuit.witness(for: applied[0]))
            witnessSamples.append(clock.lap())
            executeSamples.append(executeSeconds)
            traceSamples.append(traceSeconds)
        }
        let execute = median(executeSamples), trace = median(traceSamples), witness = median(witnessSamples)
        let prefix = "execute.\(circuit)"
        let results = [
            BenchmarkResult(name: "\(prefix).state", ns: execute / Double(batches) * 1e9),
            BenchmarkResult(name: "\(prefix).trace", ns: trace / Double(batches) * 1e9),
            BenchmarkResult(name: "\(prefix).witness", ns: witness * 1e9),
            .count("\(prefix).tx_per_s", Double(transactions) / (execute + trace), unit: "tx/s"),
        ]
        report(suite: "execute", results: results,
               extra: ["batches": String(batches), "transactions": String(transactions), "accounts": String(accounts)], json: options.json)
    }

    private func median(_ samples: [Double]) -> Double { samples.sorted()[samples.count / 2] }
}
