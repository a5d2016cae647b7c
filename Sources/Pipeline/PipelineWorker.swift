import Dispatch
import Foundation
import Logging

/// Set by SIGTERM or SIGINT: the worker finishes its current step, then stops.
public final class StopSignal: @unchecked Sendable {
    private let lock = NSLock()
    private var requested = false
    private var sources: [DispatchSourceSignal] = []

    /// A signal that only `request()` sets.
    public init() {}

    /// Installs handlers so that SIGTERM and SIGINT request a stop instead of killing the process.
    public static func installed() -> StopSignal {
        let stop = StopSignal()
        for number in [SIGTERM, SIGINT] {
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler { stop.request() }
            source.resume()
            stop.sources.append(source)
        }
        return stop
    }

    /// Asks the worker to stop after its current step.
    public func request() {
        lock.lock()
        requested = true
        lock.unlock()
    }

    /// Whether a stop was requested.
    public var isRequested: Bool {
        lock.lock()
        defer { lock.unlock() }
        return requested
    }
}

/// One worker process's loop: settle, else execute, else prove; sleeps briefly when there is nothing to do.
public struct PipelineWorker: Sendable {
    public var queue: PipelineQueue
    /// Threads the engine may use for one proof.
    public var threads: Int
    /// Exit once nothing is left to do anywhere in the queue.
    public var untilIdle: Bool
    /// The longest pause between polls of an idle queue; pauses start at 5 ms and double while nothing is done,
    /// so a worker that found a role busy retries quickly and an idle pool polls ten times a second.
    public var idleSleep: TimeInterval = 0.1

    /// A worker over `queue`.
    public init(queue: PipelineQueue, threads: Int, untilIdle: Bool) {
        self.queue = queue
        self.threads = threads
        self.untilIdle = untilIdle
    }

    /// Runs until `stop` is requested (or the queue is idle with `untilIdle`); calls `onSettled` for each settled batch.
    /// Arms the crash point `ROLLUP_CRASH_POINT` names, if any (`CrashPoint`, a test and debugging flag).
    public func run(stop: StopSignal, onSettled: (SettledBatch) -> Void = { _ in }) throws {
        var worker = self
        worker.queue.crashPoint = try CrashPoint.armed()
        if let point = worker.queue.crashPoint {
            queue.logger.warning("crash point armed: this worker SIGKILLs itself at \(point.rawValue) (\(CrashPoint.environmentVariable), tests only)")
        }
        try worker.loop(stop: stop, onSettled: onSettled)
    }

    private func loop(stop: StopSignal, onSettled: (SettledBatch) -> Void) throws {
        _ = PipelineMetrics.brokenLeases
        let presence = PresenceBeacon(backend: queue.backend)
        defer { presence.retire() }
        var pause = min(0.005, idleSleep)
        while !stop.isRequested {
            do {
                if try step(onSettled: onSettled) {
                    pause = min(0.005, idleSleep)
                    continue
                }
            } catch PipelineError.leaseLost(let path) {
                PipelineMetrics.brokenLease()
                queue.logger.warning("lease lost; step abandoned", metadata: ["lease": "\(path)"])
                continue
            } catch {
                guard queue.backend.recover(from: error) else { throw error }
                queue.logger.warning("queue store connection lost; reconnected, retrying the step", metadata: ["error": "\(error)"])
                continue
            }
            do {
                if untilIdle, try !queue.hasWork() { return }
            } catch {
                guard queue.backend.recover(from: error) else { throw error }
                continue
            }
            Thread.sleep(forTimeInterval: pause)
            pause = min(pause * 2, idleSleep)
        }
        queue.logger.info("stop requested; exiting after the current step")
    }

    /// One step of the highest-priority role that has work; whether anything was done.
    public func step(onSettled: (SettledBatch) -> Void = { _ in }) throws -> Bool {
        let settle = try queue.settleStep()
        if !settle.settled.isEmpty { PipelineMetrics.job("settle", "settled", count: settle.settled.count) }
        settle.settled.forEach(onSettled)
        if settle.progressed { return true }
        if try queue.executeStep() { return true }
        return try queue.proveStep(threads: threads)
    }
}

extension PipelineQueue {
    /// Whether any worker could still make progress: a live lease, an executable batch, a witness to prove or a proof to settle.
    public func hasWork() throws -> Bool {
        let claims = try backend.claims()
        if claims.contains(where: { !$0.expired && $0.parkedReason == nil }) { return true }
        let parked = Set(claims.filter { $0.parkedReason != nil }.map(\.job))
        let executed = try stateSummary().lastExecutedBatch
        // Only these two batches can be executed (or finish executing) now; other incoming ones wait for them.
        if try backend.exists(QueueNames.batch(nextBatch(after: executed)), in: .incoming)
            || (executed > 0 && backend.exists(QueueNames.batch(executed), in: .incoming)) { return true }
        let settled = try settledPosition().batch
        if try provableBatches(after: settled).contains(where: { !parked.contains(Self.proveJob($0)) }) { return true }
        let proved = try backend.list(.proved).compactMap { QueueNames.batchNumber(of: $0, suffix: ".proof.json") }
        let nextSettleable = try nextBatch(after: settled)
        return proved.contains { $0 <= settled || $0 == nextSettleable }
    }
}
