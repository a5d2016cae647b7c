import Foundation
import Pipeline
import Testing

/// Deterministic crash points (issue 15): a `rollup worker` on the tiny circuit started with `ROLLUP_CRASH_POINT`
/// SIGKILLs itself at that point, on either queue store; the test checks what the kill left, that the next worker
/// ran the expected recoveries (`recovery: <kind>` lines), and that the settled roots equal a `batch apply` replay.
@Suite("Crash points", .serialized)
struct CrashPointCLITests {
    enum Store: String, CaseIterable, Sendable, CustomTestStringConvertible {
        case files, postgres

        var testDescription: String { rawValue }
    }

    /// The queue as `status --json` shows it right after the kill.
    struct Left: Equatable, CustomStringConvertible {
        var executed: Int, awaitingProof: Int, awaitingSettlement: Int, settled: Int

        var description: String { "executed \(executed), awaiting proof \(awaitingProof), awaiting settlement \(awaitingSettlement), settled \(settled)" }
    }

    /// What a kill at `point` leaves on `store` with two batches submitted, and the recoveries the next worker logs.
    /// On PostgreSQL a step is one transaction, so a kill inside it leaves nothing of the step (the rollback is the
    /// recovery); claims of proof jobs are rows committed on their own, and expire like lease files.
    static func expected(_ point: CrashPoint, _ store: Store) -> (left: Left, recoveries: Set<RecoveryKind>) {
        switch (point, store) {
        case (.claimTaken, _): return (Left(executed: 2, awaitingProof: 2, awaitingSettlement: 0, settled: 0), [.expiredClaimTakenOver])
        case (.witnessPersisted, .files): return (Left(executed: 0, awaitingProof: 1, awaitingSettlement: 0, settled: 0), [.expiredClaimTakenOver, .reexecute])
        case (.witnessPersisted, .postgres): return (Left(executed: 0, awaitingProof: 0, awaitingSettlement: 0, settled: 0), [])
        case (.stateCommitted, .files): return (Left(executed: 1, awaitingProof: 1, awaitingSettlement: 0, settled: 0), [.expiredClaimTakenOver, .finishExecuteMove])
        case (.stateCommitted, .postgres): return (Left(executed: 0, awaitingProof: 0, awaitingSettlement: 0, settled: 0), [])
        case (.betweenProofFiles, .files): return (Left(executed: 2, awaitingProof: 2, awaitingSettlement: 0, settled: 0), [.expiredClaimTakenOver, .reprovePartialProof])
        case (.betweenProofFiles, .postgres): return (Left(executed: 2, awaitingProof: 2, awaitingSettlement: 0, settled: 0), [.expiredClaimTakenOver])
        case (.ledgerAppended, .files): return (Left(executed: 2, awaitingProof: 1, awaitingSettlement: 1, settled: 1), [.expiredClaimTakenOver, .finishSettleMove])
        case (.ledgerAppended, .postgres): return (Left(executed: 2, awaitingProof: 1, awaitingSettlement: 1, settled: 0), [])
        }
    }

    /// Every point on one store, sharing one tiny-circuit key (its setup costs about as much as a case).
    @Test(arguments: Store.allCases) func aKillAtEachCrashPointIsRecoveredToTheReplayedRoots(store: Store) throws {
        let (directory, environment) = try tinyCircuitScratch()
        defer { try? FileManager.default.removeItem(at: directory) }
        for point in CrashPoint.allCases {
            try killAndRecover(at: point, store: store, in: directory.appendingPathComponent(point.rawValue), environment: environment)
        }
    }

