import Digest
import DurableFiles
import Foundation
import Logging

/// An opened queue: its storage, its engine, its ledger; the entry point for `init`, `submit` and the worker roles.
public struct PipelineQueue: Sendable {
    public let backend: FileQueue
    public let engine: BatchEngine
    public let manifest: QueueManifest
    public let ledger: SettlementLedger
    /// SHA-256 of `verification_key.json`, recorded in every ledger entry.
    public let verificationKeySHA256: String
    public let logger: Logger
    let refusals: RefusalLog

    /// Creates the queue directory at `root` for `engine`'s circuit, with a fresh engine state; fails if one exists.
    @discardableResult
    public static func initialize(at root: URL, engine: BatchEngine, genesis: Data?) throws -> QueueManifest {
        let queue = FileQueue(root: root)
        let manifestURL = root.appendingPathComponent("queue.json")
        guard !FileManager.default.fileExists(atPath: manifestURL.path) else {
            throw PipelineError.alreadyExists(manifestURL.path, expected: "no queue at \(root.path) (init never overwrites one)")
        }
        guard !FileManager.default.fileExists(atPath: queue.stateDirectory.path) else {
            throw PipelineError.alreadyExists(queue.stateDirectory.path, expected: "no state without queue.json (an interrupted init? remove the directory and init again)")
        }
        for stage in Stage.allCases {
            try FileManager.default.createDirectory(at: queue.directory(stage), withIntermediateDirectories: true)
        }
        try FileManager.default.createDirectory(at: queue.stateDirectory, withIntermediateDirectories: true)
        try DurableFile.write(engine.verificationKeyJSON, to: root.appendingPathComponent("verification_key.json"))
        let summary = try engine.initializeState(in: queue.stateDirectory, genesis: genesis)
        let manifest = QueueManifest(formatVersion: QueueManifest.currentFormatVersion, circuit: engine.circuitName,
                                     created: Timestamp.now(), genesisRoot: summary.root)
        try DurableFile.write(QueueJSON.encode(manifest), to: manifestURL)  // the commit point of init
        try DurableFile.syncDirectory(root.deletingLastPathComponent().path)
        return manifest
    }

    /// Opens the queue at `root` with the engine `resolver` gives for its circuit.
    public init(root: URL, resolver: EngineResolver, worker: String = makeWorkerID(), leaseTTL: TimeInterval = 30,
                logger: Logger = Logger(label: "rollup.pipeline")) throws {
        let manifestPath = root.appendingPathComponent("queue.json").path
        guard let manifestData = FileManager.default.contents(atPath: manifestPath) else {
            throw PipelineError.missingFile(manifestPath, expected: "a queue created by `rollup init`")
        }
        manifest = try QueueJSON.decode(QueueManifest.self, manifestData, source: manifestPath)
        guard manifest.formatVersion == QueueManifest.currentFormatVersion else {
            throw PipelineError.malformedFile(manifestPath, expected: "formatVersion \(QueueManifest.currentFormatVersion), found \(manifest.formatVersion)")
        }
        guard let engine = resolver(manifest.circuit) else { throw PipelineError.unknownCircuit(manifest.circuit) }
        let keyPath = root.appendingPathComponent("verification_key.json").path
        guard let key = FileManager.default.contents(atPath: keyPath) else {
            throw PipelineError.missingFile(keyPath, expected: "the circuit's verification key")
        }
        guard key == engine.verificationKeyJSON else {
            throw PipelineError.malformedFile(keyPath, expected: "the verification key of the \(manifest.circuit) engine")
        }
        self.engine = engine
        backend = FileQueue(root: root, worker: worker, leaseTTL: leaseTTL)
        ledger = SettlementLedger(url: backend.url("ledger.jsonl", in: .ledger))
        refusals = RefusalLog(url: backend.url("refused.jsonl", in: .ledger))
        verificationKeySHA256 = SHA256.hex(of: key)
        var logger = logger
        logger[metadataKey: "worker"] = "\(worker)"
        self.logger = logger
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
        if backend.exists(name, in: .incoming) {
            guard try backend.read(name, in: .incoming) == data else {
                throw PipelineError.batchNotAccepted(number, file: fileName, reason: "a different batch \(number) is already in incoming/")
            }
            return .accepted(number)
        }
        if backend.exists(name, in: .executed) { throw PipelineError.batchNotAccepted(number, file: fileName, reason: "batch \(number) was already executed") }
        if backend.exists(name, in: .rejected) { throw PipelineError.batchNotAccepted(number, file: fileName, reason: "batch \(number) was rejected; numbers are not reused") }
        try backend.write(data, name: name, in: .incoming)
        return .accepted(number)
    }

    /// The engine's state summary; a missing or corrupt state is a `stateUnavailable` error, never re-initialised.
    public func stateSummary() throws -> StateSummary {
        do { return try engine.stateSummary(in: backend.stateDirectory) } catch {
            throw PipelineError.stateUnavailable(backend.stateDirectory.path, reason: "\(error)")
        }
    }

    /// The first batch number after `number` that was not rejected at execution.
    func nextBatch(after number: UInt64) -> UInt64 {
        var next = number + 1
        while backend.exists(QueueNames.batch(next), in: .rejected) { next += 1 }
        return next
    }

    /// The last settled batch and its new root (0 and the genesis root before the first).
    func settledPosition() throws -> (batch: UInt64, root: String) {
        guard let last = try ledger.last() else { return (0, manifest.genesisRoot) }
        return (last.batch, last.newRoot)
    }
}
