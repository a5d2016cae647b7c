import Foundation
import Logging

extension PipelineQueue {
    /// The prove role: claims the oldest executed batch without a proof (lease `prove-NNNNNN`) and proves it.
    ///
    /// Any number of workers prove concurrently, each batch under its own lease. `public.json` is
    /// written before `proof.json`, so a proof file in `proved/` always has its public signals.
    /// A witness the engine cannot prove is moved to `rejected/` with a reason; settlement then stops
    /// at that batch (the state has already moved past it). Returns whether it made progress.
    public func proveStep(threads: Int) throws -> Bool {
        let settled = try settledPosition().batch
        let candidates = try provableBatches(after: settled, limit: Self.candidatesPerStep)
        guard let claim = try noticingTakeover(backend.claimFirst(of: candidates.map(Self.proveJob))) else { return false }
        defer { claim.release() }
        reached(.claimTaken)
        // Proved and settled by others since the candidates were listed: nothing to do.
        guard let number = candidates.first(where: { Self.proveJob($0) == claim.job }), try !isProved(number),
              let witness = try backend.readIfPresent(QueueNames.witness(number), in: .executed) else { return true }
        var logger = logger
        logger[metadataKey: "batch"] = "\(number)"
        if try backend.exists(QueueNames.publicSignals(number), in: .proved) { recovered(.reprovePartialProof, metadata: ["batch": "\(number)"]) }
        let started = Date()
        let files: ProofFiles
        do {
            files = try engine.prove(witness: witness, threads: threads)
        } catch {
            try backend.transaction {
                try claim.checkHeld()
                try rejectWitness(number, reason: RejectionReason(code: "witness-unprovable", message: "the engine could not prove the witness: \(error)"))
            }
            PipelineMetrics.job("prove", "unprovable")
            logger.error("witness rejected", metadata: ["error": "\(error)"])
            return true
        }
        try backend.transaction {
            try claim.checkHeld()
            try backend.write(files.publicSignals, name: QueueNames.publicSignals(number), in: .proved)
            reached(.betweenProofFiles)
            try backend.write(files.proof, name: QueueNames.proof(number), in: .proved)
            claim.release()  // on PostgreSQL, in the same commit as the proof
        }
        PipelineMetrics.job("prove", "proved")
        PipelineMetrics.proveTime(nanoseconds: Int64(Date().timeIntervalSince(started) * 1e9))
        logger.info("proved", metadata: ["prove_ms": "\(milliseconds(since: started))", "threads": "\(threads)"])
        return true
    }

    /// The claim name of batch `number`'s proof job.
    static func proveJob(_ number: UInt64) -> String { "prove-\(QueueNames.padded(number))" }

    /// How many of the oldest provable batches a prove step considers (more when all of them are claimed).
    static let candidatesPerStep = 64

    /// Executed batches after `settled` whose witness still needs a proof, oldest first; with `limit`, the first
    /// `limit` of them, read a page of witnesses at a time. A batch after the last settled one has no copy in `settled/` yet.
    func provableBatches(after settled: UInt64, limit: Int = .max) throws -> [UInt64] {
        let proved = Set(try backend.list(.proved))
        let page = min(limit, 256)
        var batches: [UInt64] = []
        var after: String?
        while batches.count < limit {
            let names = try backend.list(.executed, suffix: ".witness", after: after, limit: page)
            batches += names.compactMap { QueueNames.batchNumber(of: $0, suffix: ".witness") }
                .filter { $0 > settled && !(proved.contains(QueueNames.proof($0)) && proved.contains(QueueNames.publicSignals($0))) }
            guard names.count == page, let last = names.last else { break }
            after = last
        }
        return Array(batches.prefix(limit))
    }

    /// Whether batch `number` has a settled proof, or a complete one waiting in `proved/`.
    private func isProved(_ number: UInt64) throws -> Bool {
        try backend.exists(QueueNames.proof(number), in: .settled)
            || (backend.exists(QueueNames.proof(number), in: .proved) && backend.exists(QueueNames.publicSignals(number), in: .proved))
    }

    /// Moves `executed/NNN.witness` to `rejected/` next to a reason file: no proof of it will be settled.
    func rejectWitness(_ number: UInt64, reason: RejectionReason) throws {
        let record = RejectionRecord(file: QueueNames.witness(number), batch: number, stage: "prove", rejectedAt: Timestamp.now(), reasons: [reason])
        try backend.write(QueueJSON.encode(record), name: QueueNames.proofReason(number), in: .rejected)
        try backend.move(QueueNames.witness(number), from: .executed, to: .rejected, as: QueueNames.witness(number))
    }
}
