import Foundation

/// The queue's storage and job claims; `FileQueue` keeps them in a directory, a database could keep them in tables.
///
/// Stage contents are named files (see `QueueNames`); every write and move is atomic and durable
/// before it returns, so a crash leaves each name either absent or complete.
public protocol QueueBackend: Sendable {
    /// Where the engine keeps its state (owned by the engine, only passed through).
    var stateDirectory: URL { get }
    /// Claims `job` (e.g. "state", "ledger", "prove-000042") for this worker; nil if a live worker holds it.
    func claim(_ job: String) throws -> JobClaim?
    /// Every recorded claim, live or expired.
    func claims() throws -> [ClaimInfo]
    /// The names in a stage, sorted, without temporary files.
    func list(_ stage: Stage) throws -> [String]
    /// Whether `name` exists in `stage`.
    func exists(_ name: String, in stage: Stage) -> Bool
    /// The contents of `name` in `stage`.
    func read(_ name: String, in stage: Stage) throws -> Data
    /// When `name` in `stage` was last modified (for a moved batch file: when it was submitted).
    func modificationDate(of name: String, in stage: Stage) -> Date?
    /// Atomically and durably writes (or replaces) `name` in `stage`.
    func write(_ data: Data, name: String, in stage: Stage) throws
    /// Atomically and durably moves `name` from one stage to another, replacing `newName` there.
    func move(_ name: String, from source: Stage, to destination: Stage, as newName: String) throws
    /// Removes `name` from `stage` if it exists.
    func remove(_ name: String, in stage: Stage) throws
}

/// A job claimed by this worker; kept alive (renewed) until released, unless another worker breaks it after expiry.
public protocol JobClaim: AnyObject, Sendable {
    /// The claimed job's name.
    var job: String { get }
    /// Throws `PipelineError.leaseLost` once the claim no longer belongs to this worker.
    func checkHeld() throws
    /// Gives the job back.
    func release()
}

/// A recorded claim as `status` shows it.
public struct ClaimInfo: Codable, Sendable, Equatable {
    public var job: String
    public var worker: String
    public var ageSeconds: Double
    public var expired: Bool
}

/// A worker's identity in lease files: process id, host and a random suffix.
public func makeWorkerID() -> String {
    "\(ProcessInfo.processInfo.processIdentifier)@\(ProcessInfo.processInfo.hostName)-\(String(UInt32.random(in: 0...UInt32.max), radix: 16))"
}
