import Foundation
import Pipeline
import PostgresClient
import Rollup
import RollupEngine
import Testing

/// What one `transfer32-d24` batch moves through PostgreSQL, measured on the connections' payload
/// counters: the submission, the execute step (batch in, state and compact trace out) and the
/// prover's read of the trace. The proof itself is not made here (it needs the 1.4 GB proving
/// key); its files are under 1 KB per batch (see the tiny circuit's `proved/` rows).
@Suite("Database traffic per transaction")
struct DatabaseTrafficTests {
    @Test func aTransfer32D24BatchMovesAtMostEightKilobytesPerTransactionThroughTheDatabase() throws {
        let bundle = try #require(CircuitBundle.named("transfer32-d24", root: repositoryCircuits))
        let engine = try RollupBatchEngine(bundle: bundle)
        var generator = try BatchGenerator(configuration: bundle.configuration, accountCount: 64, seed: 3)
        let genesis = Data(generator.genesis.json.utf8)
        let batch = try generator.nextBatch(transactions: bundle.configuration.slots)
        let url = try TestPostgres.createDatabase(prefix: "traffic")
        defer { TestPostgres.dropDatabase(url) }
        try PipelineQueue.initialize(in: openQueueBackend(url), engine: engine, genesis: genesis, allowingInsecureDevelopmentKey: true)

        let executor = try PipelineQueue(backend: openQueueBackend(url), resolver: { _ in engine })
        let connection = try #require(Self.connection(of: executor))
        let before = connection.payloadBytes
        #expect(try executor.submit(Data(batch.json.utf8), fileName: "batch-000001.json") == .accepted(1))
        #expect(try executor.executeStep())
        #expect(try executor.stateSummary().lastExecutedBatch == 1)
        let trace = try executor.backend.read(QueueNames.witness(1), in: .executed)  // what the prover reads
        let after = connection.payloadBytes
        let total = (after.sent - before.sent) + (after.received - before.received)
        let perTransaction = total / bundle.configuration.slots
        print("transfer32-d24 through PostgreSQL: \(total) bytes per batch (\(after.sent - before.sent) sent, \(after.received - before.received) received), "
              + "\(perTransaction) per transaction; trace \(trace.count) bytes (\(trace.count / bundle.configuration.slots) per transaction)")
        #expect(perTransaction <= 8192)
        #expect(trace.count < 8192 * bundle.configuration.slots / 2)
    }

    /// The step connection of a PostgreSQL queue.
    static func connection(of queue: PipelineQueue) -> PostgresConnection? {
        if case .postgres(let connection) = queue.backend.engineState { return connection }
        return nil
    }

    /// The repository's `Circuits/` (manifest and verification key of each shipped circuit).
    var repositoryCircuits: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Circuits")
    }
}
