import Digest
import Foundation
import PostgresClient

/// The queue in one PostgreSQL database (docs/FORMATS.md, "PostgreSQL queue"), so that workers on many
/// machines share it: stage contents as rows of `objects`, claims as rows of `jobs` taken with
/// `FOR UPDATE SKIP LOCKED`, the ledger as a table whose constraints enforce order and root continuity,
/// and the engine's state in the same database, committed in the same transaction as each step.
public struct PostgresQueue: QueueBackend {
    /// The schema version this build creates and reads; `rollup init` upgrades older ones.
    public static let schemaVersion = 2
    /// How many claims a proof job may take without finishing before it is parked.
    public static let defaultMaximumAttempts = 5

    /// The database session of this worker (one connection for steps, one for heartbeats).
    let session: PostgresSession
    /// This worker's identity, recorded in its claims.
    public let worker: String
    /// Seconds after its last heartbeat when a claim may be broken.
    public let leaseTTL: TimeInterval
    /// Claims of a proof job without a result after which it is parked.
    public let maximumAttempts: Int
    private let held = HeldJobs()

    /// Whether a queue argument is a PostgreSQL URL rather than a directory.
    public static func isURL(_ location: String) -> Bool { location.hasPrefix("postgres://") || location.hasPrefix("postgresql://") }

    /// Connects to the queue database at `url` for `worker`.
    public init(url: String, worker: String = makeWorkerID(), leaseTTL: TimeInterval = 30, maximumAttempts: Int = defaultMaximumAttempts) throws {
        session = try PostgresSession(url: url, worker: worker)
        self.worker = worker
        self.leaseTTL = leaseTTL
        self.maximumAttempts = maximumAttempts
    }

    var connection: PostgresConnection { session.main }

    public var location: String { connection.redactedURL }
    public var engineState: EngineStateLocation { .postgres(connection) }
    public var ledgerStorage: LedgerStorage { PostgresLedgerStorage(queue: self) }
    public var refusalLog: AppendOnlyLog { PostgresRefusalLog(queue: self) }

    // MARK: Schema and manifest

    /// The statements that bring the schema from version `index` to `index + 1`.
    static let migrations: [String] = [
        """
        CREATE TABLE queue_manifest (id integer PRIMARY KEY CHECK (id = 1), manifest bytea NOT NULL, verification_key bytea NOT NULL);
        CREATE TABLE objects (stage text NOT NULL, name text NOT NULL, data bytea NOT NULL,
            modified_at timestamptz NOT NULL DEFAULT clock_timestamp(),
            suffix text GENERATED ALWAYS AS (substring(name FROM '[.][a-z.]+$')) STORED, PRIMARY KEY (stage, name));
        CREATE INDEX objects_by_suffix ON objects (stage, suffix, name);
        CREATE TABLE jobs (job text PRIMARY KEY, holder text, token text, claimed_at timestamptz, heartbeat_at timestamptz,
            attempts integer NOT NULL DEFAULT 0, parked_reason text);
        CREATE TABLE ledger (
            batch bigint PRIMARY KEY, previous_batch bigint, old_root text, new_root text NOT NULL,
            entry_hash text NOT NULL, previous_entry_hash text, line bytea,
            CONSTRAINT ledger_link UNIQUE (entry_hash, new_root, batch),
            CONSTRAINT ledger_one_successor UNIQUE (previous_entry_hash),
            CONSTRAINT ledger_continues_root FOREIGN KEY (previous_entry_hash, old_root, previous_batch)
                REFERENCES ledger (entry_hash, new_root, batch) MATCH FULL,
            CONSTRAINT ledger_order CHECK (
                (batch = 0 AND previous_batch IS NULL AND previous_entry_hash IS NULL AND old_root IS NULL AND line IS NULL)
                OR (previous_batch IS NOT NULL AND batch > previous_batch AND line IS NOT NULL)));
        CREATE TABLE refusals (seq bigserial PRIMARY KEY, line bytea NOT NULL);
        """,
        """
        CREATE TABLE workers (worker text PRIMARY KEY, host text NOT NULL, pid integer NOT NULL, jobs text[] NOT NULL,
            started_at text NOT NULL, heartbeat_at timestamptz NOT NULL);
        """,
    ]

