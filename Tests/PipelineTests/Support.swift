import Foundation
import Pipeline
import PipelineToyEngine
import PostgresClient
import Testing

/// The two queue stores every pipeline test runs on.
enum QueueStore: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case files, postgres

    var testDescription: String { rawValue }
}

/// The test PostgreSQL server: `ROLLUP_TEST_POSTGRES_URL` (set by `scripts/test`, which starts a throwaway
/// cluster); a PostgreSQL test fails, never skips, without it.
enum TestPostgres {
    struct Missing: Error, CustomStringConvertible {
        var description: String { "ROLLUP_TEST_POSTGRES_URL is not set: run the suite with scripts/test (it starts a throwaway PostgreSQL cluster)" }
    }

    static func adminURL() throws -> String {
        guard let url = ProcessInfo.processInfo.environment["ROLLUP_TEST_POSTGRES_URL"], !url.isEmpty else { throw Missing() }
        return url
    }

    /// Creates an empty database for one test and returns its URL.
    static func createDatabase(prefix: String = "pipeline") throws -> String {
        let admin = try adminURL()
        let name = "\(prefix)_\(UUID().uuidString.prefix(8).lowercased())"
        try PostgresConnection(url: admin).query("CREATE DATABASE \(name)")
        return PostgresConnection.url(admin, database: name)
    }

    /// Drops a test database, disconnecting whoever still uses it.
    static func dropDatabase(_ url: String) {
        guard let admin = try? adminURL(), let name = url.split(separator: "/").last else { return }
        _ = try? PostgresConnection(url: admin).query("DROP DATABASE IF EXISTS \(name) WITH (FORCE)")
    }

    /// Restarts the test server (`ROLLUP_TEST_POSTGRES_RESTART`, set by `scripts/postgres-throwaway start`).
    ///
    /// Spawned with posix_spawn and reaped with waitpid: pg_ctl daemonises the server from inside the
    /// command, and Foundation's `Process` was seen never to notice that such a command had exited.
    static func restartServer() throws {
        guard let command = ProcessInfo.processInfo.environment["ROLLUP_TEST_POSTGRES_RESTART"] else { throw Missing() }
        var pid: pid_t = 0
        let arguments = ["/bin/sh", "-c", command + " </dev/null >/dev/null 2>&1"]
        var argv: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        #expect(posix_spawn(&pid, "/bin/sh", nil, nil, &argv, environ) == 0, "spawning \(command)")
        var status: Int32 = 0
        let deadline = Date().addingTimeInterval(60)
        while waitpid(pid, &status, WNOHANG) == 0 && Date() < deadline { Thread.sleep(forTimeInterval: 0.05) }
        #expect(status == 0, "restart command: \(command)")
    }
}

/// A scratch queue over the toy engine on either store, removed by `remove()`.
struct ScratchQueue {
    let store: QueueStore
    /// The directory of a file queue; for PostgreSQL, a directory for worker logs only.
    let root: URL
    /// The queue argument: the directory path or the database URL.
    let location: String
    let queue: PipelineQueue

