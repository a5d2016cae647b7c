import BN254
import Circuit
import Foundation
import Groth16
import Groth16Setup
import Pipeline
import PostgresClient
import Rollup
import SnarkjsBinary
import SparseMerkleTree

/// The rollup as the pipeline drives it: batch files of `Rollup`, the state in
/// `<queue>/state/state.sqlite` (or the queue's PostgreSQL database, cached in memory), compact
/// execution traces (`BatchCircuit.trace(for:)`) from which the prover rebuilds the witness, proofs
/// from the circuit's `Circuits/<name>/circuit.zkey`, verification with its committed `verification_key.json`.
public final class RollupBatchEngine: BatchEngine, @unchecked Sendable {
    public let bundle: CircuitBundle
    public let verificationKeyJSON: Data
    public let insecureDevelopmentSeed: UInt64?
    private let verifier: PreparedVerificationKey
    private let lock = NSLock()
    private var cachedCircuit: BatchCircuit?
    private var cachedProvingKey: ProvingKey?
    /// The PostgreSQL tree of this process, kept (with its in-memory cache) across steps on the same connection.
    private var cachedPostgresStore: (connection: ObjectIdentifier, store: PostgresTreeStore)?

    /// The engine of a circuit folder; reads its verification key now, its proving key on the
    /// first proof.
    public init(bundle: CircuitBundle) throws {
        self.bundle = bundle
        verificationKeyJSON = try Data(contentsOf: bundle.verificationKeyURL)
        let key = try VerificationKey(snarkjsJSON: verificationKeyJSON, file: bundle.verificationKeyURL.path)
        insecureDevelopmentSeed = InsecureDevelopmentToxicWaste.seed(of: key)
        verifier = PreparedVerificationKey(key)
    }

    public var circuitName: String { bundle.configuration.name }

    public func batchNumber(of batch: Data, fileName: String) throws -> UInt64 {
        try Batch(json: batch, file: fileName).number
    }

    public func initializeState(at location: EngineStateLocation, genesis: Data?) throws -> StateSummary {
        switch location {
        case .directory(let directory):
            let path = databasePath(directory)
            guard !FileManager.default.fileExists(atPath: path) else { throw RollupEngineError.stateExists(path: path) }
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            return try initialize(try openState(path), genesis: genesis)
        case .postgres(let connection):
            try PostgresTreeStore.create(on: connection, shape: bundle.configuration.shape)
            return try initialize(try postgresState(connection), genesis: genesis)
        }
    }

    private func initialize<Store: TreeStore>(_ state: RollupState<Store>, genesis: Data?) throws -> StateSummary {
        if let genesis { try state.applyGenesis(try Genesis(json: genesis, file: "genesis.json")) }
        return StateSummary(lastExecutedBatch: try state.lastExecutedBatch(), root: state.root.description)
    }

    public func stateSummary(at location: EngineStateLocation) throws -> StateSummary {
        switch location {
        case .directory(let directory): return try summary(existingState(directory))
        case .postgres(let connection): return try summary(postgresState(connection))
        }
    }

    private func summary<Store: TreeStore>(_ state: RollupState<Store>) throws -> StateSummary {
        StateSummary(lastExecutedBatch: try state.lastExecutedBatch(), root: state.root.description)
    }

    public func execute(batchNumber: UInt64, batch data: Data, fileName: String, state location: EngineStateLocation,
                        persist: (ExecutionResult) throws -> Void) throws -> ExecutionResult {
        switch location {
        case .directory(let directory):
            return try execute(batchNumber: batchNumber, batch: data, fileName: fileName, state: try existingState(directory), persist: persist)
        case .postgres(let connection):
            return try execute(batchNumber: batchNumber, batch: data, fileName: fileName, state: try postgresState(connection), persist: persist)
        }
    }

    private func execute<Store: TreeStore>(batchNumber: UInt64, batch data: Data, fileName: String, state: RollupState<Store>,
                                           persist: (ExecutionResult) throws -> Void) throws -> ExecutionResult {
        let batch: Batch
        do {
            batch = try Batch(json: data, file: fileName)
        } catch {
            throw Pipeline.BatchRejection(reasons: [
                RejectionReason(code: "malformed-batch", message: error.description, transaction: error.transaction, field: error.field)])
        }
        guard batch.number == batchNumber else {
            throw Pipeline.BatchRejection(reasons: [
                RejectionReason(code: "batch-number", message: "the file says batch \(batch.number), the queue expected \(batchNumber)", field: "batch")])
        }
        let circuit = self.circuit()
        var result: ExecutionResult?
        do {
            try state.apply(batch, slots: bundle.configuration.slots) { applied in
                let executed = ExecutionResult(
                    batchNumber: batch.number, oldRoot: applied.oldRoot.description, newRoot: applied.newRoot.description,
                    commitment: applied.commitment.description, witness: Data(circuit.trace(for: applied)))
                try persist(executed)
                result = executed
            }
        } catch let rejection as Rollup.BatchRejection {
            throw Pipeline.BatchRejection(reasons: rejection.reasons.map {
                RejectionReason(code: $0.code, message: $0.message, transaction: $0.transaction)
            })
        }
        return result!
    }