    func killAndRecover(at point: CrashPoint, store: Store, in directory: URL, environment: [String: String]) throws {
        func path(_ name: String) -> String { directory.appendingPathComponent(name).path }
        func rollup(_ arguments: [String], crashPoint: CrashPoint? = nil) throws -> (status: Int32, killed: Bool, output: String, error: String) {
            try runRecordingSignal("rollup", arguments, environment: environment.merging(crashPoint.map { [CrashPoint.environmentVariable: $0.rawValue] } ?? [:]) { $1 })
        }
        let queue = store == .files ? path("queue") : try createDatabase()
        defer { if store == .postgres { dropDatabase(queue) } }
        #expect(try rollup(["gen-batches", path("batches"), "--accounts", "8", "--batches", "2", "--txs", "2", "--seed", "11"]).status == 0)
        let batches = (1...2).map { path("batches/batch-00000\($0).json") }
        #expect(try rollup(["init", queue, "--circuit", "tiny", "--genesis", path("batches/genesis.json"), "--insecure-dev-key"]).status == 0)
        #expect(try rollup(["submit", queue] + batches).status == 0)
        let worker = ["worker", queue, "--threads", "1", "--until-idle", "--lease-seconds", "1"]

        let crashed = try rollup(worker, crashPoint: point)
        #expect(crashed.killed && crashed.status == SIGKILL, "\(point): \(crashed.error)")
        #expect(crashed.error.contains("crash point: \(point.rawValue)"), "\(point): \(crashed.error)")
        let (left, recoveries) = Self.expected(point, store)
        #expect(try status(queue, environment) == left, "\(point)")

        let restarted = try rollup(worker)
        #expect(restarted.status == 0 && !restarted.killed, "\(point): \(restarted.error)")
        let logged = Set(restarted.error.split(separator: "\n").compactMap { line in
            line.range(of: "recovery: ").flatMap { RecoveryKind(rawValue: String(line[$0.upperBound...].prefix { !$0.isWhitespace })) }
        })
        #expect(logged == recoveries, "\(point): \(restarted.error)")
        #expect(!restarted.error.contains("crash point"), "\(point)")

        #expect(try rollup(["ledger", "verify", queue]).status == 0, "\(point)")
        let settled = try statusJSON(queue, environment)
        #expect(settled["lastSettledBatch"] as? Int == 2, "\(point)")
        var replayed = ""
        for batch in batches {
            let applied = try rollup(["batch", "apply", path("replay"), batch, "--genesis", path("batches/genesis.json")])
            #expect(applied.status == 0, "\(point): \(applied.error)")
            replayed = String(applied.output.split(separator: ">").last!.split(separator: ",").first!.trimmingCharacters(in: .whitespaces))
        }
        #expect(settled["lastSettledRoot"] as? String == replayed, "\(point)")
    }

    @Test func anUnknownCrashPointIsRefusedNamingTheKnownOnes() throws {
        let queue = try scratchDirectory()
        defer { try? FileManager.default.removeItem(at: queue) }
        #expect(try run("rollup", ["init", queue.appendingPathComponent("q").path, "--circuit", "tiny", "--insecure-dev-key"]).status == 0)
        let worker = try run("rollup", ["worker", queue.appendingPathComponent("q").path, "--until-idle"], environment: [CrashPoint.environmentVariable: "nowhere"])
        #expect(worker.status != 0 && worker.error.contains("ROLLUP_CRASH_POINT") && worker.error.contains(CrashPoint.ledgerAppended.rawValue), "\(worker.error)")
    }

    func statusJSON(_ queue: String, _ environment: [String: String]) throws -> [String: Any] {
        let status = try run("rollup", ["status", queue, "--json"], environment: environment)
        return try JSONSerialization.jsonObject(with: Data(status.output.utf8)) as? [String: Any] ?? [:]
    }

    func status(_ queue: String, _ environment: [String: String]) throws -> Left {
        let json = try statusJSON(queue, environment)
        func count(_ key: String) -> Int { json[key] as? Int ?? -1 }
        return Left(executed: count("lastExecutedBatch"), awaitingProof: count("awaitingProof"),
                    awaitingSettlement: count("awaitingSettlement"), settled: count("lastSettledBatch"))
    }
}
