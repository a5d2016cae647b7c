#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import DurableFiles
import Foundation

/// The queue as a directory (docs/FORMATS.md, "Queue directory"): one subdirectory per stage, lease files for claims.
public struct FileQueue: QueueBackend {
    /// The queue directory.
    public let root: URL
    /// This worker's identity, written into its lease files.
    public let worker: String
    /// Seconds after its last heartbeat when a lease may be broken.
    public let leaseTTL: TimeInterval
    private let held = HeldJobs()

    /// Opens the queue at `root` for `worker`; leases expire `leaseTTL` seconds after their last heartbeat.
    public init(root: URL, worker: String = makeWorkerID(), leaseTTL: TimeInterval = 30) {
        self.root = root
        self.worker = worker
        self.leaseTTL = leaseTTL
    }

    /// The engine's own directory, `state/`.
    public var stateDirectory: URL { root.appendingPathComponent("state") }

    public var location: String { root.path }
    public var engineState: EngineStateLocation { .directory(stateDirectory) }
    public var ledgerStorage: LedgerStorage { JSONLinesFile(url: url("ledger.jsonl", in: .ledger)) }
    public var refusalLog: AppendOnlyLog { JSONLinesFile(url: url("refused.jsonl", in: .ledger)) }

    private var manifestURL: URL { root.appendingPathComponent("queue.json") }
    private var verificationKeyURL: URL { root.appendingPathComponent("verification_key.json") }

    public func create(verificationKey: Data, initialize: (EngineStateLocation) throws -> QueueManifest) throws {
        guard !FileManager.default.fileExists(atPath: manifestURL.path) else {
            throw PipelineError.alreadyExists(manifestURL.path, expected: "no queue at \(root.path) (init never overwrites one)")
        }
        guard !FileManager.default.fileExists(atPath: stateDirectory.path) else {
            throw PipelineError.alreadyExists(stateDirectory.path, expected: "no state without queue.json (an interrupted init? remove the directory and init again)")
        }
        for stage in Stage.allCases {
            try FileManager.default.createDirectory(at: directory(stage), withIntermediateDirectories: true)
        }
        try FileManager.default.createDirectory(at: stateDirectory, withIntermediateDirectories: true)
        try DurableFile.write(verificationKey, to: verificationKeyURL)
        let manifest = try initialize(engineState)
        try DurableFile.write(QueueJSON.encode(manifest), to: manifestURL)  // the commit point of init
        try DurableFile.syncDirectory(root.deletingLastPathComponent().path)
    }

    public func readManifest() throws -> (manifest: QueueManifest, verificationKey: Data) {
        guard let manifestData = FileManager.default.contents(atPath: manifestURL.path) else {
            throw PipelineError.missingFile(manifestURL.path, expected: "a queue created by `rollup init`")
        }
        let manifest = try QueueJSON.decode(QueueManifest.self, manifestData, source: manifestURL.path)
        guard manifest.formatVersion == QueueManifest.currentFormatVersion else {
            throw PipelineError.malformedFile(manifestURL.path, expected: "formatVersion \(QueueManifest.currentFormatVersion), found \(manifest.formatVersion)")
        }
        guard let key = FileManager.default.contents(atPath: verificationKeyURL.path) else {
            throw PipelineError.missingFile(verificationKeyURL.path, expected: "the circuit's verification key")
        }
        return (manifest, key)
    }

    /// Runs `body` directly: every write is durable by itself, and the steps order them so that a crash between two is safe.
    public func transaction<Result>(_ body: () throws -> Result) throws -> Result { try body() }

    /// A directory has no connection to lose: every error stops the worker.
    public func recover(from error: Error) -> Bool { false }

    public func claimSerialRole(_ role: String) throws -> JobClaim? { try claim(role) }

    public func claimFirst(of jobs: [String]) throws -> JobClaim? {
        for job in jobs {
            if let claim = try claim(job) { return claim }
        }
        return nil
    }

    public func describe(_ name: String, in stage: Stage) -> String { url(name, in: stage).path }

    /// The directory of a stage.
    public func directory(_ stage: Stage) -> URL { root.appendingPathComponent(stage.rawValue) }

    /// The file `name` in `stage`.
    public func url(_ name: String, in stage: Stage) -> URL { directory(stage).appendingPathComponent(name) }

