import ArgumentParser
import Foundation
import Logging
import DurableFiles
import Pipeline
import PostgresClient

/// What every queue argument accepts.
let queueArgumentHelp = ArgumentHelp(
    "The queue: a directory, or a PostgreSQL database as postgres://USER[:PASSWORD]@HOST[:PORT]/DATABASE.",
    discussion: "A directory is the embedded default (one machine). A postgres:// (or postgresql://) URL keeps the queue, the ledger and the engine state in that database, so workers on many machines share it.")

/// Opens the queue a command names (directory or `postgres://` URL) with the registered engines.
func openPipeline(_ location: String, leaseSeconds: Double = 30) throws -> PipelineQueue {
    let worker = makeWorkerID()
    return try PipelineQueue(backend: openQueueBackend(location, worker: worker, leaseTTL: leaseSeconds), resolver: engineResolver, worker: worker)
}

/// Prints a loud warning on stderr when the queue's key is an INSECURE development key: the proofs it
/// settles prove nothing, since anyone who knows the seed can forge them.
func warnIfInsecureKey(_ pipeline: PipelineQueue) {
    guard let seed = pipeline.insecureDevelopmentKeySeed else { return }
    FileHandle.standardError.write(Data("""
        WARNING: the \(pipeline.manifest.circuit) key of this queue is an INSECURE development key (dev seed \(seed)): \
        anyone who knows the seed can forge proofs, so nothing settled here is proven. Tests and demos only.\n
        """.utf8))
}

/// `rollup init <queue> --circuit <name> [--genesis <genesis.json>] [--insecure-dev-key]`.
struct QueueInitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init", abstract: "Create a queue (a directory, or a postgres:// database) with a fresh engine state.",
        discussion: """
            QUEUE is a directory to create, or postgres://USER[:PASSWORD]@HOST[:PORT]/DATABASE: an existing, \
            empty database (for example made by `createdb rollup`) in which init creates the versioned schema \
            (or upgrades an older one), the queue, the ledger and the engine state, in one transaction. \
            Every other command then takes the same URL; workers on other machines reach the same database.
            """)

    @Argument(help: queueArgumentHelp) var queue: String
    @Option(help: "The circuit (engine) name.") var circuit: String
    @Option(help: "Genesis file for the engine state.") var genesis: String?
    @Flag(help: "Accept a circuit key made from a development seed (INSECURE: anyone can forge its proofs; tests and demos only).")
    var insecureDevKey = false

    func run() throws {
        try reportingErrors {
            guard let engine = engineResolver(circuit) else { throw PipelineError.unknownCircuit(circuit) }
            if PostgresQueue.isURL(queue), let upgrade = try PostgresQueue(url: queue).upgradeSchema() {
                print("upgraded the schema of \(PostgresConnection.redact(queue)) from version \(upgrade.from) to \(upgrade.to); the queue is otherwise unchanged")
                return
            }
            let genesisData = try genesis.map { try Data(contentsOf: fileURL($0)) }
            let manifest = try PipelineQueue.initialize(in: openQueueBackend(queue), engine: engine, genesis: genesisData,
                                                        allowingInsecureDevelopmentKey: insecureDevKey)
            if let seed = manifest.insecureDevelopmentKeySeed {
                FileHandle.standardError.write(Data("WARNING: \(queue) uses the INSECURE development key of \(manifest.circuit) (dev seed \(seed)): anyone can forge its proofs.\n".utf8))
            }
            print("initialised \(queue) for circuit \(manifest.circuit); genesis root \(manifest.genesisRoot)")
        }
    }
}

