import ArgumentParser
import BN254
import Circuit
import DurableFiles
import Foundation
import Groth16
import Groth16Setup
import Rollup
import SparseMerkleTree

/// `rollup gen-batches <out-dir> --accounts N --batches M --txs K --seed S`.
struct GenerateBatchesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gen-batches",
        abstract: "Write genesis.json and batch-000001.json… (valid signed batches that follow each other). Keys derive from --seed: TEST ONLY.")

    @Argument var output: String
    @Option var accounts: Int = 8
    @Option var batches: Int = 3
    @Option var txs: Int = 2
    @Option var seed: UInt64 = 1
    @Option(help: "The rollup id written to genesis.json (the domain tag of every signature; distinct per deployment).")
    var rollupId: UInt64 = 1
    @Flag(help: "Only transfers (no deposits or withdrawals), e.g. for the L1 gas benchmark.") var transfersOnly = false
    @Option(help: "The circuit the batches are for (its slot count bounds --txs, its depth --accounts).")
    var circuit: String = CircuitConfiguration.tiny.name

    func run() throws {
        try reportingErrors {
            guard let configuration = CircuitConfiguration.named(circuit) else { throw CircuitBundleError.unknownCircuit(circuit) }
            guard txs >= 1, txs <= configuration.slots else { throw ValidationError("--txs must be 1…\(configuration.slots) for \(circuit)") }
            guard accounts >= 2, UInt64(accounts) < configuration.capacity else {
                throw ValidationError("--accounts must be 2…\(configuration.capacity - 1) for \(circuit)")
            }
            let directory = fileURL(output)
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            var generator = try BatchGenerator(configuration: configuration, accountCount: accounts, seed: seed, rollupId: rollupId)
            try DurableFile.write(generator.genesis.json, to: directory.appendingPathComponent("genesis.json"))
            var deposits: [JSONDocument] = []
            for _ in 0..<batches {
                let batch = try generator.nextBatch(transactions: txs, transfersOnly: transfersOnly)
                try DurableFile.write(batch.json, to: directory.appendingPathComponent(BatchFileName.name(of: batch.number)))
                for case let .deposit(_, key, amount) in batch.transactions {
                    deposits.append(.object([("calldata", .string(L1Calldata.hex(L1Calldata.deposit(key)))), ("value", .string(String(amount)))]))
                }
            }
            // The L1 deposit() calls backing the batches' deposits, in the order the batches consume them.
            try DurableFile.write(JSONDocument.array(deposits).text + "\n", to: directory.appendingPathComponent("l1-deposits.json"))
            print("wrote genesis.json, l1-deposits.json and \(batches) batches to \(output) (final root \(generator.root))")
        }
    }
}

/// File names keyed by batch number.
enum BatchFileName {
    static func name(of number: UInt64) -> String { "batch-" + String(format: "%06llu", number) + ".json" }
}

/// A state directory: `state.sqlite` and `circuit.txt` (the circuit name it was created for).
struct StateDirectory {
    let url: URL

    var databasePath: String { url.appendingPathComponent("state.sqlite").path }

    /// Opens the state, or creates it from `genesis` when the directory does not exist yet.
    func open(circuit: String?, genesis: String?) throws -> (RollupState<SQLiteTreeStore>, CircuitConfiguration) {
        let nameFile = url.appendingPathComponent("circuit.txt")
        if FileManager.default.fileExists(atPath: databasePath) {
            let stored = try String(contentsOf: nameFile, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
            guard let configuration = CircuitConfiguration.named(stored) else { throw CircuitBundleError.unknownCircuit(stored) }
            if let circuit, circuit != stored { throw ValidationError("\(url.path) holds a state for circuit \(stored), not \(circuit)") }
            return (try RollupState(shape: configuration.shape, store: try SQLiteTreeStore(path: databasePath, shape: configuration.shape)), configuration)
        }
        guard let genesis else {
            throw ValidationError("\(url.path) has no state; pass --genesis <genesis.json> to create it")
        }
        let name = circuit ?? CircuitConfiguration.tiny.name
        guard let configuration = CircuitConfiguration.named(name) else { throw CircuitBundleError.unknownCircuit(name) }
        let initial = try Genesis(json: try Data(contentsOf: fileURL(genesis)), file: genesis)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        try DurableFile.write(name + "\n", to: nameFile)
        let state = try RollupState(shape: configuration.shape, store: try SQLiteTreeStore(path: databasePath, shape: configuration.shape))
        try state.applyGenesis(initial)
        return (state, configuration)
    }
}

struct BatchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "batch", abstract: "Apply or prove a batch without the queue.", subcommands: [ApplyBatchCommand.self, ProveBatchCommand.self])
}

