import Digest
import Foundation
import Logging
import PostgresClient

/// An opened queue: its storage, its engine, its ledger; the entry point for `init`, `submit` and the worker roles.
public struct PipelineQueue: Sendable {
    public let backend: QueueBackend
    public let engine: BatchEngine
    public let manifest: QueueManifest
    public let ledger: SettlementLedger
    /// SHA-256 of `verification_key.json`, recorded in every ledger entry.
    public let verificationKeySHA256: String
    public let logger: Logger
    let refusals: RefusalLog
    /// The point where this worker SIGKILLs itself (`ROLLUP_CRASH_POINT`, read by `PipelineWorker.run`); nil normally.
    public var crashPoint: CrashPoint?

    /// Creates the queue in `backend` for `engine`'s circuit, with a fresh engine state; fails if one exists.
    @discardableResult
    public static func initialize(in backend: QueueBackend, engine: BatchEngine, genesis: Data?,
                                  allowingInsecureDevelopmentKey: Bool = false) throws -> QueueManifest {
        if let seed = engine.insecureDevelopmentSeed, !allowingInsecureDevelopmentKey {
            throw PipelineError.insecureDevelopmentKey(circuit: engine.circuitName, seed: seed)
        }
        var created: QueueManifest?
        try backend.create(verificationKey: engine.verificationKeyJSON) { state in
            let summary = try engine.initializeState(at: state, genesis: genesis)
            let manifest = QueueManifest(formatVersion: QueueManifest.currentFormatVersion, circuit: engine.circuitName,
                                         created: Timestamp.now(), genesisRoot: summary.root,
                                         insecureDevelopmentKeySeed: engine.insecureDevelopmentSeed)
            created = manifest
            return manifest
        }
        return created!
    }

    /// Creates the queue directory at `root` (see `initialize(in:engine:genesis:)`).
    @discardableResult
    public static func initialize(at root: URL, engine: BatchEngine, genesis: Data?, allowingInsecureDevelopmentKey: Bool = false) throws -> QueueManifest {
        try initialize(in: FileQueue(root: root), engine: engine, genesis: genesis, allowingInsecureDevelopmentKey: allowingInsecureDevelopmentKey)
    }

    /// The dev seed when the queue's key is an INSECURE development key: as the engine recognises its
    /// key, or as `init` recorded it in the manifest.
    public var insecureDevelopmentKeySeed: UInt64? { engine.insecureDevelopmentSeed ?? manifest.insecureDevelopmentKeySeed }

    /// Opens the queue kept in `backend` with the engine `resolver` gives for its circuit; refuses an engine
    /// whose verification key differs from the queue's (a worker never proves with a key the queue does not verify).
    public init(backend: QueueBackend, resolver: EngineResolver, logger: Logger = Logger(label: "rollup.pipeline"), worker: String? = nil) throws {
        let (manifest, key) = try backend.readManifest()
        guard let engine = resolver(manifest.circuit) else { throw PipelineError.unknownCircuit(manifest.circuit) }
        guard key == engine.verificationKeyJSON else {
            throw PipelineError.malformedFile("\(backend.location) verification key",
                                              expected: "the verification key of the local \(manifest.circuit) engine (SHA-256 \(SHA256.hex(of: engine.verificationKeyJSON))), found SHA-256 \(SHA256.hex(of: key))")
        }
        self.manifest = manifest
        self.engine = engine
        self.backend = backend
        ledger = SettlementLedger(storage: backend.ledgerStorage)
        refusals = RefusalLog(file: backend.refusalLog, location: "\(backend.location) refusals")
        verificationKeySHA256 = SHA256.hex(of: key)
        var logger = logger
        if let worker { logger[metadataKey: "worker"] = "\(worker)" }
        self.logger = logger
    }

    /// Opens the queue directory at `root` (see `init(backend:resolver:logger:worker:)`).
    public init(root: URL, resolver: EngineResolver, worker: String = makeWorkerID(), leaseTTL: TimeInterval = 30,
                logger: Logger = Logger(label: "rollup.pipeline")) throws {
        try self.init(backend: FileQueue(root: root, worker: worker, leaseTTL: leaseTTL), resolver: resolver, logger: logger, worker: worker)
    }

    /// The outcome of submitting one file.
    public enum SubmitOutcome: Equatable, Sendable {
        case accepted(UInt64)
        /// The file could not be parsed; it is kept as `rejected/submit-<name>` with a reason file.
        case rejected(reason: String)
    }

    /// Places a batch file in `incoming/` under its batch number; unparseable files go to `rejected/`.
    public func submit(_ data: Data, fileName: String) throws -> SubmitOutcome {
        let number: UInt64
        do {
            number = try engine.batchNumber(of: data, fileName: fileName)
        } catch {
            let reason = RejectionReason(code: "malformed-batch", message: "\(error)")
            let stem = fileName.hasSuffix(".json") ? String(fileName.dropLast(5)) : fileName
            try backend.write(QueueJSON.encode(RejectionRecord(file: fileName, batch: nil, stage: "submit", rejectedAt: Timestamp.now(), reasons: [reason])),
                              name: "submit-\(stem).reason.json", in: .rejected)
            try backend.write(data, name: "submit-\(fileName)", in: .rejected)
            return .rejected(reason: reason.description)
        }
        let name = QueueNames.batch(number)
        guard number >= 1 else { throw PipelineError.batchNotAccepted(number, file: fileName, reason: "batch numbers start at 1") }
        if try backend.exists(name, in: .incoming) {
            guard try backend.read(name, in: .incoming) == data else {
                throw PipelineError.batchNotAccepted(number, file: fileName, reason: "a different batch \(number) is already in incoming/")
            }
            return .accepted(number)
        }
        if try backend.exists(name, in: .executed) { throw PipelineError.batchNotAccepted(number, file: fileName, reason: "batch \(number) was already executed") }
        if try backend.exists(name, in: .rejected) { throw PipelineError.batchNotAccepted(number, file: fileName, reason: "batch \(number) was rejected; numbers are not reused") }
        try backend.write(data, name: name, in: .incoming)
        return .accepted(number)
    }

    /// The engine's state summary; a missing or corrupt state is a `stateUnavailable` error, never re-initialised.
    public func stateSummary() throws -> StateSummary {
        do { return try engine.stateSummary(at: backend.engineState) } catch {
            if let failure = error as? PostgresError, failure.isConnectionFailure { throw error }  // a lost connection, not a lost state
            throw PipelineError.stateUnavailable(backend.engineState.description, reason: "\(error)")
        }
    }

    /// The first batch number after `number` that was not rejected at execution.
    func nextBatch(after number: UInt64) throws -> UInt64 {
        var next = number + 1
        while try backend.exists(QueueNames.batch(next), in: .rejected) { next += 1 }
        return next
    }

    /// The last settled batch and its new root (0 and the genesis root before the first).
    func settledPosition() throws -> (batch: UInt64, root: String) {
        guard let last = try ledger.last() else { return (0, manifest.genesisRoot) }
        return (last.batch, last.newRoot)
    }
}
