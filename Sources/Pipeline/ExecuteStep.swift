import Digest
import Foundation
import Logging

extension PipelineQueue {
    /// The execute role: holding the `state` role, applies the next batch in order (see docs/FORMATS.md).
    ///
    /// Crash safety: the witness and its metadata are written (durably) inside the engine's persist
    /// callback, before the state commits; re-executing after a crash there rewrites the same files.
    /// A batch whose number the state already records was committed but not moved: the move is finished.
    /// Returns whether it made progress.
    public func executeStep() throws -> Bool {
        try backend.transaction {
            guard let claim = try noticingTakeover(backend.claimSerialRole("state")) else { return false }
            defer { claim.release() }
            try claim.checkHeld()
            let summary = try stateSummary()
            // Only the last executed batch can still be in incoming/: a crash between its state commit and its move.
            var progressed = false
            if summary.lastExecutedBatch > 0, try backend.exists(QueueNames.batch(summary.lastExecutedBatch), in: .incoming) {
                try finishExecutedMove(summary.lastExecutedBatch)
                recovered(.finishExecuteMove, metadata: ["batch": "\(summary.lastExecutedBatch)"])
                progressed = true
            }
            let number = try nextBatch(after: summary.lastExecutedBatch)
            let name = QueueNames.batch(number)
            guard let batch = try backend.readIfPresent(name, in: .incoming) else { return progressed }
            let started = Date()
            var logger = logger
            logger[metadataKey: "batch"] = "\(number)"
            if try backend.exists(QueueNames.execution(number), in: .executed) { recovered(.reexecute, metadata: ["batch": "\(number)"]) }
            do {
                let result = try engine.execute(batchNumber: number, batch: batch, fileName: name, state: backend.engineState) { result in
                    try claim.checkHeld()
                    try persist(result, number: number, started: started)
                    reached(.witnessPersisted)
                }
                guard result.batchNumber == number else {
                    throw PipelineError.malformedFile(backend.engineState.description, expected: "the engine to execute batch \(number), it reported \(result.batchNumber)")
                }
                reached(.stateCommitted)
                try finishExecutedMove(number)
                PipelineMetrics.job("execute", "executed")
                logger.info("executed", metadata: ["new_root": "\(result.newRoot)", "execute_ms": "\(milliseconds(since: started))"])
            } catch let rejection as BatchRejection {
                try claim.checkHeld()
                let record = RejectionRecord(file: name, batch: number, stage: "execute", rejectedAt: Timestamp.now(), reasons: rejection.reasons)
                try backend.write(QueueJSON.encode(record), name: QueueNames.batchReason(number), in: .rejected)
                try backend.move(name, from: .incoming, to: .rejected, as: name)  // the commit point of a rejection
                PipelineMetrics.job("execute", "rejected")
                logger.warning("rejected batch", metadata: ["reasons": "\(rejection)"])
            }
            return true
        }
    }

    /// Writes `executed/NNN.json` and then `executed/NNN.witness`; the engine calls this before committing its state.
    private func persist(_ result: ExecutionResult, number: UInt64, started: Date) throws {
        guard result.batchNumber == number else {
            throw PipelineError.malformedFile(backend.engineState.description, expected: "an execution result for batch \(number), got \(result.batchNumber)")
        }
        let record = ExecutionRecord(batch: number, oldRoot: result.oldRoot, newRoot: result.newRoot, commitment: result.commitment,
                                     witnessSHA256: SHA256.hex(of: result.witness), executedAt: Timestamp.now(),
                                     executeMilliseconds: milliseconds(since: started))
        try backend.write(QueueJSON.encode(record), name: QueueNames.execution(number), in: .executed)
        try backend.write(result.witness, name: QueueNames.witness(number), in: .executed)  // last: provers look for witnesses
    }

    /// Moves `incoming/batch-NNN.json` of a committed batch to `executed/`; its witness must be there.
    private func finishExecutedMove(_ number: UInt64) throws {
        guard try backend.exists(QueueNames.execution(number), in: .executed) else {
            throw PipelineError.missingFile(backend.describe(QueueNames.execution(number), in: .executed),
                                            expected: "the execution record of batch \(number), which the state records as executed")
        }
        try backend.move(QueueNames.batch(number), from: .incoming, to: .executed, as: QueueNames.batch(number))
    }
}

/// Whole milliseconds elapsed since `start`.
func milliseconds(since start: Date) -> Int { Int(Date().timeIntervalSince(start) * 1000) }
