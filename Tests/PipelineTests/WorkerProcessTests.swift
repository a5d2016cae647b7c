import Foundation
import Pipeline
import Testing

/// Real worker processes (`pipeline-test-worker`): racing, SIGKILL at random moments, SIGTERM.
@Suite("Worker processes", .serialized)
struct WorkerProcessTests {
    @Test(arguments: QueueStore.allCases) func threeWorkersRaceOnOneQueue(store: QueueStore) throws {
        let scratch = try ScratchQueue(store)
        defer { scratch.remove() }
        try scratch.submit(Array(1...20))
        let workers = try (0..<3).map { _ in try startWorker(scratch, untilIdle: true, delayMilliseconds: 10) }
        for worker in workers { #expect(wait(for: worker, seconds: 40) == 0) }
        #expect(try scratch.settledBatches() == Array(1...20))
        #expect(scratch.queue.auditLedger().passed)
        #expect(try scratch.queue.status().leases.isEmpty)
    }

    @Test(arguments: QueueStore.allCases) func sigkillAtRandomMomentsLosesNothingAndSettlesNothingTwice(store: QueueStore) throws {
        let scratch = try ScratchQueue(store)
        defer { scratch.remove() }
        try scratch.submit(Array(1...12))
        for round in 0..<5 {
            let workers = try (0..<2).map { _ in try startWorker(scratch, untilIdle: false, delayMilliseconds: 60) }
            Thread.sleep(forTimeInterval: Double.random(in: 0.3...0.9))
            for worker in workers {
                kill(worker.processIdentifier, SIGKILL)
                worker.waitUntilExit()
            }
            try scratch.submit([UInt64(13 + round)])
        }
        let last = try startWorker(scratch, untilIdle: true, delayMilliseconds: 0)
        #expect(wait(for: last, seconds: 30) == 0, "\(scratch.workerLog.split(separator: "\n").filter { $0.contains("error") })")
        let settled = try scratch.settledBatches()
        #expect(settled == Array(1...17))
        let audit = scratch.queue.auditLedger()
        #expect(audit.passed, "\(audit.problems)")
        #expect(try scratch.queue.stateSummary().lastExecutedBatch == 17)
        for stage in [Stage.incoming, .proved] { #expect(try scratch.queue.backend.list(stage).isEmpty) }
    }

    @Test(arguments: QueueStore.allCases) func sigtermFinishesTheCurrentStepAndExitsZero(store: QueueStore) throws {
        let scratch = try ScratchQueue(store)
        defer { scratch.remove() }
        try scratch.submit(Array(1...50))
        let worker = try startWorker(scratch, untilIdle: false, delayMilliseconds: 100)
        Thread.sleep(forTimeInterval: 0.7)
        kill(worker.processIdentifier, SIGTERM)
        #expect(wait(for: worker, seconds: 5) == 0)
        #expect(try scratch.queue.status().leases.isEmpty)  // released on the way out
        #expect(scratch.queue.auditLedger().passed)
    }

    @Test(arguments: QueueStore.allCases) func workerExitsWithAClearErrorWhenTheStateIsMissing(store: QueueStore) throws {
        let scratch = try ScratchQueue(store)
        defer { scratch.remove() }
        try scratch.submit([1])
        try scratch.removeState()
        let worker = try startWorker(scratch, untilIdle: true, delayMilliseconds: 0)
        #expect(wait(for: worker, seconds: 10) == 1)
        #expect(try scratch.rawState() == nil)
        #expect(scratch.workerLog.contains("never re-initialising it"))
    }

    @Test func rollupCLIRefusesAnUnknownCircuit() throws {
        let process = Process()
        process.executableURL = executable("rollup")
        process.arguments = ["init", FileManager.default.temporaryDirectory.appendingPathComponent("q-\(UUID().uuidString)").path, "--circuit", "nope"]
        let error = Pipe()
        process.standardError = error
        try process.run()
        let message = String(decoding: error.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 2 && message.contains("unknown circuit \"nope\""))
    }
}

/// `rollup status` lists every running worker, idle ones included, with its host, pid, jobs and heartbeat age.
@Suite("Worker presence", .serialized)
struct WorkerPresenceTests {
    @Test(arguments: QueueStore.allCases) func statusListsEveryWorkerAndForgetsOnlyThoseThatRetired(store: QueueStore) throws {
        let scratch = try ScratchQueue(store)
        defer { scratch.remove() }
        try scratch.submit(Array(1...30))
        let workers = try (0..<2).map { _ in try startWorker(scratch, untilIdle: false, delayMilliseconds: 150) }
        defer { for worker in workers where worker.isRunning { kill(worker.processIdentifier, SIGKILL); worker.waitUntilExit() } }
        var seenJobs = Set<String>()
        var presences: [WorkerPresence] = []
        let deadline = Date().addingTimeInterval(20)
        while Date() < deadline {
            presences = try status(scratch).workers
            presences.forEach { seenJobs.formUnion($0.jobs) }
            if presences.count == 2, !seenJobs.isEmpty { break }
            Thread.sleep(forTimeInterval: 0.1)
        }
        #expect(Set(presences.map(\.pid)) == Set(workers.map(\.processIdentifier)), "\(presences)")
        #expect(presences.allSatisfy { $0.host == ProcessInfo.processInfo.hostName && !$0.isSilent && ($0.heartbeatAgeSeconds ?? 99) < WorkerPresence.silentAfter })
        #expect(!seenJobs.isEmpty, "no presence ever showed a held job")
        #expect(seenJobs.allSatisfy { ["state", "ledger"].contains($0) || $0.hasPrefix("prove-") }, "jobs seen: \(seenJobs)")
        #expect(try status(scratch).text.contains("pid \(workers[0].processIdentifier) on \(ProcessInfo.processInfo.hostName)"))

        kill(workers[0].processIdentifier, SIGTERM)  // a clean exit retires the presence
        #expect(wait(for: workers[0], seconds: 10) == 0)
        kill(workers[1].processIdentifier, SIGKILL)  // a killed worker's presence stays, and goes silent
        workers[1].waitUntilExit()
        let left = try status(scratch).workers
        #expect(left.map(\.pid) == [workers[1].processIdentifier], "\(left)")
    }

    /// The queue's status, reconnecting if another suite's test restarted the server meanwhile.
    func status(_ scratch: ScratchQueue) throws -> QueueStatus {
        for _ in 0..<20 {
            do { return try scratch.queue.status() } catch {
                guard scratch.queue.backend.recover(from: error) else { throw error }
            }
        }
        return try scratch.queue.status()
    }
}