    public func create(verificationKey: Data, initialize: (EngineStateLocation) throws -> QueueManifest) throws {
        try connection.transaction {
            try migrate()
            guard try connection.query("SELECT 1 FROM queue_manifest").count == 0 else {
                throw PipelineError.alreadyExists(location, expected: "a database without a queue (init never overwrites one; schema version \(Self.schemaVersion))")
            }
            let manifest = try initialize(engineState)
            try connection.query("INSERT INTO queue_manifest (id, manifest, verification_key) VALUES (1, $1, $2)",
                                 [.bytes(QueueJSON.encode(manifest)), .bytes(verificationKey)])
            try connection.query("INSERT INTO ledger (batch, new_root, entry_hash) VALUES (0, $1, $2)",
                                 [.text(manifest.genesisRoot), .text(LedgerEntry.firstPreviousHash)])
        }
    }

    /// Brings the schema to `schemaVersion` inside the open transaction, one init or upgrade at a time; the version found.
    @discardableResult
    private func migrate() throws -> Int {
        try connection.query("SELECT pg_advisory_xact_lock(7262, 1)")
        try connection.query("CREATE TABLE IF NOT EXISTS rollup_schema (version integer NOT NULL)")
        let stored = try connection.query("SELECT version FROM rollup_schema")
        let version = stored.count == 0 ? 0 : Int(stored.int(0, 0) ?? 0)
        guard version <= Self.schemaVersion else {
            throw PipelineError.malformedFile(location, expected: "schema version at most \(Self.schemaVersion) (this build), found \(version)")
        }
        for migration in Self.migrations[version...] { try connection.run(script: migration) }
        if stored.count == 0 { try connection.query("INSERT INTO rollup_schema (version) VALUES ($1)", [.int(Self.schemaVersion)]) }
        try connection.query("UPDATE rollup_schema SET version = $1", [.int(Self.schemaVersion)])
        return version
    }

    /// Upgrades the schema of an existing queue made by an older build (`rollup init` on its URL); the versions
    /// before and after, or nil when there is no queue yet or it is current. Stop the workers of the older build first.
    public func upgradeSchema() throws -> (from: Int, to: Int)? {
        try connection.transaction {
            guard try connection.query("SELECT to_regclass('queue_manifest') IS NOT NULL").bool(0, 0) == true,
                  try connection.query("SELECT 1 FROM queue_manifest").count == 1 else { return nil }
            let version = try migrate()
            return version < Self.schemaVersion ? (version, Self.schemaVersion) : nil
        }
    }

    public func readManifest() throws -> (manifest: QueueManifest, verificationKey: Data) {
        guard try connection.query("SELECT to_regclass('rollup_schema') IS NOT NULL").bool(0, 0) == true else {
            throw PipelineError.missingFile(location, expected: "a queue created by `rollup init \(location) …`")
        }
        let version = try connection.query("SELECT version FROM rollup_schema")
        guard version.count == 1, version.int(0, 0) == Int64(Self.schemaVersion) else {
            throw PipelineError.malformedFile(location, expected: "schema version \(Self.schemaVersion), found \(version.count == 1 ? "\(version.int(0, 0) ?? -1)" : "none") (run `rollup init` to upgrade)")
        }
        let row = try connection.query("SELECT manifest, verification_key FROM queue_manifest WHERE id = 1")
        guard row.count == 1, let manifestData = row.data(0, 0), let key = row.data(0, 1) else {
            throw PipelineError.missingFile(location, expected: "a queue created by `rollup init \(location) …`")
        }
        let manifest = try QueueJSON.decode(QueueManifest.self, manifestData, source: "\(location) queue_manifest")
        guard manifest.formatVersion == QueueManifest.currentFormatVersion else {
            throw PipelineError.malformedFile("\(location) queue_manifest", expected: "formatVersion \(QueueManifest.currentFormatVersion), found \(manifest.formatVersion)")
        }
        return (manifest, key)
    }

