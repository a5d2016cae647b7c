import Foundation
import Pipeline
import PipelineToyEngine
import PostgresClient
import Testing

/// What only the PostgreSQL store has: its schema, the ledger table's constraints, row claims
/// (fencing, parking), and reconnection after the server restarts.
@Suite("PostgreSQL queue", .serialized)
struct PostgresQueueTests {
    @Test func initCreatesTheVersionedSchemaOnceAndRefusesASecondQueue() throws {
        let scratch = try ScratchQueue(.postgres)
        defer { scratch.remove() }
        let database = try scratch.database()
        #expect(try database.query("SELECT version FROM rollup_schema").int(0, 0) == Int64(PostgresQueue.schemaVersion))
        #expect(throws: PipelineError.self) {
            try PipelineQueue.initialize(in: openQueueBackend(scratch.location), engine: ToyEngine(), genesis: nil)
        }
        #expect(try database.query("SELECT count(*) FROM queue_manifest").int(0, 0) == 1)
        let empty = try TestPostgres.createDatabase()
        defer { TestPostgres.dropDatabase(empty) }
        #expect { try ScratchQueue.open(empty) } throws: { "\($0)".contains("a queue created by `rollup init") }
    }

    @Test func aNewerSchemaIsRefusedRatherThanMisread() throws {
        let scratch = try ScratchQueue(.postgres)
        defer { scratch.remove() }
        try scratch.database().query("UPDATE rollup_schema SET version = 99")
        #expect { try ScratchQueue.open(scratch.location) } throws: { "\($0)".contains("schema version \(PostgresQueue.schemaVersion), found 99") }
    }

    @Test func aQueueOfSchemaVersionOneIsUpgradedInPlaceAndKeepsItsLedger() throws {
        let scratch = try ScratchQueue(.postgres)
        defer { scratch.remove() }
        try scratch.submit([1, 2])
        try scratch.runUntilIdle()
        // What a build of schema version 1 left: no workers table.
        try scratch.database().run(script: "DROP TABLE workers; UPDATE rollup_schema SET version = 1;")
        #expect { try ScratchQueue.open(scratch.location) } throws: { "\($0)".contains("found 1 (run `rollup init` to upgrade)") }
        let upgrade = try PostgresQueue(url: scratch.location).upgradeSchema()
        #expect(upgrade?.from == 1 && upgrade?.to == PostgresQueue.schemaVersion)
        #expect(try PostgresQueue(url: scratch.location).upgradeSchema() == nil)  // current: nothing to do
        let reopened = try ScratchQueue.open(scratch.location)
        #expect(try reopened.ledger.entries().map(\.batch) == [1, 2])
        try reopened.backend.recordPresence(.current(worker: reopened.backend.worker, jobs: [], startedAt: "now"))
        #expect(try reopened.backend.presences().count == 1)
    }

    @Test func theLedgerTableRefusesASecondSuccessorAGapBackwardsAndABrokenRootChain() throws {
        let scratch = try ScratchQueue(.postgres)
        defer { scratch.remove() }
        try scratch.submit([1, 2])
        try scratch.runUntilIdle()
        let database = try scratch.database()
        let last = try database.query("SELECT entry_hash, new_root FROM ledger WHERE batch = 2")
        let (hash, root) = (last.string(0, 0)!, last.string(0, 1)!)
        let first = try database.query("SELECT entry_hash, new_root FROM ledger WHERE batch = 1")
        let insert = "INSERT INTO ledger (batch, previous_batch, old_root, new_root, entry_hash, previous_entry_hash, line) VALUES ($1, $2, $3, 'x', $4, $5, 'l')"
        // A second successor of batch 1 (another settler's batch 2, or a replay).
        #expect { try database.query(insert, [.int(3), .int(1), .text(first.string(0, 1)!), .text("h3"), .text(first.string(0, 0)!)]) } throws: {
            ($0 as? PostgresError)?.sqlState == "23505"
        }
        // A batch number that does not increase.
        #expect { try database.query(insert, [.int(2), .int(2), .text(root), .text("h2b"), .text(hash)]) } throws: {
            ($0 as? PostgresError)?.isConstraintViolation == true
        }
        // A root that does not continue the previous entry's.
        #expect { try database.query(insert, [.int(3), .int(2), .text("not-the-root"), .text("h3"), .text(hash)]) } throws: {
            ($0 as? PostgresError)?.sqlState == "23503"
        }
        #expect(try database.query(insert, [.int(3), .int(2), .text(root), .text("h3"), .text(hash)]).affectedRows == 1)  // the control
    }

    @Test func twoSettlersRacingForTheSameBatchSettleItOnce() throws {
        let scratch = try ScratchQueue(.postgres)
        defer { scratch.remove() }
        try scratch.submit([1])
        #expect(try scratch.queue.executeStep())
        #expect(try scratch.queue.proveStep(threads: 1))
        let settlers = try (0..<2).map { _ in try ScratchQueue.open(scratch.location) }
        let record = try JSONDecoder().decode(ExecutionRecord.self, from: scratch.read(.executed, QueueNames.execution(1)))
        let proof = try JSONValue.parse(scratch.read(.proved, QueueNames.proof(1)), source: "proof")
        let signals = try JSONValue.parse(scratch.read(.proved, QueueNames.publicSignals(1)), source: "public")
        let outcomes = Outcomes()
        // Both bypass the ledger claim, as two settlers would after a lease was broken under a paused holder.
        DispatchQueue.concurrentPerform(iterations: 2) { index in
            do {
                _ = try settlers[index].backend.transaction {
                    try settlers[index].ledger.append(batch: 1, statement: record.statement, proof: proof, publicSignals: signals,
                                                      verificationKeySHA256: settlers[index].verificationKeySHA256,
                                                      genesisRoot: settlers[index].manifest.genesisRoot) { _ in false }
                }
                outcomes.add("settled")
            } catch {
                outcomes.add("\(error)")
            }
        }
        #expect(outcomes.all.filter { $0 == "settled" }.count == 1, "\(outcomes.all)")
        #expect(outcomes.all.contains { $0.contains("cannot follow batch 1") || $0.contains("refused batch 1") })
        #expect(try scratch.settledBatches() == [1])
    }

    @Test func aWorkerWhoseClaimWasBrokenCannotWriteItsResult() throws {
        let scratch = try ScratchQueue(.postgres)
        defer { scratch.remove() }
        let paused = try openQueueBackend(scratch.location, worker: "paused", leaseTTL: 30)
        let other = try openQueueBackend(scratch.location, worker: "other", leaseTTL: 30)
        let claim = try #require(try paused.claim("prove-000001"))
        #expect(try other.claim("prove-000001") == nil)
        // The paused holder missed its heartbeats: the claim expires and another worker breaks it.
        try scratch.database().query("UPDATE jobs SET heartbeat_at = now() - interval '1 hour' WHERE job = 'prove-000001'")
        let broken = try #require(try other.claim("prove-000001"))
        #expect(throws: PipelineError.self) {
            try paused.transaction {
                try claim.checkHeld()
                try paused.write(Data("late".utf8), name: QueueNames.proof(1), in: .proved)
            }
        }
        #expect(try !other.exists(QueueNames.proof(1), in: .proved))
        claim.release()  // must not release the new holder's claim
        #expect(try other.claims().map(\.worker) == ["other"])
        broken.release()
        #expect(try other.claims().isEmpty)
    }

    @Test func aProofJobAbandonedTooOftenIsParkedWithItsReasonAndShownInStatus() throws {
        let scratch = try ScratchQueue(.postgres)
        defer { scratch.remove() }
        try scratch.submit([1, 2])
        #expect(try scratch.queue.executeStep())
        #expect(try scratch.queue.executeStep())
        // Batch 1's prover died mid-proof as many times as a job may be claimed.
        try scratch.database().query("""
            INSERT INTO jobs (job, holder, token, heartbeat_at, attempts)
            VALUES ('prove-000001', 'dead@host', 't', now() - interval '1 hour', \(PostgresQueue.defaultMaximumAttempts))
            """)
        #expect(try scratch.queue.proveStep(threads: 1))  // parks batch 1, proves batch 2
        #expect(try scratch.exists(.proved, QueueNames.proof(2)))
        #expect(try !scratch.exists(.proved, QueueNames.proof(1)))
        let status = try scratch.queue.status()
        #expect(status.parkedJobs == 1)
        #expect(status.text.contains("prove-000001 PARKED: claimed \(PostgresQueue.defaultMaximumAttempts) times without a result; last holder dead@host"))
        try scratch.runUntilIdle()  // exits: a parked job is not work
        #expect(try scratch.settledBatches().isEmpty)
    }

    @Test func aClaimTakenBackAfterAWorkerDiedCountsItsAttempts() throws {
        let scratch = try ScratchQueue(.postgres)
        defer { scratch.remove() }
        let backend = try openQueueBackend(scratch.location, worker: "second", leaseTTL: 30)
        try scratch.database().query("INSERT INTO jobs (job, holder, token, heartbeat_at, attempts) VALUES ('prove-000007', 'dead', 't', now() - interval '1 hour', 1)")
        let claim = try #require(try backend.claim("prove-000007"))
        #expect(try backend.claims().first?.attempts == 2)
        claim.release()
        #expect(try backend.claims().isEmpty)
    }

    @Test func workersReconnectAfterTheServerRestartsAndSettleEverythingOnce() throws {
        let scratch = try ScratchQueue(.postgres)
        defer { scratch.remove() }
        try scratch.submit(Array(1...30))
        let workers = try (0..<2).map { _ in try startWorker(scratch, untilIdle: true, delayMilliseconds: 40) }
        Thread.sleep(forTimeInterval: 0.8)
        try TestPostgres.restartServer()
        for worker in workers { #expect(wait(for: worker, seconds: 90) == 0, "\(scratch.workerLog.suffix(2000))") }
        #expect(scratch.workerLog.contains("reconnected"))
        let queue = try ScratchQueue.open(scratch.location)
        #expect(try queue.ledger.entries().map(\.batch) == Array(1...30))
        let audit = queue.auditLedger()
        #expect(audit.passed, "\(audit.problems)")
    }

    @Test func aProverKilledMidProofHasItsJobRequeuedAfterTheLeaseAndSettledOnce() throws {
        let scratch = try ScratchQueue(.postgres)
        defer { scratch.remove() }
        try scratch.submit([1])
        #expect(try scratch.queue.executeStep())
        let database = try scratch.database()
        let prover = try startWorker(scratch, untilIdle: false, delayMilliseconds: 4000, leaseSeconds: 1)
        let deadline = Date().addingTimeInterval(20)
        var held = false
        while !held && Date() < deadline {
            held = try database.query("SELECT 1 FROM jobs WHERE job = 'prove-000001' AND holder IS NOT NULL").count == 1
                && (try !scratch.exists(.proved, QueueNames.proof(1)))
            if !held { Thread.sleep(forTimeInterval: 0.01) }
        }
        #expect(held, "the prover never claimed batch 1's proof job")
        kill(prover.processIdentifier, SIGKILL)  // inside the proof: the claim is held and nothing is written yet
        prover.waitUntilExit()
        #expect(try !scratch.exists(.proved, QueueNames.proof(1)))
        let start = Date()
        #expect(try scratch.queue.proveStep(threads: 1) == false || start.timeIntervalSinceNow > -1)  // the dead claim is still live
        Thread.sleep(forTimeInterval: 1.2)  // past the lease
        let second = try ScratchQueue.open(scratch.location, leaseTTL: 1)
        #expect(try second.proveStep(threads: 1))
        try scratch.runUntilIdle()
        #expect(try scratch.settledBatches() == [1])
        #expect(scratch.queue.auditLedger().passed)
    }

    @Test func anExecutorKilledMidBatchLeavesNoHalfCommittedState() throws {
        let scratch = try ScratchQueue(.postgres)
        defer { scratch.remove() }
        try scratch.submit(Array(1...40))
        for _ in 0..<4 {
            let worker = try startWorker(scratch, untilIdle: false, delayMilliseconds: 30)
            Thread.sleep(forTimeInterval: Double.random(in: 0.2...0.6))
            kill(worker.processIdentifier, SIGKILL)
            worker.waitUntilExit()
            // Whatever the kill interrupted, the state and the executed rows agree: they commit together.
            let executed = try scratch.queue.stateSummary().lastExecutedBatch
            let records = try scratch.queue.backend.list(.executed).compactMap { QueueNames.batchNumber(of: $0, suffix: ".json") }
            #expect(records.max() ?? 0 == executed)
            #expect(try scratch.queue.backend.list(.incoming).compactMap(QueueNames.batchNumber(ofBatchFile:)).allSatisfy { $0 > executed })
        }
        let last = try startWorker(scratch, untilIdle: true, delayMilliseconds: 0)
        #expect(wait(for: last, seconds: 60) == 0)
        #expect(try scratch.settledBatches() == Array(1...40))
        #expect(scratch.queue.auditLedger().passed)
    }
}

/// Strings collected from several threads.
final class Outcomes: @unchecked Sendable {
    private let lock = NSLock()
    private var values: [String] = []

    func add(_ value: String) { lock.withLock { values.append(value) } }
    var all: [String] { lock.withLock { values } }
}
