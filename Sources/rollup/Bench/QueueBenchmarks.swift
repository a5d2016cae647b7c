import ArgumentParser
import Foundation
import Pipeline
import PipelineToyEngine
import PostgresClient

/// `rollup bench queue`: toy-engine jobs (no proving cost) through N workers on each store, so the
/// figures are the queue's own: claims per second (claim and release of one job, all workers at once)
/// and batches per second through execute, prove and settle.
struct QueueBenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "queue",
        abstract: "Toy-engine batches through N workers on the file queue and on PostgreSQL: claims/s and batches/s.",
        discussion: "PostgreSQL is measured when --postgres names an empty database's server (the benchmark creates and drops its own database) or ROLLUP_BENCH_POSTGRES_URL is set.")

    @OptionGroup var options: BenchOptions

    @Option(help: "Batches per run.") var batches: Int = 10_000
    /// Toy workers spend most of their time waiting on round trips, so the default is two threads a core.
    @Option(help: "Worker threads, each with its own connection or directory handle (default: two per core).")
    var workers: Int = 2 * ProcessInfo.processInfo.activeProcessorCount
    @Option(help: "The stores to measure, comma-separated: files, postgres.") var stores = "files,postgres"
    @Option(help: "A PostgreSQL server URL (its database is only used to create and drop the benchmark's own).")
    var postgres: String? = ProcessInfo.processInfo.environment["ROLLUP_BENCH_POSTGRES_URL"]

    func validate() throws {
        guard batches >= 1, workers >= 1 else { throw ValidationError("--batches and --workers must be positive") }
        guard !selected.isEmpty, selected.isSubset(of: ["files", "postgres"]) else { throw ValidationError("--stores: files, postgres or both, comma-separated") }
    }

    func run() throws {
        let count = max(1, Int(Double(batches) * options.scale))
        var results: [BenchmarkResult] = []
        var extra = ["batches": String(count), "workers": String(workers), "engine": "toy"]
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("bench-queue-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        var stores: [(name: String, location: String, cleanup: () -> Void)] = selected.contains("files") ? [("files", directory.path, {})] : []
        if selected.contains("postgres"), let postgres {
            let database = "bench_queue_\(UUID().uuidString.prefix(8).lowercased())"
            let admin = try PostgresConnection(url: postgres)
            try admin.query("CREATE DATABASE \(database)")
            stores.append(("postgres", PostgresConnection.url(postgres, database: database), { _ = try? admin.query("DROP DATABASE IF EXISTS \(database) WITH (FORCE)") }))
        }
        for store in stores {
            defer { store.cleanup() }
            let seconds = try measure(location: store.location, count: count)
            results.append(BenchmarkResult(name: "queue.\(store.name).per_batch", ns: seconds / Double(count) * 1e9))
            extra["queue.\(store.name).batches_per_s"] = String(format: "%.1f", Double(count) / seconds)
            let claims = max(100, count / 10)
            let claimSeconds = try measureClaims(location: store.location, count: claims)
            results.append(BenchmarkResult(name: "queue.\(store.name).claim_release", ns: claimSeconds / Double(claims) * 1e9))
            extra["queue.\(store.name).claims_per_s"] = String(format: "%.1f", Double(claims) / claimSeconds)
        }
        report(suite: "queue", results: results, extra: extra, json: options.json)
    }

    private var selected: Set<String> { Set(stores.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }) }

    /// Submits `count` toy batches, then runs the workers until the queue is idle; the seconds that took.
    private func measure(location: String, count: Int) throws -> Double {
        try PipelineQueue.initialize(in: openQueueBackend(location), engine: ToyEngine(maximumDelayMilliseconds: 0), genesis: nil)
        let submitter = try PipelineQueue(backend: openQueueBackend(location), resolver: ToyEngine.resolver)
        for number in 1...count {
            _ = try submitter.submit(Data(#"{"batch": \#(number), "add": 1}"#.utf8), fileName: "b\(number).json")
        }
        let queues = try (0..<workers).map { _ in
            let worker = makeWorkerID()
            return try PipelineQueue(backend: openQueueBackend(location, worker: worker), resolver: ToyEngine.resolver, worker: worker)
        }
        let failures = FailureList()
        var clock = Stopwatch()
        DispatchQueue.concurrentPerform(iterations: workers) { index in
            do { try PipelineWorker(queue: queues[index], threads: 1, untilIdle: true).run(stop: StopSignal()) } catch { failures.add("\(error)") }
        }
        let seconds = clock.lap()
        if let failure = failures.first { throw ValidationError("a benchmark worker failed: \(failure)") }
        let settled = try submitter.ledger.last()?.batch ?? 0
        guard settled == UInt64(count) else { throw ValidationError("only \(settled) of \(count) batches settled") }
        return seconds
    }

    /// `count` claims (each released at once) of distinct proof jobs, shared among the workers; the seconds that took.
    private func measureClaims(location: String, count: Int) throws -> Double {
        let backends = try (0..<workers).map { _ in try openQueueBackend(location) }
        let failures = FailureList()
        var clock = Stopwatch()
        DispatchQueue.concurrentPerform(iterations: workers) { index in
            for job in stride(from: index, to: count, by: workers) {
                do {
                    guard let claim = try backends[index].claim("prove-bench-\(job)") else { return failures.add("job \(job) was not free") }
                    claim.release()
                } catch { return failures.add("\(error)") }
            }
        }
        let seconds = clock.lap()
        if let failure = failures.first { throw ValidationError("a claim failed: \(failure)") }
        return seconds
    }
}

/// Error texts collected from the benchmark's worker threads.
private final class FailureList: @unchecked Sendable {
    private let lock = NSLock()
    private var values: [String] = []

    func add(_ value: String) { lock.withLock { values.append(value) } }
    var first: String? { lock.withLock { values.first } }
}