    // MARK: Transactions and reconnection

    /// Runs `body` in a transaction on the step connection; joins the open one when nested.
    public func transaction<Result>(_ body: () throws -> Result) throws -> Result {
        if connection.isInTransaction { return try body() }
        return try connection.transaction(body)
    }

    /// Reconnects with exponential backoff (0.1 s doubling to 5 s, for up to `leaseTTL` plus a minute) after a lost connection.
    public func recover(from error: Error) -> Bool {
        guard let failure = error as? PostgresError, failure.isConnectionFailure else { return false }
        var pause = 0.1
        let deadline = Date().addingTimeInterval(leaseTTL + 60)
        while Date() < deadline {
            if (try? connection.reset()) != nil, (try? session.nameMainConnection()) != nil {
                session.resetHeartbeat()
                return true
            }
            Thread.sleep(forTimeInterval: pause)
            pause = min(pause * 2, 5)
        }
        return false
    }

    // MARK: Claims

    public func claim(_ job: String) throws -> JobClaim? { try claimFirst(of: [job]) }

    /// The advisory-lock keys of the serial roles (an arbitrary class id, then the role).
    static let serialRoles: [String: Int32] = ["state": 1, "ledger": 2]

    public func claimSerialRole(_ role: String) throws -> JobClaim? {
        guard let key = Self.serialRoles[role] else { throw PipelineError.malformedFile(location, expected: "a serial role (state or ledger), got \(role)") }
        guard connection.isInTransaction else { throw PipelineError.malformedFile(location, expected: "claimSerialRole inside a transaction") }
        let locked = try connection.query("SELECT pg_try_advisory_xact_lock(7262, $1::integer)", [.int(key)])
        return locked.bool(0, 0) == true ? held.track(TransactionLockClaim(job: role)) : nil
    }

    /// Parks expired proof jobs claimed `maximumAttempts` times, then claims the first free one in one
    /// `UPDATE … WHERE job = (SELECT … ORDER BY job LIMIT 1 FOR UPDATE SKIP LOCKED)`. Three statements, each
    /// atomic on its own (no invariant spans them), so outside a step's transaction they run without one.
    public func claimFirst(of jobs: [String]) throws -> JobClaim? {
        // In windows of the oldest jobs first: a backlog of thousands costs a claim a few rows, not thousands.
        for start in stride(from: 0, to: jobs.count, by: Self.claimWindow) {
            if let claim = try claimFirst(inWindow: Array(jobs[start..<min(start + Self.claimWindow, jobs.count)])) { return claim }
        }
        return nil
    }

    /// How many candidate jobs one claim statement considers.
    static let claimWindow = 16

    private func claimFirst(inWindow jobs: [String]) throws -> JobClaim? {
        let names = PostgresValue.text("{" + jobs.joined(separator: ",") + "}")
        let token = UUID().uuidString
        let claimed = try { () -> (job: String, replaced: Bool)? in
            try connection.query("INSERT INTO jobs (job) SELECT unnest($1::text[]) ON CONFLICT (job) DO NOTHING", [names])
            try connection.query("""
                UPDATE jobs SET parked_reason = format('claimed %s times without a result; last holder %s, heartbeat %s', attempts, holder, heartbeat_at)
                WHERE job = ANY($1::text[]) AND job LIKE 'prove-%' AND parked_reason IS NULL AND holder IS NOT NULL
                  AND heartbeat_at < clock_timestamp() - make_interval(secs => $2::float8) AND attempts >= $3
                """, [names, .text("\(leaseTTL)"), .int(maximumAttempts)])
            // A row that still has a holder was never released: its holder stopped renewing it, and this claim takes it over.
            let rows = try connection.query("""
                WITH free AS (SELECT job, holder FROM jobs WHERE job = ANY($1::text[]) AND parked_reason IS NULL
                                AND (holder IS NULL OR heartbeat_at < clock_timestamp() - make_interval(secs => $4::float8))
                              ORDER BY job LIMIT 1 FOR UPDATE SKIP LOCKED)
                UPDATE jobs SET holder = $2, token = $3, claimed_at = clock_timestamp(), heartbeat_at = clock_timestamp(), attempts = attempts + 1
                FROM free WHERE jobs.job = free.job
                RETURNING jobs.job, free.holder IS NOT NULL
                """, [names, .text(worker), .text(token), .text("\(leaseTTL)")])
            guard rows.count == 1, let job = rows.string(0, 0) else { return nil }
            return (job, rows.bool(0, 1) == true)
        }()
        guard let claimed else { return nil }
        return held.track(PostgresClaim(job: claimed.job, token: token, queue: self, heartbeat: min(2, leaseTTL / 3),
                                        replacedExpiredClaim: claimed.replaced))
    }