/// `rollup submit <queue> <batch.json>…`.
struct QueueSubmitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "submit", abstract: "Queue batch files (exit 1 if any was not accepted).")

    @Argument(help: queueArgumentHelp) var queue: String
    @Argument(help: "Batch files.") var batches: [String]

    func run() throws {
        var failed = false
        try reportingErrors {
            let pipeline = try openPipeline(queue)
            for path in batches {
                let url = fileURL(path)
                do {
                    switch try pipeline.submit(Data(contentsOf: url), fileName: url.lastPathComponent) {
                    case .accepted(let number): print("\(path): queued as batch \(number)")
                    case .rejected(let reason):
                        failed = true
                        print("\(path): rejected (kept in rejected/): \(reason)")
                    }
                } catch {
                    failed = true
                    FileHandle.standardError.write(Data("error: \(path): \(error)\n".utf8))
                }
            }
        }
        if failed { throw ExitCode(1) }
    }
}

/// `rollup worker <queue> [--workers N] [--threads T] [--until-idle] [--lease-seconds S]`.
struct QueueWorkerCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "worker", abstract: "Run pipeline workers (settle, execute, prove); SIGTERM finishes the current step and exits 0.")

    @Argument(help: queueArgumentHelp) var queue: String
    @Option(help: "Worker processes (more than 1 spawns child processes, which die with this process).") var workers = 1
    @Option(help: "Threads per proof.") var threads = ProcessInfo.processInfo.activeProcessorCount
    @Flag(help: "Exit when nothing is left to do anywhere in the queue.") var untilIdle = false
    @Option(help: "Seconds after its last heartbeat when a lease may be broken.") var leaseSeconds: Double = 30
    @Option(help: ArgumentHelp("Serve Prometheus metrics at http://HOST:PORT/metrics (0: any free port, printed on stderr).",
                               discussion: "With --workers N, worker i (from 0) serves on PORT + i. Metrics: rollup_jobs_total{stage,outcome}, rollup_prove_seconds (histogram), rollup_queue_depth{stage}, rollup_broken_leases_total, rollup_recoveries_total{kind}."))
    var metricsPort: Int?

    func validate() throws {
        guard workers >= 1, threads >= 1, leaseSeconds > 0 else { throw ValidationError("--workers, --threads and --lease-seconds must be positive") }
        if let metricsPort, metricsPort < 0 || metricsPort + workers - 1 > 65535 { throw ValidationError("--metrics-port must leave PORT + workers - 1 within 0...65535") }
    }

    func run() throws {
        let stop = StopSignal.installed()
        if workers > 1 {
            let common = ["worker", queue, "--threads", "\(threads)", "--lease-seconds", "\(leaseSeconds)"] + (untilIdle ? ["--until-idle"] : [])
            let arguments = { (index: Int) in common + (metricsPort.map { ["--metrics-port", "\($0 == 0 ? 0 : $0 + index)"] } ?? []) }
            let executable = Bundle.main.executableURL ?? fileURL(CommandLine.arguments[0])
            var status: Int32 = 0
            try reportingErrors {
                // The supervisor prints settlements in ledger order; its children print nothing to stdout.
                let pipeline = try openPipeline(queue)
                warnIfInsecureKey(pipeline)
                var printed = try pipeline.ledger.last()?.batch ?? 0
                status = try WorkerPool.run(count: workers, executable: executable, arguments: arguments, stop: stop) {
                    guard let entries = try? pipeline.ledger.entries() else { return }
                    for entry in entries where entry.batch > printed {
                        print("settled batch \(entry.batch)  root \(entry.newRoot)")
                        printed = entry.batch
                    }
                    fflush(nil)  // every output stream: settlement lines reach a pipe as they happen
                }
            }
            if status != 0 { throw ExitCode(status) }
            return
        }
        SupervisedChild.watch()
        LoggingSystem.bootstrap(StreamLogHandler.standardError)
        try reportingErrors {
            let pipeline = try openPipeline(queue, leaseSeconds: leaseSeconds)
            if !SupervisedChild.isSupervised { warnIfInsecureKey(pipeline) }
            var metrics: MetricsServer?
            if let metricsPort {
                let scraped = try openPipeline(queue)  // its own connection: the worker's is busy with steps
                metrics = try MetricsServer(port: metricsPort) { try scraped.depth() }
                FileHandle.standardError.write(Data("metrics on http://0.0.0.0:\(metrics!.port)/metrics\n".utf8))
            }
            defer { withExtendedLifetime(metrics) {} }
            try PipelineWorker(queue: pipeline, threads: threads, untilIdle: untilIdle).run(stop: stop) {
                guard !SupervisedChild.isSupervised else { return }
                print($0.progressLine)
                fflush(nil)  // every output stream: settlement lines reach a pipe as they happen
            }
        }
    }
}

