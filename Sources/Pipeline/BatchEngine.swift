import Foundation
import PostgresClient

/// The rollup as the pipeline sees it: parse, execute, prove and verify batches of one circuit.
///
/// The pipeline never interprets batches, witnesses or proofs itself; it moves them between queue
/// stages, stores them durably and orders them. Implementations must be deterministic: executing
/// the same batch on the same state yields the same witness and roots.
public protocol BatchEngine: Sendable {
    /// The circuit this engine proves, e.g. "tiny"; recorded in `queue.json`.
    var circuitName: String { get }
    /// The snarkjs `verification_key.json` bytes of the circuit.
    var verificationKeyJSON: Data { get }
    /// The seed when the circuit's key is an INSECURE development key (anyone who knows the seed can
    /// forge proofs, so settlements prove nothing), nil for a key from a ceremony.
    var insecureDevelopmentSeed: UInt64? { get }
    /// Cheaply reads the batch number of a batch file; throws a descriptive error if the file is malformed.
    func batchNumber(of batch: Data, fileName: String) throws -> UInt64
    /// Creates a new state at `state` (from `genesis` if given); fails if a state already exists.
    func initializeState(at state: EngineStateLocation, genesis: Data?) throws -> StateSummary
    /// Reads the state's summary; fails clearly if the state is missing or corrupt and never re-initialises.
    func stateSummary(at state: EngineStateLocation) throws -> StateSummary
    /// Applies batch `batchNumber` (greater than the last executed one; the numbers of rejected batches are
    /// skipped); atomic: the state either advances to `batchNumber` (recorded inside the state) or is untouched.
    /// Before committing the state it calls `persist(result)` so the pipeline can durably store the witness
    /// first; on PostgreSQL the state's writes, the persisted files and the queue's own rows commit in one
    /// transaction that the pipeline opened around the call. Throws `BatchRejection` for invalid batches
    /// (including malformed files); any other error stops the worker.
    func execute(batchNumber: UInt64, batch: Data, fileName: String, state: EngineStateLocation,
                 persist: (ExecutionResult) throws -> Void) throws -> ExecutionResult
    /// Proves a witness with `threads` threads; returns snarkjs `proof.json` and `public.json` bytes.
    func prove(witness: Data, threads: Int) throws -> ProofFiles
    /// Verifies a proof against the circuit's key: the proven statement, nil for an invalid proof; throws on malformed input.
    func verify(proof: Data, publicSignals: Data) throws -> VerifiedStatement?
    /// What settling a verified batch publishes besides its ledger entry: files for `settled/` (the rollup
    /// engine: the L1 calldata) and the exits the ledger records. `batch` is the executed batch file.
    func settlementArtifacts(batch: Data, fileName: String, statement: VerifiedStatement, proof: Data, publicSignals: Data) throws
        -> SettlementArtifacts
}

/// The extra outputs of settling one batch: `settled/NNNNNN<suffix>` files, written before the ledger entry,
/// and the exits (withdrawals) the entry records, as JSON objects the engine defines.
public struct SettlementArtifacts: Sendable {
    public var files: [(suffix: String, data: Data)]
    public var exits: [JSONValue]

    public init(files: [(suffix: String, data: Data)], exits: [JSONValue]) {
        self.files = files
        self.exits = exits
    }
}

/// Where an engine keeps its state: a directory of its own (file queue), or tables in the queue's
/// PostgreSQL database reached through the session of the pipeline's open transaction.
public enum EngineStateLocation: Sendable {
    case directory(URL)
    case postgres(PostgresConnection)

    /// The location for messages: the directory's path or the redacted server URL.
    public var description: String {
        switch self {
        case .directory(let url): return url.path
        case .postgres(let connection): return connection.redactedURL
        }
    }
}

/// Maps a circuit name (from `queue.json` or `--circuit`) to its engine; nil when unknown.
public typealias EngineResolver = @Sendable (String) -> BatchEngine?

/// Where the engine's state stands: the last batch applied and the state root after it.
public struct StateSummary: Codable, Sendable, Equatable {
    public var lastExecutedBatch: UInt64
    public var root: String

    public init(lastExecutedBatch: UInt64, root: String) {
        self.lastExecutedBatch = lastExecutedBatch
        self.root = root
    }
}

/// The outcome of executing one batch: the statement to prove and the witness that proves it.
public struct ExecutionResult: Sendable {
    public var batchNumber: UInt64
    public var oldRoot: String
    public var newRoot: String
    public var commitment: String
    public var witness: Data

    public init(batchNumber: UInt64, oldRoot: String, newRoot: String, commitment: String, witness: Data) {
        self.batchNumber = batchNumber
        self.oldRoot = oldRoot
        self.newRoot = newRoot
        self.commitment = commitment
        self.witness = witness
    }
}

/// A proof in snarkjs format: `proof.json` and `public.json` bytes.
public struct ProofFiles: Sendable {
    public var proof: Data
    public var publicSignals: Data

    public init(proof: Data, publicSignals: Data) {
        self.proof = proof
        self.publicSignals = publicSignals
    }
}

/// What a valid proof establishes: the state moved from `oldRoot` to `newRoot` by the batch with data `commitment`.
public struct VerifiedStatement: Sendable, Equatable, Codable {
    public var oldRoot: String
    public var newRoot: String
    public var commitment: String

    public init(oldRoot: String, newRoot: String, commitment: String) {
        self.oldRoot = oldRoot
        self.newRoot = newRoot
        self.commitment = commitment
    }
}

/// An invalid batch: the reasons, machine-readable, why it cannot be applied.
public struct BatchRejection: Error, Sendable, Codable, CustomStringConvertible {
    public var reasons: [RejectionReason]

    public init(reasons: [RejectionReason]) { self.reasons = reasons }

    public var description: String { reasons.map(\.description).joined(separator: "; ") }
}

/// One reason for a rejection: a stable `code`, a human message, and where it applies if known.
public struct RejectionReason: Codable, Sendable, Equatable, CustomStringConvertible {
    public var code: String
    public var message: String
    public var transaction: Int?
    public var field: String?

    public init(code: String, message: String, transaction: Int? = nil, field: String? = nil) {
        self.code = code
        self.message = message
        self.transaction = transaction
        self.field = field
    }

    public var description: String {
        var place = ""
        if let transaction { place += " transaction \(transaction)" }
        if let field { place += " field \(field)" }
        return "\(code)\(place): \(message)"
    }
}
