import Digest
import Foundation
import Logging

/// A batch the settler just appended to the ledger, for progress output.
public struct SettledBatch: Sendable {
    public var batch: UInt64
    public var newRoot: String
    public var verifyMilliseconds: Int
    /// Seconds from submission (the batch file's mtime) to settlement.
    public var latencySeconds: Double?
}

extension PipelineQueue {
    /// How many refused proofs of one batch make its witness rejected (the first may be a damaged proof file).
    static let refusalsBeforeWitnessRejection = 2

    /// The settle role: holding the `ledger` role, verifies the proofs of the next batches in order and appends them.
    ///
    /// A proof is settled only if the engine verifies it, its statement equals the execution record
    /// and its old root continues the ledger. Otherwise it is refused (`ledger/refused.jsonl`, files
    /// moved to `rejected/`) and re-proved from the witness; a second refusal rejects the witness.
    /// Returns the settled batches (up to `settlementsPerStep`), empty when there was nothing to settle.
    public func settleStep() throws -> (progressed: Bool, settled: [SettledBatch]) {
        // A look before the transaction: with nothing in proved/ there is nothing to settle and no move to finish.
        guard try !backend.list(.proved).isEmpty else { return (false, []) }
        return try backend.transaction {
            guard let claim = try noticingTakeover(backend.claimSerialRole("ledger")) else { return (false, []) }
            defer { claim.release() }
            try claim.checkHeld()
            var progressed = try finishSettledMoves(upTo: settledPosition().batch)
            if progressed { recovered(.finishSettleMove, metadata: [:]) }
            var settled: [SettledBatch] = []
            while settled.count < Self.settlementsPerStep {
                let next = try settleNext(claim)
                progressed = progressed || next.progressed
                guard let batch = next.settled else { break }
                settled.append(batch)
            }
            if let last = settled.last { _ = try finishSettledMoves(upTo: last.batch) }
            return (progressed, settled)
        }
    }

    /// How many consecutive proofs one settle step may settle (in one transaction on PostgreSQL).
    static let settlementsPerStep = 64

    /// Settles (or refuses) the next batch, inside the step's transaction; its files move at the end of the step.
    private func settleNext(_ claim: JobClaim) throws -> (progressed: Bool, settled: SettledBatch?) {
        let (lastSettled, root) = try settledPosition()
        let number = try nextBatch(after: lastSettled)
        // The batch file too (the engine's settlement artifacts come from it): it reaches executed/ last,
        // after the state commit, and an executor restarted after a crash finishes that move first.
        guard let proof = try backend.readIfPresent(QueueNames.proof(number), in: .proved),
              let publicSignals = try backend.readIfPresent(QueueNames.publicSignals(number), in: .proved),
              let recordData = try backend.readIfPresent(QueueNames.execution(number), in: .executed),
              let batchData = try backend.readIfPresent(QueueNames.batch(number), in: .executed) else {
            return (false, nil)
        }
        let started = Date()
        let record = try QueueJSON.decode(ExecutionRecord.self, recordData, source: backend.describe(QueueNames.execution(number), in: .executed))
        let refusal: RejectionReason?
        do {
            if let statement = try engine.verify(proof: proof, publicSignals: publicSignals) {
                if statement != record.statement {
                    refusal = RejectionReason(code: "statement-mismatch", message: "the proof establishes \(statement), execution recorded \(record.statement)")
                } else if statement.oldRoot != root {
                    refusal = RejectionReason(code: "root-chain-break", message: "the proof starts from \(statement.oldRoot); the last settled root is \(root)")
                } else {
                    refusal = nil
                }
            } else {
                refusal = RejectionReason(code: "invalid-proof", message: "the proof does not verify against the verification key")
            }
        } catch {
            refusal = RejectionReason(code: "malformed-proof", message: "\(error)")
        }
        try claim.checkHeld()
        var logger = logger
        logger[metadataKey: "batch"] = "\(number)"
        if let refusal {
            try refuse(number, proof: proof, reason: refusal)
            PipelineMetrics.job("settle", "refused")
            logger.warning("refused proof", metadata: ["code": "\(refusal.code)", "reason": "\(refusal.message)"])
            return (true, nil)
        }
        // Artifacts before the ledger line (the commit point): a crash in between rewrites the same files.
        let artifacts = try engine.settlementArtifacts(batch: batchData, fileName: QueueNames.batch(number),
                                                       statement: record.statement, proof: proof, publicSignals: publicSignals)
        for file in artifacts.files {
            try backend.write(file.data, name: QueueNames.settlementArtifact(number, suffix: file.suffix), in: .settled)
        }
        try ledger.append(batch: number, statement: record.statement, proof: JSONValue.parse(proof, source: QueueNames.proof(number)),
                          publicSignals: JSONValue.parse(publicSignals, source: QueueNames.publicSignals(number)),
                          exits: artifacts.exits, verificationKeySHA256: verificationKeySHA256,
                          insecureDevelopmentKeySeed: engine.insecureDevelopmentSeed, genesisRoot: manifest.genesisRoot) {
            try backend.exists(QueueNames.batch($0), in: .rejected)
        }
        reached(.ledgerAppended)
        let submitted = backend.modificationDate(of: QueueNames.batch(number), in: .executed)
        let settled = SettledBatch(batch: number, newRoot: record.newRoot, verifyMilliseconds: milliseconds(since: started),
                                   latencySeconds: submitted.map { Date().timeIntervalSince($0) })
        logger.info("settled", metadata: ["new_root": "\(record.newRoot)", "verify_ms": "\(settled.verifyMilliseconds)",
                                          "execute_ms": "\(record.executeMilliseconds)",
                                          "latency_s": "\(settled.latencySeconds.map { String(format: "%.3f", $0) } ?? "?")"])
        return (true, settled)
    }