/// Options shared by `batch apply` and `batch prove`.
struct BatchOptions: ParsableArguments {
    @Argument(help: "The state directory (created from --genesis when missing).") var state: String
    @Argument(help: "The batch file.") var batch: String
    @Option(help: "The circuit (default: the state's, or tiny for a new state).") var circuit: String?
    @Option(help: "genesis.json, to create the state.") var genesis: String?
}

struct ApplyBatchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "apply", abstract: "Apply a batch to a state; prints the new root or every rejection reason.")
    @OptionGroup var options: BatchOptions

    func run() throws {
        try reportingErrors {
            let (state, configuration) = try StateDirectory(url: fileURL(options.state)).open(circuit: options.circuit, genesis: options.genesis)
            let batch = try Batch(json: try Data(contentsOf: fileURL(options.batch)), file: options.batch)
            let applied = try state.apply(batch, slots: configuration.slots)
            print("batch \(batch.number) applied: root \(applied.oldRoot) -> \(applied.newRoot), commitment \(applied.commitment), \(applied.exits.count) exits")
        }
    }
}

struct ProveBatchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "prove", abstract: "Apply a batch and prove it: writes proof.json, public.json and witness.wtns to --out.")
    @OptionGroup var options: BatchOptions
    @Option(help: "Output directory.") var out: String
    @Option(help: "Worker threads.") var threads: Int = ProcessInfo.processInfo.activeProcessorCount

    func run() throws {
        try reportingErrors {
            let (state, configuration) = try StateDirectory(url: fileURL(options.state)).open(circuit: options.circuit, genesis: options.genesis)
            guard let bundle = CircuitBundle.named(configuration.name) else { throw CircuitBundleError.unknownCircuit(configuration.name) }
            let key = try bundle.provingKey()
            let batch = try Batch(json: try Data(contentsOf: fileURL(options.batch)), file: options.batch)
            let circuit = BatchCircuit(configuration)
            let output = fileURL(out)
            try FileManager.default.createDirectory(at: output, withIntermediateDirectories: true)
            let applied = try state.apply(batch, slots: configuration.slots) { applied in
                let witness = try circuit.witness(for: applied)
                try DurableFile.write(WtnsFile.encode(witness), to: output.appendingPathComponent("witness.wtns"))
                let proof = try Prover(key: key, threads: threads).prove(witness: witness.values, checkedAgainst: circuit.system.r1cs())
                try DurableFile.write(proof.snarkjsJSON.text, to: output.appendingPathComponent("proof.json"))
                try DurableFile.write(PublicSignals.document(applied.publicInputs).text,
                                      to: output.appendingPathComponent("public.json"))
            }
            print("batch \(batch.number) proved: root \(applied.oldRoot) -> \(applied.newRoot); files in \(out)")
        }
    }
}

struct CircuitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "circuit", abstract: "The shipped batch circuits (Circuits/<name>/).", subcommands: [CircuitSetupCommand.self, CircuitInfoCommand.self])
}

struct CircuitSetupCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "setup", abstract: "Generate Circuits/<name>/circuit.zkey, verification_key.json and manifest.json.")
    @Argument var name: String
    @Option(help: "A prepared powers-of-tau file (snarkjs .ptau); without it the setup is INSECURE, from --dev-seed.") var ptau: String?
    @Option(help: "Seed of the INSECURE development setup.") var devSeed: UInt64 = 1
    @Option(help: "Worker threads.") var threads: Int = ProcessInfo.processInfo.activeProcessorCount

    func run() throws {
        try reportingErrors {
            guard let bundle = CircuitBundle.named(name) else { throw CircuitBundleError.unknownCircuit(name) }
            if ptau == nil {
                FileHandle.standardError.write(Data("WARNING: INSECURE development setup of \(name) from seed \(devSeed): anyone who knows the seed can forge proofs.\n".utf8))
            }
            let progress = CommandProgress(command: "circuit setup \(name)")
            let count = try bundle.setup(circuit: BatchCircuit(bundle.configuration), ptau: ptau.map(fileURL), devSeed: devSeed, threads: threads,
                                         observer: progress.observer("setup"))
            progress.finish()
            print("wrote \(bundle.directory.path): \(count) constraints")
        }
    }
}

struct CircuitInfoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "info", abstract: "Build a circuit and print its size.")
    @Argument var name: String

    func run() throws {
        try reportingErrors {
            guard let configuration = CircuitConfiguration.named(name) else { throw CircuitBundleError.unknownCircuit(name) }
            let circuit = BatchCircuit(configuration)
            print("\(name): \(configuration.slots) slots, arity \(configuration.arity), depth \(configuration.depth), \(circuit.constraintCount) constraints (\(circuit.constraintCount / configuration.slots) per slot), \(circuit.system.wireCount) wires")
        }
    }
}
