import Foundation

/// What `rollup status` reports: files per stage, the settled position, throughput and leases.
public struct QueueStatus: Codable, Sendable {
    public var circuit: String
    /// The dev seed when the circuit's key is an INSECURE development key (its settlements prove nothing).
    public var insecureDevelopmentKeySeed: UInt64?
    /// Batch files waiting in incoming/.
    public var incoming: Int
    /// Executed batches whose witness has no proof yet.
    public var awaitingProof: Int
    /// Proofs in proved/ waiting for settlement.
    public var awaitingSettlement: Int
    public var settled: Int
    public var rejectedBatches: Int
    public var rejectedWitnesses: Int
    public var refusedProofs: Int
    /// The engine state's last executed batch, nil with the error in `stateError` when the state is unreadable.
    public var lastExecutedBatch: UInt64?
    public var stateError: String?
    public var lastSettledBatch: UInt64
    public var lastSettledRoot: String
    /// Settled batches per minute over the last (up to) 100 entries.
    public var settledPerMinute: Double?
    /// The batch settlement waits for when its witness was rejected (an operator must act), else nil.
    public var blockedAt: UInt64?
    public var leases: [ClaimInfo]
    public var expiredLeases: Int
    /// Jobs no worker will claim again until an operator acts (PostgreSQL).
    public var parkedJobs: Int
    /// Every worker that recorded its presence, idle ones included; silent ones died without retiring.
    public var workers: [WorkerPresence]

    /// A human-readable report, one fact a line.
    public var text: String {
        var lines = ["circuit: \(circuit)" + (insecureDevelopmentKeySeed.map { "  (INSECURE development key, dev seed \($0): proofs can be forged)" } ?? ""),
                     "incoming: \(incoming)  awaiting proof: \(awaitingProof)  awaiting settlement: \(awaitingSettlement)  settled: \(settled)",
                     "rejected batches: \(rejectedBatches)  rejected witnesses: \(rejectedWitnesses)  refused proofs: \(refusedProofs)",
                     "last executed batch: \(lastExecutedBatch.map(String.init) ?? "unknown (\(stateError ?? "?"))")",
                     "last settled batch: \(lastSettledBatch)  root: \(lastSettledRoot)"]
        if let settledPerMinute { lines.append(String(format: "throughput: %.1f batches/minute", settledPerMinute)) }
        if let blockedAt { lines.append("BLOCKED: batch \(blockedAt)'s witness was rejected (see rejected/); settlement cannot continue") }
        lines.append("leases: \(leases.count - parkedJobs) (\(expiredLeases) expired)" + (parkedJobs > 0 ? "  PARKED jobs: \(parkedJobs)" : ""))
        for lease in leases {
            if let parked = lease.parkedReason {
                lines.append("  \(lease.job) PARKED: \(parked)")
                continue
            }
            let attempts = lease.attempts.map { $0 > 1 ? ", attempt \($0)" : "" } ?? ""
            lines.append(String(format: "  %@ held by %@, heartbeat %.1f s ago%@%@", lease.job, lease.worker, lease.ageSeconds, attempts, lease.expired ? " (EXPIRED)" : ""))
        }
        let silent = workers.filter(\.isSilent).count
        lines.append("workers: \(workers.count - silent)" + (silent > 0 ? "  (\(silent) silent: killed or cut off?)" : ""))
        for worker in workers {
            lines.append(String(format: "  pid %d on %@: %@, heartbeat %.1f s ago%@  [%@]", worker.pid, worker.host,
                                worker.jobs.isEmpty ? "idle" : worker.jobs.joined(separator: ", "), worker.heartbeatAgeSeconds ?? 0,
                                worker.isSilent ? " (SILENT)" : "", worker.worker))
        }
        return lines.joined(separator: "\n")
    }
}

extension PipelineQueue {
    /// The queue's current status (reads every stage; cheap next to any step).
    public func status() throws -> QueueStatus {
        let entries = try ledger.entries()
        let (lastSettled, root) = try settledPosition()
        let executedNames = try backend.list(.executed)
        let provedProofs = try backend.list(.proved).filter { $0.hasSuffix(".proof.json") }
        let rejected = try backend.list(.rejected)
        let leases = try backend.claims()
        var summary: StateSummary?
        var stateError: String?
        do { summary = try stateSummary() } catch { stateError = "\(error)" }
        let next = try nextBatch(after: lastSettled)
        let window = entries.suffix(100)
        var throughput: Double?
        if window.count >= 2, let first = Timestamp.date(window.first!.settledAt), let last = Timestamp.date(window.last!.settledAt), last > first {
            throughput = Double(window.count - 1) / last.timeIntervalSince(first) * 60
        }
        return QueueStatus(
            circuit: manifest.circuit,
            insecureDevelopmentKeySeed: insecureDevelopmentKeySeed,
            incoming: try backend.list(.incoming).filter { QueueNames.batchNumber(ofBatchFile: $0) != nil }.count,
            awaitingProof: try provableBatches(after: lastSettled).count,
            awaitingSettlement: provedProofs.count,
            settled: entries.count,
            rejectedBatches: rejected.filter { QueueNames.batchNumber(ofBatchFile: $0) != nil || ($0.hasPrefix("submit-") && !$0.hasSuffix(".reason.json")) }.count,
            rejectedWitnesses: rejected.filter { $0.hasSuffix(".witness") }.count,
            refusedProofs: try refusals.all().count,
            lastExecutedBatch: summary?.lastExecutedBatch, stateError: stateError,
            lastSettledBatch: lastSettled, lastSettledRoot: root,
            settledPerMinute: throughput,
            blockedAt: try backend.exists(QueueNames.witness(next), in: .rejected) && !executedNames.contains(QueueNames.witness(next)) ? next : nil,
            leases: leases, expiredLeases: leases.filter { $0.expired && $0.parkedReason == nil }.count,
            parkedJobs: leases.filter { $0.parkedReason != nil }.count,
            workers: try backend.presences())
    }
}