    /// Moves proofs of already-settled batches from `proved/` to `settled/` and prunes their witnesses.
    private func finishSettledMoves(upTo lastSettled: UInt64) throws -> Bool {
        var progressed = false
        for name in try backend.list(.proved) {
            guard let number = QueueNames.batchNumber(of: name, suffix: name.hasSuffix(".proof.json") ? ".proof.json" : ".public.json"),
                  number <= lastSettled else { continue }
            if try backend.exists(name, in: .settled) { try backend.remove(name, in: .proved) } else { try backend.move(name, from: .proved, to: .settled, as: name) }
            progressed = true
        }
        // Witnesses sort by batch number: read them a page at a time until one is not settled yet.
        while true {
            let page = try backend.list(.executed, suffix: ".witness", after: nil, limit: 64)
            let settledWitnesses = page.filter { QueueNames.batchNumber(of: $0, suffix: ".witness").map { $0 <= lastSettled } ?? false }
            for name in settledWitnesses { try backend.remove(name, in: .executed) }
            guard settledWitnesses.count == 64 else { break }
        }
        return progressed
    }

    /// Records a refused proof, sets its files aside in `rejected/`, and rejects the witness after repeated refusals.
    private func refuse(_ number: UInt64, proof: Data, reason: RejectionReason) throws {
        // Set the files aside first: a crash before the record costs one re-proof, never a double count.
        try backend.move(QueueNames.publicSignals(number), from: .proved, to: .rejected, as: QueueNames.publicSignals(number))
        try backend.move(QueueNames.proof(number), from: .proved, to: .rejected, as: QueueNames.proof(number))
        let count = try refusals.record(Refusal(batch: number, code: reason.code, message: reason.message,
                                                proofSHA256: SHA256.hex(of: proof), refusedAt: Timestamp.now()))
        if count >= Self.refusalsBeforeWitnessRejection {
            try rejectWitness(number, reason: RejectionReason(
                code: "witness-produces-invalid-proof",
                message: "\(count) proofs of this witness were refused (last: \(reason.code): \(reason.message)); the witness is damaged or wrong"))
        }
    }
}

extension SettledBatch {
    /// One progress line: batch, root, verify time and latency from submission.
    public var progressLine: String {
        "settled batch \(batch)  root \(newRoot)  verify \(verifyMilliseconds) ms"
            + (latencySeconds.map { String(format: "  latency %.3f s", $0) } ?? "")
    }
}
