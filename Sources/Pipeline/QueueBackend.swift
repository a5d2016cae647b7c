import Foundation

/// The queue's storage, job claims, ledger and transactions; `FileQueue` keeps them in a directory,
/// `PostgresQueue` in tables of one PostgreSQL database. The pipeline's steps are written once against it.
///
/// Stage contents are named blobs (see `QueueNames`); every write and move is atomic and durable
/// before it returns, or, inside `transaction`, before the transaction returns.
public protocol QueueBackend: Sendable {
    /// Where the queue is, for messages: a directory path or a redacted `postgres://` URL.
    var location: String { get }
    /// This worker's identity, recorded in its claims and its presence.
    var worker: String { get }
    /// Where the engine keeps its state.
    var engineState: EngineStateLocation { get }
    /// The settled entries' storage (a JSON-lines file or a constrained table).
    var ledgerStorage: LedgerStorage { get }
    /// The refused proofs' append-only record.
    var refusalLog: AppendOnlyLog { get }

    /// Creates the queue: storage, then `initialize` (which creates the engine state and returns the manifest),
    /// then the manifest as the commit point; fails if a queue already exists there.
    func create(verificationKey: Data, initialize: (EngineStateLocation) throws -> QueueManifest) throws
    /// The manifest and the verification key recorded at creation; a clear error if there is no queue.
    func readManifest() throws -> (manifest: QueueManifest, verificationKey: Data)

    /// Runs `body` so that its writes commit together (PostgreSQL) or, for files, in the order made
    /// (each durable on its own; the steps' ordering keeps a crash between them safe). Nests.
    func transaction<Result>(_ body: () throws -> Result) throws -> Result
    /// Called by a worker after `error` ended a step: true if it was a lost connection and the store
    /// reconnected (the step may be retried), false if the error must stop the worker.
    func recover(from error: Error) -> Bool

    /// Claims `job` (e.g. "prove-000042") for this worker; nil if a live worker holds it or it is parked.
    func claim(_ job: String) throws -> JobClaim?
    /// Claims a serial role ("state" for execute, "ledger" for settle); called inside `transaction`, whose
    /// writes it fences. Files: the role's lease. PostgreSQL: `pg_try_advisory_xact_lock`, held until the
    /// transaction ends (a second executor or settler elsewhere gets nil and waits for its next step).
    func claimSerialRole(_ role: String) throws -> JobClaim?
    /// Claims the first of `jobs` that no live worker holds (PostgreSQL: one `FOR UPDATE SKIP LOCKED` statement).
    func claimFirst(of jobs: [String]) throws -> JobClaim?
    /// Every recorded claim, live, expired or parked.
    func claims() throws -> [ClaimInfo]
    /// The jobs and roles this worker holds now (claims handed out and not yet released).
    var heldJobs: [String] { get }

    /// Records (or renews) this worker's presence; called from a timer, concurrently with steps
    /// (PostgreSQL writes it on the heartbeat connection, files as `workers/<worker>.json`).
    func recordPresence(_ presence: WorkerPresence) throws
    /// Removes this worker's presence (a clean exit); best effort.
    func removePresence()
    /// Every recorded presence with its heartbeat age, sorted by worker.
    func presences() throws -> [WorkerPresence]

    /// The names in a stage, sorted, without temporary files.
    func list(_ stage: Stage) throws -> [String]
    /// The names in a stage that end with `suffix` (e.g. ".witness"), sorted; PostgreSQL answers from an index,
    /// so the steps do not read every record a stage keeps forever.
    func list(_ stage: Stage, suffix: String) throws -> [String]
    /// At most `limit` of those names, the first ones after `after` (nil: from the start), so a step reads a page, not a backlog.
    func list(_ stage: Stage, suffix: String, after: String?, limit: Int) throws -> [String]
    /// Whether `name` exists in `stage`.
    func exists(_ name: String, in stage: Stage) throws -> Bool
    /// The contents of `name` in `stage`.
    func read(_ name: String, in stage: Stage) throws -> Data
    /// The contents of `name` in `stage`, nil if it does not exist (one round trip where `exists` then `read` take two).
    func readIfPresent(_ name: String, in stage: Stage) throws -> Data?
    /// When `name` in `stage` was last modified (for a moved batch file: when it was submitted).
    func modificationDate(of name: String, in stage: Stage) -> Date?
    /// Atomically and durably writes (or replaces) `name` in `stage`.
    func write(_ data: Data, name: String, in stage: Stage) throws
    /// Atomically and durably moves `name` from one stage to another, replacing `newName` there.
    func move(_ name: String, from source: Stage, to destination: Stage, as newName: String) throws
    /// Removes `name` from `stage` if it exists.
    func remove(_ name: String, in stage: Stage) throws
    /// Where `name` in `stage` is, for messages (a file path, or the URL with the stage and name).
    func describe(_ name: String, in stage: Stage) -> String
}

/// A job claimed by this worker; kept alive (renewed) until released, unless another worker breaks it after expiry.
public protocol JobClaim: AnyObject, Sendable {
    /// The claimed job's name.
    var job: String { get }
    /// Whether taking this claim broke an expired claim of another worker (one that stopped renewing it).
    var replacedExpiredClaim: Bool { get }
    /// Throws `PipelineError.leaseLost` once the claim no longer belongs to this worker. Inside a PostgreSQL
    /// transaction it also locks the claim until the transaction ends, so the writes that follow are fenced.
    func checkHeld() throws
    /// Gives the job back (its attempt count starts again).
    func release()
}

/// A recorded claim as `status` shows it.
public struct ClaimInfo: Codable, Sendable, Equatable {
    public var job: String
    public var worker: String
    public var ageSeconds: Double
    public var expired: Bool
    /// Claims of this job since it was last released (PostgreSQL; nil for the file queue).
    public var attempts: Int?
    /// Why the job was parked (claimed too often without finishing); parked jobs are never claimed again.
    public var parkedReason: String?

    public init(job: String, worker: String, ageSeconds: Double, expired: Bool, attempts: Int? = nil, parkedReason: String? = nil) {
        self.job = job
        self.worker = worker
        self.ageSeconds = ageSeconds
        self.expired = expired
        self.attempts = attempts
        self.parkedReason = parkedReason
    }
}

/// An append-only record of lines (refusals): a JSON-lines file or a table.
public protocol AppendOnlyLog: Sendable {
    /// The complete lines in order.
    func lines() throws -> [Data]
    /// Appends the line `makeLine` builds from the current lines, serialised against other appenders.
    func append(_ makeLine: ([Data]) throws -> Data) throws
}

/// A worker's identity in claims: process id, host and a random suffix.
public func makeWorkerID() -> String {
    "\(ProcessInfo.processInfo.processIdentifier)@\(ProcessInfo.processInfo.hostName)-\(String(UInt32.random(in: 0...UInt32.max), radix: 16))"
}

/// Opens the store a queue argument names: a `postgres://` or `postgresql://` URL, else a directory.
public func openQueueBackend(_ location: String, worker: String = makeWorkerID(), leaseTTL: TimeInterval = 30) throws -> QueueBackend {
    if PostgresQueue.isURL(location) { return try PostgresQueue(url: location, worker: worker, leaseTTL: leaseTTL) }
    return FileQueue(root: URL(fileURLWithPath: location), worker: worker, leaseTTL: leaseTTL)
}