    public var heldJobs: [String] { held.current }

    // MARK: Worker presence

    /// Upserts this worker's row of `workers` on the heartbeat connection (the step connection may be mid-transaction).
    public func recordPresence(_ presence: WorkerPresence) throws {
        let written: Bool? = session.withHeartbeatConnection { connection in
            try connection.query("""
                INSERT INTO workers (worker, host, pid, jobs, started_at, heartbeat_at) VALUES ($1, $2, $3, $4::text[], $5, clock_timestamp())
                ON CONFLICT (worker) DO UPDATE SET host = EXCLUDED.host, pid = EXCLUDED.pid, jobs = EXCLUDED.jobs, heartbeat_at = EXCLUDED.heartbeat_at
                """, [.text(presence.worker), .text(presence.host), .int(Int64(presence.pid)),
                      .text("{" + presence.jobs.joined(separator: ",") + "}"), .text(presence.startedAt)])
            return true
        }
        guard written == true else {
            throw PipelineError.missingFile("\(location) workers", expected: "a reachable server (the presence of \(worker) was not recorded)")
        }
    }

    public func removePresence() {
        _ = session.withHeartbeatConnection { try $0.query("DELETE FROM workers WHERE worker = $1", [.text(worker)]) }
    }

    public func presences() throws -> [WorkerPresence] {
        let rows = try connection.query("""
            SELECT worker, host, pid, array_to_string(jobs, ','), started_at, extract(epoch FROM clock_timestamp() - heartbeat_at)::float8
            FROM workers ORDER BY worker
            """)
        return (0..<rows.count).map { row in
            WorkerPresence(worker: rows.string(row, 0) ?? "?", host: rows.string(row, 1) ?? "?", pid: Int32(rows.int(row, 2) ?? 0),
                           jobs: (rows.string(row, 3) ?? "").split(separator: ",").map(String.init), startedAt: rows.string(row, 4) ?? "?",
                           heartbeatAgeSeconds: rows.double(row, 5))
        }
    }

    /// The proof-job rows, then the serial roles held right now (advisory locks, named by the holder's `application_name`).
    public func claims() throws -> [ClaimInfo] {
        let roles = try connection.query("""
            SELECT l.objid::bigint, a.application_name, coalesce(extract(epoch FROM clock_timestamp() - a.xact_start)::float8, 0)
            FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
            WHERE l.locktype = 'advisory' AND l.classid = 7262 AND l.objsubid = 2 AND l.granted
              AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
            ORDER BY 1
            """)
        let held = (0..<roles.count).map { row in
            ClaimInfo(job: Self.serialRoles.first { Int64($0.value) == roles.int(row, 0) }?.key ?? "?", worker: roles.string(row, 1) ?? "?",
                      ageSeconds: roles.double(row, 2) ?? 0, expired: false)
        }
        return try held + jobClaims()
    }

