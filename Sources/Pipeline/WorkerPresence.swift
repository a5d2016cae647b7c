import Foundation

/// A running worker as `rollup status` lists it: who and where it is, what it holds, when it last beat.
public struct WorkerPresence: Codable, Sendable, Equatable {
    /// How often a running worker renews its presence, in seconds.
    public static let beatInterval: TimeInterval = 2
    /// A presence not renewed for this long belongs to a worker that died without retiring (SIGKILL, lost host).
    public static let silentAfter: TimeInterval = 5 * beatInterval

    /// The worker's identity, as in its claims.
    public var worker: String
    public var host: String
    public var pid: Int32
    /// The jobs and serial roles it holds right now ("prove-000042", "state", "ledger"); empty when it waits for work.
    public var jobs: [String]
    public var startedAt: String
    /// Seconds since its last renewal; set when read back (`QueueBackend.presences()`), nil in a record being written.
    public var heartbeatAgeSeconds: Double?

    /// This process's presence as `worker`, holding `jobs`.
    public static func current(worker: String, jobs: [String], startedAt: String) -> WorkerPresence {
        WorkerPresence(worker: worker, host: ProcessInfo.processInfo.hostName, pid: ProcessInfo.processInfo.processIdentifier,
                       jobs: jobs, startedAt: startedAt, heartbeatAgeSeconds: nil)
    }

    /// Whether the worker stopped renewing its presence without retiring it.
    public var isSilent: Bool { (heartbeatAgeSeconds ?? 0) > Self.silentAfter }
}

/// The claims a backend handed out and that are not released yet: what this worker holds, for its presence.
final class HeldJobs: @unchecked Sendable {
    private let lock = NSLock()
    private var jobs: [Int: String] = [:]
    private var nextID = 0

    /// Wraps `claim` so that it counts as held until it is released (or dropped).
    func track(_ claim: JobClaim?) -> JobClaim? {
        guard let claim else { return nil }
        let id = lock.withLock { () -> Int in
            nextID += 1
            jobs[nextID] = claim.job
            return nextID
        }
        return TrackedClaim(inner: claim, registry: self, id: id)
    }

    /// The held jobs, sorted.
    var current: [String] { lock.withLock { jobs.values.sorted() } }

    fileprivate func remove(_ id: Int) { _ = lock.withLock { jobs.removeValue(forKey: id) } }
}

/// A claim that leaves its backend's `HeldJobs` when released.
private final class TrackedClaim: JobClaim, @unchecked Sendable {
    let inner: JobClaim
    let registry: HeldJobs
    let id: Int

    init(inner: JobClaim, registry: HeldJobs, id: Int) {
        self.inner = inner
        self.registry = registry
        self.id = id
    }

    var job: String { inner.job }
    var replacedExpiredClaim: Bool { inner.replacedExpiredClaim }
    func checkHeld() throws { try inner.checkHeld() }

    func release() {
        registry.remove(id)
        inner.release()
    }

    deinit { registry.remove(id) }
}

/// Renews this worker's presence every `WorkerPresence.beatInterval` on a timer, from the backend's held jobs,
/// and retires it when stopped; a renewal that fails (the store is unreachable) is retried at the next beat.
final class PresenceBeacon: @unchecked Sendable {
    private let backend: QueueBackend
    private let beats = DispatchQueue(label: "worker.presence")
    private let timer: DispatchSourceTimer
    private let startedAt = Timestamp.now()

    init(backend: QueueBackend) {
        self.backend = backend
        timer = DispatchSource.makeTimerSource(queue: beats)
        timer.schedule(deadline: .now(), repeating: WorkerPresence.beatInterval)
        timer.setEventHandler { [backend, startedAt] in
            try? backend.recordPresence(.current(worker: backend.worker, jobs: backend.heldJobs, startedAt: startedAt))
        }
        timer.resume()
    }

    /// Stops renewing and removes the presence (a clean exit).
    func retire() {
        timer.cancel()
        beats.sync {}  // a renewal already running finishes before the removal
        backend.removePresence()
    }
}