    init(_ store: QueueStore = .files, leaseTTL: TimeInterval = 2, delayMilliseconds: Int = 0) throws {
        self.store = store
        root = FileManager.default.temporaryDirectory.appendingPathComponent("pipeline-\(UUID().uuidString)")
        switch store {
        case .files: location = root.path
        case .postgres:
            try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
            location = try TestPostgres.createDatabase()
        }
        try PipelineQueue.initialize(in: openQueueBackend(location), engine: ToyEngine(maximumDelayMilliseconds: 0), genesis: Data(#"{"total": 5}"#.utf8))
        queue = try Self.open(location, leaseTTL: leaseTTL, delayMilliseconds: delayMilliseconds)
    }

    /// Another worker's view of the same queue.
    static func open(_ location: String, leaseTTL: TimeInterval = 2, delayMilliseconds: Int = 0, worker: String = makeWorkerID()) throws -> PipelineQueue {
        let engine = ToyEngine(maximumDelayMilliseconds: delayMilliseconds)
        return try PipelineQueue(backend: openQueueBackend(location, worker: worker, leaseTTL: leaseTTL), resolver: { $0 == "toy" ? engine : nil }, worker: worker)
    }

    func remove() {
        try? FileManager.default.removeItem(at: root)
        if store == .postgres { TestPostgres.dropDatabase(location) }
    }

    /// A connection to the queue's database (PostgreSQL store only).
    func database() throws -> PostgresConnection { try PostgresConnection(url: location) }

    /// Submits toy batches `{"batch": n, "add": add}`.
    func submit(_ numbers: [UInt64], add: Int = 1) throws {
        for number in numbers {
            let outcome = try queue.submit(Data(#"{"batch": \#(number), "add": \#(add)}"#.utf8), fileName: "b\(number).json")
            #expect(outcome == .accepted(number))
        }
    }

    func exists(_ stage: Stage, _ name: String) throws -> Bool { try queue.backend.exists(name, in: stage) }
    func read(_ stage: Stage, _ name: String) throws -> Data { try queue.backend.read(name, in: stage) }
    /// Overwrites a stored object behind the pipeline's back (tampering, or a file placed without `submit`).
    func overwrite(_ stage: Stage, _ name: String, _ data: Data) throws { try queue.backend.write(data, name: name, in: stage) }

    /// Replaces the engine's state with bytes that do not decode.
    func corruptState() throws {
        switch store {
        case .files: try Data("{corrupt".utf8).write(to: root.appendingPathComponent("state/toy-state.json"))
        case .postgres: try database().query("UPDATE toy_state SET state = $1", [.bytes(Data("{corrupt".utf8))])
        }
    }

    /// Deletes the engine's state.
    func removeState() throws {
        switch store {
        case .files: try FileManager.default.removeItem(at: root.appendingPathComponent("state/toy-state.json"))
        case .postgres: try database().query("DROP TABLE toy_state")
        }
    }

    /// The raw stored state, to check it was left untouched.
    func rawState() throws -> Data? {
        switch store {
        case .files: return FileManager.default.contents(atPath: root.appendingPathComponent("state/toy-state.json").path)
        case .postgres:
            let rows = try? database().query("SELECT state FROM toy_state")
            return rows.flatMap { $0.count == 1 ? $0.data(0, 0) : nil }
        }
    }

    /// Runs one in-process worker until the queue is idle.
    func runUntilIdle() throws {
        try PipelineWorker(queue: queue, threads: 1, untilIdle: true).run(stop: StopSignal())
    }

    /// The workers' combined output (`worker.log` in the scratch directory).
    var workerLog: String { (try? String(contentsOf: root.appendingPathComponent("worker.log"), encoding: .utf8)) ?? "" }

    /// The batch numbers in the ledger, in order.
    func settledBatches() throws -> [UInt64] { try queue.ledger.entries().map(\.batch) }
}

/// The built executable `name`, found next to the test bundle.
func executable(_ name: String) -> URL {
    var directory = Bundle.main.bundleURL
    while !FileManager.default.fileExists(atPath: directory.appendingPathComponent(name).path), directory.path != "/" {
        directory = directory.deletingLastPathComponent()
    }
    return directory.appendingPathComponent(name)
}

/// Starts `pipeline-test-worker` on `queue` with the toy engine's delay; output goes to `worker.log` in its directory.
func startWorker(_ queue: ScratchQueue, untilIdle: Bool, delayMilliseconds: Int, leaseSeconds: Double = 1, extra: [String] = []) throws -> Process {
    let process = Process()
    process.executableURL = executable("pipeline-test-worker")
    process.arguments = [queue.location, "--lease-seconds", "\(leaseSeconds)"] + (untilIdle ? ["--until-idle"] : []) + extra
    process.environment = ProcessInfo.processInfo.environment.merging(["TOY_ENGINE_DELAY_MS": "\(delayMilliseconds)"]) { $1 }
    let log = queue.root.appendingPathComponent("worker.log").path
    let handle = FileHandle(fileDescriptor: open(log, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o644), closeOnDealloc: true)  // workers append, never overwrite
    process.standardOutput = handle
    process.standardError = handle
    try process.run()
    return process
}

/// Waits for `process` to exit, at most `seconds`; returns its status, or nil (and kills it) on timeout.
func wait(for process: Process, seconds: Double) -> Int32? {
    let deadline = Date().addingTimeInterval(seconds)
    while process.isRunning && Date() < deadline { Thread.sleep(forTimeInterval: 0.02) }
    guard !process.isRunning else {
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        return nil
    }
    return process.terminationStatus
}