    private func jobClaims() throws -> [ClaimInfo] {
        let rows = try connection.query("""
            SELECT job, coalesce(holder, '?'), coalesce(extract(epoch FROM clock_timestamp() - heartbeat_at)::float8, 0), attempts, parked_reason
            FROM jobs WHERE holder IS NOT NULL OR parked_reason IS NOT NULL ORDER BY job
            """)
        return (0..<rows.count).map { row in
            let age = rows.double(row, 2) ?? 0
            return ClaimInfo(job: rows.string(row, 0) ?? "?", worker: rows.string(row, 1) ?? "?", ageSeconds: age, expired: age > leaseTTL,
                             attempts: rows.int(row, 3).map(Int.init), parkedReason: rows.string(row, 4))
        }
    }

    // MARK: Stage contents

    public func list(_ stage: Stage) throws -> [String] {
        let rows = try connection.query("SELECT name FROM objects WHERE stage = $1 ORDER BY name", [.text(stage.rawValue)])
        return (0..<rows.count).compactMap { rows.string($0, 0) }
    }

    public func list(_ stage: Stage, suffix: String) throws -> [String] {
        let rows = try connection.query("SELECT name FROM objects WHERE stage = $1 AND suffix = $2 ORDER BY name", [.text(stage.rawValue), .text(suffix)])
        return (0..<rows.count).compactMap { rows.string($0, 0) }
    }

    public func list(_ stage: Stage, suffix: String, after: String?, limit: Int) throws -> [String] {
        let rows = try connection.query("SELECT name FROM objects WHERE stage = $1 AND suffix = $2 AND name > $3 ORDER BY name LIMIT $4",
                                        [.text(stage.rawValue), .text(suffix), .text(after ?? ""), .int(limit)])
        return (0..<rows.count).compactMap { rows.string($0, 0) }
    }

    public func exists(_ name: String, in stage: Stage) throws -> Bool {
        try connection.query("SELECT 1 FROM objects WHERE stage = $1 AND name = $2", [.text(stage.rawValue), .text(name)]).count == 1
    }

    public func read(_ name: String, in stage: Stage) throws -> Data {
        guard let data = try readIfPresent(name, in: stage) else { throw PipelineError.missingFile(describe(name, in: stage), expected: "a stored object") }
        return data
    }

    public func readIfPresent(_ name: String, in stage: Stage) throws -> Data? {
        let rows = try connection.query("SELECT data FROM objects WHERE stage = $1 AND name = $2", [.text(stage.rawValue), .text(name)])
        return rows.count == 1 ? rows.data(0, 0) : nil
    }

    public func modificationDate(of name: String, in stage: Stage) -> Date? {
        let rows = try? connection.query("SELECT extract(epoch FROM modified_at)::float8 FROM objects WHERE stage = $1 AND name = $2",
                                         [.text(stage.rawValue), .text(name)])
        return rows.flatMap { $0.count == 1 ? $0.double(0, 0) : nil }.map(Date.init(timeIntervalSince1970:))
    }

    public func write(_ data: Data, name: String, in stage: Stage) throws {
        try connection.query("""
            INSERT INTO objects (stage, name, data, modified_at) VALUES ($1, $2, $3, clock_timestamp())
            ON CONFLICT (stage, name) DO UPDATE SET data = EXCLUDED.data, modified_at = EXCLUDED.modified_at
            """, [.text(stage.rawValue), .text(name), .bytes(data)])
    }

    /// Moves the row (keeping its modification time), replacing `newName` in `destination`.
    public func move(_ name: String, from source: Stage, to destination: Stage, as newName: String) throws {
        try transaction {
            try connection.query("DELETE FROM objects WHERE stage = $1 AND name = $2 AND NOT (stage = $3 AND name = $4)",
                                 [.text(destination.rawValue), .text(newName), .text(source.rawValue), .text(name)])
            let moved = try connection.query("UPDATE objects SET stage = $3, name = $4 WHERE stage = $1 AND name = $2",
                                             [.text(source.rawValue), .text(name), .text(destination.rawValue), .text(newName)])
            guard moved.affectedRows == 1 else { throw PipelineError.missingFile(describe(name, in: source), expected: "a stored object to move") }
        }
    }

