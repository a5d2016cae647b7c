import Metrics

/// The worker's metrics, through swift-metrics (a no-op until a backend is bootstrapped; `rollup worker
/// --metrics-port` exports them in the Prometheus text format). Names follow Prometheus's conventions.
enum PipelineMetrics {
    /// A finished job of `stage` with `outcome`: execute (executed, rejected), prove (proved, unprovable), settle (settled, refused).
    static func job(_ stage: String, _ outcome: String, count: Int = 1) {
        Counter(label: "rollup_jobs_total", dimensions: [("stage", stage), ("outcome", outcome)]).increment(by: count)
    }

    /// The wall-clock time of one proof.
    static func proveTime(nanoseconds: Int64) { Timer(label: "rollup_prove_seconds").recordNanoseconds(nanoseconds) }

    /// A claim of this worker that another worker broke after it expired (the step was abandoned).
    static func brokenLease() { brokenLeases.increment() }

    /// A recovery from an interrupted step (`RecoveryKind`).
    static func recovery(_ kind: String) { Counter(label: "rollup_recoveries_total", dimensions: [("kind", kind)]).increment() }

    /// Created when a worker starts, so that the endpoint shows 0 before the first broken lease.
    static var brokenLeases: Counter { Counter(label: "rollup_broken_leases_total") }
}

extension PipelineQueue {
    /// The work waiting at each stage: batch files in incoming/, witnesses without a proof, proofs not yet settled.
    public func depth() throws -> (incoming: Int, awaitingProof: Int, awaitingSettlement: Int) {
        let settled = try settledPosition().batch
        return (try backend.list(.incoming, suffix: ".json").count, try provableBatches(after: settled).count,
                try backend.list(.proved, suffix: ".proof.json").count)
    }
}