    public func claim(_ job: String) throws -> JobClaim? {
        held.track(try Lease.acquire(job: job, in: directory(.leases), worker: worker, ttl: leaseTTL, heartbeat: min(2, leaseTTL / 3)))
    }

    public var heldJobs: [String] { held.current }

    /// `workers/`, one presence file per running worker (mtime is its heartbeat); made by the first worker.
    private var presenceDirectory: URL { root.appendingPathComponent("workers") }

    public func recordPresence(_ presence: WorkerPresence) throws {
        try FileManager.default.createDirectory(at: presenceDirectory, withIntermediateDirectories: true)
        try DurableFile.write(QueueJSON.encode(presence), to: presenceDirectory.appendingPathComponent("\(worker).json"))
    }

    public func removePresence() { unlink(presenceDirectory.appendingPathComponent("\(worker).json").path) }

    public func presences() throws -> [WorkerPresence] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: presenceDirectory.path)) ?? []
        return names.filter { $0.hasSuffix(".json") && !$0.hasPrefix(".") }.sorted().compactMap { name in
            let path = presenceDirectory.appendingPathComponent(name).path
            var info = stat()
            guard stat(path, &info) == 0, let data = FileManager.default.contents(atPath: path),
                  var presence = try? JSONDecoder().decode(WorkerPresence.self, from: data) else { return nil }
            presence.heartbeatAgeSeconds = Lease.age(of: info)
            return presence
        }
    }

    public func claims() throws -> [ClaimInfo] {
        try list(.leases).compactMap { name -> ClaimInfo? in
            guard name.hasSuffix(".lease") else { return nil }
            var info = stat()
            guard stat(url(name, in: .leases).path, &info) == 0 else { return nil }
            let age = Lease.age(of: info)
            let holder = (try? JSONDecoder().decode([String: String].self, from: read(name, in: .leases)))?["worker"] ?? "?"
            return ClaimInfo(job: String(name.dropLast(6)), worker: holder, ageSeconds: age, expired: age > leaseTTL)
        }
    }

    public func list(_ stage: Stage) throws -> [String] {
        do {
            return try FileManager.default.contentsOfDirectory(atPath: directory(stage).path).filter { !$0.hasPrefix(".") }.sorted()
        } catch {
            throw PipelineError.missingFile(directory(stage).path, expected: "a queue stage directory (run `rollup init`)")
        }
    }

    public func list(_ stage: Stage, suffix: String) throws -> [String] { try list(stage).filter { $0.hasSuffix(suffix) } }

    public func list(_ stage: Stage, suffix: String, after: String?, limit: Int) throws -> [String] {
        Array(try list(stage, suffix: suffix).filter { after == nil || $0 > after! }.prefix(limit))
    }

    public func exists(_ name: String, in stage: Stage) throws -> Bool {
        FileManager.default.fileExists(atPath: url(name, in: stage).path)
    }

    public func read(_ name: String, in stage: Stage) throws -> Data {
        do {
            return try Data(contentsOf: url(name, in: stage))
        } catch {
            throw PipelineError.missingFile(url(name, in: stage).path, expected: "a readable file")
        }
    }

    public func readIfPresent(_ name: String, in stage: Stage) throws -> Data? {
        let path = url(name, in: stage).path
        guard let data = FileManager.default.contents(atPath: path) else {
            guard !FileManager.default.fileExists(atPath: path) else { throw PipelineError.missingFile(path, expected: "a readable file") }
            return nil
        }
        return data
    }

    public func modificationDate(of name: String, in stage: Stage) -> Date? {
        (try? FileManager.default.attributesOfItem(atPath: url(name, in: stage).path))?[.modificationDate] as? Date
    }

    public func write(_ data: Data, name: String, in stage: Stage) throws {
        try DurableFile.write(data, to: url(name, in: stage))
    }

    public func move(_ name: String, from source: Stage, to destination: Stage, as newName: String) throws {
        try DurableFile.move(url(name, in: source), to: url(newName, in: destination))
    }

    public func remove(_ name: String, in stage: Stage) throws {
        guard unlink(url(name, in: stage).path) == 0 || errno == ENOENT else {
            throw PipelineError.malformedFile(url(name, in: stage).path, expected: "a removable file (errno \(errno))")
        }
        try DurableFile.syncDirectory(directory(stage).path)
    }
}