    public func remove(_ name: String, in stage: Stage) throws {
        try connection.query("DELETE FROM objects WHERE stage = $1 AND name = $2", [.text(stage.rawValue), .text(name)])
    }

    public func describe(_ name: String, in stage: Stage) -> String { "\(location) \(stage.rawValue)/\(name)" }
}

/// The two connections of one worker: `main` for steps (and their transactions), `heartbeat` for claim renewals.
final class PostgresSession: @unchecked Sendable {
    let url: String
    let worker: String
    let main: PostgresConnection
    private let lock = NSLock()
    private var heartbeatConnection: PostgresConnection?

    /// Connects the step connection, named after the worker (`application_name`, which `claims()` reports for serial roles).
    init(url: String, worker: String) throws {
        self.url = url
        self.worker = worker
        main = try PostgresConnection(url: url)
        try nameMainConnection()
    }

    /// Sets the step connection's `application_name` to the worker (again after a reconnect).
    func nameMainConnection() throws {
        try main.query("SELECT set_config('application_name', $1, false)", [.text(worker)])
    }

    /// Runs `body` on the heartbeat connection (connected on first use); nil if the server cannot be reached.
    func withHeartbeatConnection<Result>(_ body: (PostgresConnection) throws -> Result) -> Result? {
        lock.withLock {
            if heartbeatConnection == nil { heartbeatConnection = try? PostgresConnection(url: url) }
            guard let connection = heartbeatConnection else { return nil }
            do { return try body(connection) } catch {
                if !connection.isHealthy { heartbeatConnection = nil }
                return nil
            }
        }
    }

    /// Drops the heartbeat connection so the next beat reconnects.
    func resetHeartbeat() { lock.withLock { heartbeatConnection = nil } }
}

/// A claim row of `jobs` held through a random token; a timer renews its heartbeat on the session's heartbeat connection.
final class PostgresClaim: JobClaim, @unchecked Sendable {
    let job: String
    let replacedExpiredClaim: Bool
    private let token: String
    private let queue: PostgresQueue
    private let timer: DispatchSourceTimer
    private let lock = NSLock()
    private var lost = false
    private var released = false

    init(job: String, token: String, queue: PostgresQueue, heartbeat: TimeInterval, replacedExpiredClaim: Bool) {
        self.job = job
        self.replacedExpiredClaim = replacedExpiredClaim
        self.token = token
        self.queue = queue
        timer = DispatchSource.makeTimerSource(queue: DispatchQueue(label: "claim.\(job)"))
        timer.schedule(deadline: .now() + heartbeat, repeating: heartbeat)
        timer.setEventHandler { [weak self] in self?.beat() }
        timer.resume()
    }

    /// Renews the heartbeat unless the row is locked (by this worker's own step transaction); notices a broken claim.
    private func beat() {
        guard lock.withLock({ !released && !lost }) else { return }
        let held: Bool? = queue.session.withHeartbeatConnection { connection in
            let renewed = try connection.query("""
                UPDATE jobs SET heartbeat_at = clock_timestamp()
                WHERE job = (SELECT job FROM jobs WHERE job = $1 AND token = $2 FOR UPDATE SKIP LOCKED)
                """, [.text(job), .text(token)])
            if renewed.affectedRows == 1 { return true }
            return try connection.query("SELECT 1 FROM jobs WHERE job = $1 AND token = $2", [.text(job), .text(token)]).count == 1
        }
        if held == false { lock.withLock { lost = true } }
    }

    /// Checks (and inside a transaction, locks until it ends) that the row still carries this claim's token.
    func checkHeld() throws {
        if lock.withLock({ lost }) { throw PipelineError.leaseLost("\(queue.location) jobs/\(job)") }
        let rows = try queue.connection.query("SELECT 1 FROM jobs WHERE job = $1 AND token = $2 FOR UPDATE", [.text(job), .text(token)])
        guard rows.count == 1 else {
            lock.withLock { lost = true }
            throw PipelineError.leaseLost("\(queue.location) jobs/\(job)")
        }
    }

