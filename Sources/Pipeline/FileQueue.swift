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

    /// Opens the queue at `root` for `worker`; leases expire `leaseTTL` seconds after their last heartbeat.
    public init(root: URL, worker: String = makeWorkerID(), leaseTTL: TimeInterval = 30) {
        self.root = root
        self.worker = worker
        self.leaseTTL = leaseTTL
    }

    public var stateDirectory: URL { root.appendingPathComponent("state") }

    /// The directory of a stage.
    public func directory(_ stage: Stage) -> URL { root.appendingPathComponent(stage.rawValue) }

    /// The file `name` in `stage`.
    public func url(_ name: String, in stage: Stage) -> URL { directory(stage).appendingPathComponent(name) }

    public func claim(_ job: String) throws -> JobClaim? {
        try Lease.acquire(job: job, in: directory(.leases), worker: worker, ttl: leaseTTL, heartbeat: min(2, leaseTTL / 3))
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

    public func exists(_ name: String, in stage: Stage) -> Bool {
        FileManager.default.fileExists(atPath: url(name, in: stage).path)
    }

    public func read(_ name: String, in stage: Stage) throws -> Data {
        do {
            return try Data(contentsOf: url(name, in: stage))
        } catch {
            throw PipelineError.missingFile(url(name, in: stage).path, expected: "a readable file")
        }
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