    /// Proves from the compact execution trace the executor stored: the full witness is rebuilt here.
    public func prove(witness data: Data, threads: Int) throws -> ProofFiles {
        let circuit = self.circuit()
        let witness = try circuit.witness(fromTrace: [UInt8](data), file: "execution trace", threads: threads)
        let proof = try Prover(key: try provingKey(), threads: threads).prove(witness: witness.values, checkedAgainst: circuit.system.r1cs())
        let publicSignals = Array(witness.values[1...BatchCircuit.publicInputNames.count])
        return ProofFiles(proof: Data(proof.snarkjsJSON.text.utf8), publicSignals: Data(PublicSignals.document(publicSignals).text.utf8))
    }

    public func verify(proof: Data, publicSignals: Data) throws -> VerifiedStatement? {
        let parsedProof = try Proof(snarkjsJSON: proof, file: "proof.json")
        let inputs = try PublicSignals.parse(publicSignals, file: "public.json")
        guard try verifier.verify(parsedProof, publicInputs: inputs) else { return nil }
        return VerifiedStatement(oldRoot: inputs[0].description, newRoot: inputs[1].description,
                                 commitment: inputs[2...].map(\.description).joined(separator: " "))
    }

    /// The `submitBatch` calldata (`settled/NNNNNN.calldata`, hex with the selector) and the exits
    /// `{"index", "amount", "recipient"}` of a verified batch, from its batch file, statement and proof.
    public func settlementArtifacts(batch data: Data, fileName: String, statement: VerifiedStatement, proof: Data, publicSignals: Data) throws
        -> SettlementArtifacts {
        let batch = try Batch(json: data, file: fileName)
        let parsedProof = try Proof(snarkjsJSON: proof, file: "proof.json")
        let dataHash = try PublicSignals.parse(publicSignals, file: "public.json")[2]  // verified, and equal to the execution's
        let calldata = L1Calldata.submitBatch(batch: batch.number, newRoot: try Fr(statement.newRoot), dataHash: dataHash,
                                              records: PublishedData.records(batch.transactions, slots: bundle.configuration.slots),
                                              proof: parsedProof)
        let exits: [JSONValue] = batch.transactions.compactMap { transaction in
            guard case let .withdraw(from, amount, _, recipient, _) = transaction else { return nil }
            return .object(["index": .integer(Int64(from)), "amount": .string(String(amount)), "recipient": .string(recipient.description)])
        }
        return SettlementArtifacts(files: [(Self.calldataSuffix, Data((L1Calldata.hex(calldata) + "\n").utf8))], exits: exits)
    }

    /// The suffix of the L1 calldata file in `settled/`.
    public static let calldataSuffix = ".calldata"

    /// What the L1 contract bakes in besides the key: the rollup id and the genesis supply recorded in the state.
    public func l1Parameters(at location: EngineStateLocation) throws -> (rollupId: UInt64, genesisSupply: UInt128) {
        switch location {
        case .directory(let directory):
            let state = try existingState(directory)
            return (try state.rollupId(), try state.genesisSupply())
        case .postgres(let connection):
            let state = try postgresState(connection)
            return (try state.rollupId(), try state.genesisSupply())
        }
    }

    private func databasePath(_ directory: URL) -> String { directory.appendingPathComponent("state.sqlite").path }

    private func openState(_ path: String) throws -> RollupState<SQLiteTreeStore> {
        let shape = bundle.configuration.shape
        return try RollupState(shape: shape, store: try SQLiteTreeStore(path: path, shape: shape))
    }

    /// The state of an initialized queue; never creates one.
    private func existingState(_ directory: URL) throws -> RollupState<SQLiteTreeStore> {
        let path = databasePath(directory)
        guard FileManager.default.fileExists(atPath: path) else { throw RollupEngineError.missingState(path: path) }
        do {
            return try openState(path)
        } catch {
            throw RollupEngineError.corruptState(path: path, reason: "\(error)")
        }
    }

    /// The state in the queue's database, through this process's cached tree (refreshed if another executor moved it).
    private func postgresState(_ connection: PostgresConnection) throws -> RollupState<PostgresTreeStore> {
        let store = try lock.withLock { () -> PostgresTreeStore in
            if let cached = cachedPostgresStore, cached.connection == ObjectIdentifier(connection) {
                try cached.store.refresh()
                return cached.store
            }
            let store = try PostgresTreeStore(connection: connection, shape: bundle.configuration.shape)
            cachedPostgresStore = (ObjectIdentifier(connection), store)
            return store
        }
        return try RollupState(shape: bundle.configuration.shape, store: store)
    }

    private func circuit() -> BatchCircuit {
        lock.withLock {
            if let cachedCircuit { return cachedCircuit }
            let built = BatchCircuit(bundle.configuration)
            cachedCircuit = built
            return built
        }
    }

    private func provingKey() throws -> ProvingKey {
        try lock.withLock {
            if let cachedProvingKey { return cachedProvingKey }
            let key = try bundle.provingKey()
            cachedProvingKey = key
            return key
        }
    }
}

/// Problems with the state directory of a queue.
public enum RollupEngineError: Error, CustomStringConvertible {
    case stateExists(path: String)
    case missingState(path: String)
    case corruptState(path: String, reason: String)

    public var description: String {
        switch self {
        case let .stateExists(path): return "\(path) already exists; a queue's state is created once"
        case let .missingState(path): return "\(path) is missing: the state database is gone (restore it from a backup; it is never re-created silently)"
        case let .corruptState(path, reason): return "\(path) cannot be opened as the rollup state: \(reason)"
        }
    }
}