    /// Deletes the claim row (its attempt count with it) if it is still this claim's.
    func release() {
        let first = lock.withLock { () -> Bool in
            defer { released = true }
            return !released
        }
        guard first else { return }
        timer.cancel()
        guard !lock.withLock({ lost }) else { return }
        _ = try? queue.connection.query("DELETE FROM jobs WHERE job = $1 AND token = $2", [.text(job), .text(token)])
    }

    deinit { release() }
}

/// A serial role held through a transaction-scoped advisory lock: nothing to renew or release, and the
/// transaction's writes are fenced by construction (a lost connection aborts them with the lock).
final class TransactionLockClaim: JobClaim, @unchecked Sendable {
    let job: String
    /// An advisory lock dies with its holder's connection: there is never an expired one to take over.
    let replacedExpiredClaim = false

    init(job: String) { self.job = job }

    func checkHeld() throws {}
    func release() {}
}

/// The `ledger` table: the entry lines in batch order; appends hold a table lock, and the table's
/// constraints refuse a second successor of an entry, a lower batch number or a root that does not continue.
struct PostgresLedgerStorage: LedgerStorage {
    let queue: PostgresQueue

    var location: String { "\(queue.location) ledger" }

    func read() throws -> (lines: [Data], tornBytes: Int) {
        let rows = try queue.connection.query("SELECT line FROM ledger WHERE batch > 0 ORDER BY batch")
        return ((0..<rows.count).compactMap { rows.data($0, 0) }, 0)
    }

    /// The last entry; its position in messages is its batch number.
    func readLast() throws -> (line: Data, position: Int)? {
        let rows = try queue.connection.query("SELECT line, batch FROM ledger WHERE batch > 0 ORDER BY batch DESC LIMIT 1")
        guard rows.count == 1, let line = rows.data(0, 0) else { return nil }
        return (line, Int(rows.int(0, 1) ?? 0))
    }

    func append(_ build: (Data?) throws -> LedgerEntry) throws {
        try queue.transaction {
            try queue.connection.query("LOCK TABLE ledger IN SHARE ROW EXCLUSIVE MODE")
            let last = try queue.connection.query("SELECT line, batch FROM ledger ORDER BY batch DESC LIMIT 1")
            let entry = try build(last.count == 1 ? last.data(0, 0) : nil)
            do {
                try queue.connection.query("""
                    INSERT INTO ledger (batch, previous_batch, old_root, new_root, entry_hash, previous_entry_hash, line)
                    VALUES ($1, $2, $3, $4, $5, $6, $7)
                    """, [.int(entry.batch), .int(last.count == 1 ? last.int(0, 1) ?? 0 : 0), .text(entry.oldRoot), .text(entry.newRoot),
                          .text(entry.entryHash), .text(entry.previousEntryHash), .bytes(entry.line)])
            } catch let error as PostgresError where error.isConstraintViolation {
                throw PipelineError.ledgerOrder(location, reason: "the ledger table refused batch \(entry.batch): \(error.message)")
            }
        }
    }
}

/// The `refusals` table, appended under a table lock.
struct PostgresRefusalLog: AppendOnlyLog {
    let queue: PostgresQueue

    func lines() throws -> [Data] {
        let rows = try queue.connection.query("SELECT line FROM refusals ORDER BY seq")
        return (0..<rows.count).compactMap { rows.data($0, 0) }
    }

    func append(_ makeLine: ([Data]) throws -> Data) throws {
        try queue.transaction {
            try queue.connection.query("LOCK TABLE refusals IN SHARE ROW EXCLUSIVE MODE")
            try queue.connection.query("INSERT INTO refusals (line) VALUES ($1)", [.bytes(try makeLine(lines()))])
        }
    }
}