/// `rollup status <queue> [--json]`.
struct QueueStatusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "status", abstract: "Counts per stage, settled position, throughput, leases.")

    @Argument(help: queueArgumentHelp) var queue: String
    @Flag(help: "Print JSON.") var json = false

    func run() throws {
        try reportingErrors {
            let pipeline = try openPipeline(queue)
            warnIfInsecureKey(pipeline)
            let status = try pipeline.status()
            if json {
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.sortedKeys, .prettyPrinted]
                print(String(decoding: try encoder.encode(status), as: UTF8.self))
            } else {
                print(status.text)
            }
        }
    }
}

/// `rollup ledger verify <queue>`.
struct LedgerCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "ledger", abstract: "The settlement ledger.", subcommands: [LedgerShowCommand.self, LedgerVerifyCommand.self, LedgerExportCommand.self])
}

/// Prints one line per settled batch: number, root transition, commitment and entry hash.
struct LedgerShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "show", abstract: "Print the settlement ledger, one line per batch.")

    @Argument(help: queueArgumentHelp) var queue: String

    func run() throws {
        try reportingErrors {
            let pipeline = try openPipeline(queue)
            warnIfInsecureKey(pipeline)
            let entries = try pipeline.ledger.entries()
            for entry in entries {
                let flag = entry.insecureDevelopmentKeySeed.map { "  INSECURE dev key (seed \($0))" } ?? ""
                print("batch \(entry.batch)  \(entry.oldRoot.prefix(12))… -> \(entry.newRoot.prefix(12))…  commitment \(entry.commitment.prefix(12))…  hash \(entry.entryHash.prefix(16))\(flag)")
            }
            print("\(entries.count) settled batches")
        }
    }
}

/// Re-verifies every settled proof and the hash chain: exit 0 if all hold, 1 if not, 2 on bad input.
struct LedgerVerifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "verify", abstract: "Re-verify every settled proof and the hash chain (exit 0/1).")

    @Argument(help: queueArgumentHelp) var queue: String

    func run() throws {
        var passed = false
        try reportingErrors {
            let pipeline = try openPipeline(queue)
            warnIfInsecureKey(pipeline)
            let audit = pipeline.auditLedger()
            audit.problems.forEach { print("problem: \($0)") }
            print(audit.passed ? "ledger ok: \(audit.entries) entries verified" : "ledger FAILED: \(audit.problems.count) problems in \(audit.entries) entries")
            passed = audit.passed
        }
        if !passed { throw ExitCode(1) }
    }
}

/// Writes `NNNNNN.proof.json` and `NNNNNN.public.json` of every settled batch into a directory (either store).
struct LedgerExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export", abstract: "Write NNNNNN.proof.json and NNNNNN.public.json of every settled batch into DIR (for snarkjs or rollup-verify).")

    @Argument(help: queueArgumentHelp) var queue: String
    @Argument(help: "The directory to write into (created if missing).") var directory: String

    func run() throws {
        try reportingErrors {
            let pipeline = try openPipeline(queue)
            let files = try pipeline.exportSettledProofs()
            let target = fileURL(directory)
            try FileManager.default.createDirectory(at: target, withIntermediateDirectories: true)
            for file in files { try DurableFile.write(file.data, to: target.appendingPathComponent(file.name)) }
            print("exported \(files.count / 2) settled batches to \(directory)")
        }
    }
}
