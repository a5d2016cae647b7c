import Foundation
import Pipeline
import Testing

@Suite("Pipeline flow (in process)")
struct PipelineFlowTests {
    @Test func endToEndSettlesTenBatchesInOrder() throws {
        let scratch = try ScratchQueue()
        defer { scratch.remove() }
        try scratch.submit(Array(1...10))
        try scratch.runUntilIdle()
        #expect(try scratch.settledBatches() == Array(1...10))
        let audit = scratch.queue.auditLedger()
        #expect(audit.passed, "\(audit.problems)")
        #expect(audit.entries == 10)
        let status = try scratch.queue.status()
        #expect(status.settled == 10 && status.incoming == 0 && status.awaitingProof == 0 && status.awaitingSettlement == 0)
        #expect(status.lastExecutedBatch == 10 && status.lastSettledBatch == 10 && status.leases.isEmpty)
        for number in 1...10 as ClosedRange<UInt64> {
            #expect(FileManager.default.fileExists(atPath: scratch.path(.settled, "\(QueueNames.padded(number)).proof.json").path))
            #expect(FileManager.default.fileExists(atPath: scratch.path(.executed, QueueNames.batch(number)).path))
        }
    }

    @Test func outOfOrderSubmissionsExecuteInOrder() throws {
        let scratch = try ScratchQueue()
        defer { scratch.remove() }
        try scratch.submit([3, 5, 2, 1])
        #expect(try scratch.queue.executeStep())
        #expect(try scratch.queue.stateSummary().lastExecutedBatch == 1)
        try scratch.runUntilIdle()
        #expect(try scratch.settledBatches() == [1, 2, 3])  // 5 waits for 4
        #expect(try scratch.queue.status().incoming == 1)
        try scratch.submit([4])
        try scratch.runUntilIdle()
        #expect(try scratch.settledBatches() == [1, 2, 3, 4, 5])
        #expect(scratch.queue.auditLedger().passed)
    }

    @Test func badInputIsRejectedWithReasonsAndThePoolCarriesOn() throws {
        let scratch = try ScratchQueue()
        defer { scratch.remove() }
        #expect(try scratch.queue.submit(Data("{not json".utf8), fileName: "garbage.json") != .accepted(0))
        #expect(FileManager.default.fileExists(atPath: scratch.path(.rejected, "submit-garbage.json").path))
        #expect(FileManager.default.fileExists(atPath: scratch.path(.rejected, "submit-garbage.reason.json").path))
        try scratch.submit([1, 4])
        try Data("{\"batch\": 2, \"add\":".utf8).write(to: scratch.path(.incoming, QueueNames.batch(2)))  // bypassed submit
        #expect(try scratch.queue.submit(Data(#"{"batch": 3, "add": -5}"#.utf8), fileName: "b3.json") == .accepted(3))
        try scratch.runUntilIdle()
        #expect(try scratch.settledBatches() == [1, 4])
        let entries = try scratch.queue.ledger.entries()
        #expect(entries[1].oldRoot == entries[0].newRoot)
        for (number, code) in [(UInt64(2), "malformed-batch"), (3, "negative-amount")] {
            #expect(FileManager.default.fileExists(atPath: scratch.path(.rejected, QueueNames.batch(number)).path))
            let reason = try JSONDecoder().decode(RejectionRecord.self, from: Data(contentsOf: scratch.path(.rejected, QueueNames.batchReason(number))))
            #expect(reason.reasons.map(\.code) == [code] && reason.batch == number && reason.stage == "execute")
        }
        #expect(throws: PipelineError.self) { try scratch.submit([3]) }  // numbers are not reused
        #expect(scratch.queue.auditLedger().passed)
        #expect(try scratch.queue.status().rejectedBatches == 3)
    }

    @Test func tamperedProofIsRefusedAndReprovedFromTheWitness() throws {
        let scratch = try ScratchQueue()
        defer { scratch.remove() }
        try scratch.submit([1, 2, 3])
        for _ in 0..<3 { #expect(try scratch.queue.executeStep()) }
        for _ in 0..<3 { #expect(try scratch.queue.proveStep(threads: 1)) }
        let proof = scratch.path(.proved, QueueNames.proof(2))
        var text = try String(contentsOf: proof, encoding: .utf8)
        text = text.replacingOccurrences(of: "\"tag\":\"", with: "\"tag\":\"0")
        try text.write(to: proof, atomically: true, encoding: .utf8)
        try scratch.runUntilIdle()
        #expect(try scratch.settledBatches() == [1, 2, 3])
        let refusals = try scratch.queue.status().refusedProofs
        #expect(refusals == 1)
        #expect(FileManager.default.fileExists(atPath: scratch.path(.rejected, QueueNames.proof(2)).path))
        #expect(scratch.queue.auditLedger().passed)
    }

    @Test func tamperedWitnessIsNeverSettled() throws {
        let scratch = try ScratchQueue()
        defer { scratch.remove() }
        try scratch.submit([1, 2, 3])
        for _ in 0..<3 { #expect(try scratch.queue.executeStep()) }
        let witness = scratch.path(.executed, QueueNames.witness(2))
        let forged = try String(contentsOf: witness, encoding: .utf8).replacingOccurrences(of: "\",\"", with: "\",\"f", options: [], range: nil)
        try forged.write(to: witness, atomically: true, encoding: .utf8)
        try scratch.runUntilIdle()
        #expect(try scratch.settledBatches() == [1])
        let reason = try JSONDecoder().decode(RejectionRecord.self, from: Data(contentsOf: scratch.path(.rejected, QueueNames.proofReason(2))))
        #expect(reason.reasons.map(\.code) == ["witness-produces-invalid-proof"])
        let status = try scratch.queue.status()
        #expect(status.blockedAt == 2 && status.refusedProofs == 2 && status.rejectedWitnesses == 1)
        #expect(scratch.queue.auditLedger().passed)
    }

    @Test func missingOrCorruptStateIsAClearErrorAndNeverReinitialised() throws {
        let scratch = try ScratchQueue()
        defer { scratch.remove() }
        try scratch.submit([1])
        let state = scratch.root.appendingPathComponent("state/toy-state.json")
        try Data("{corrupt".utf8).write(to: state)
        #expect { try scratch.queue.executeStep() } throws: { error in
            guard case PipelineError.stateUnavailable(let path, _) = error else { return false }
            return path.hasSuffix("state") && "\(error)".contains("toy-state.json")
        }
        #expect(try Data(contentsOf: state) == Data("{corrupt".utf8))
        try FileManager.default.removeItem(at: state)
        #expect(throws: PipelineError.self) { try scratch.runUntilIdle() }
        #expect(!FileManager.default.fileExists(atPath: state.path))
        #expect(throws: PipelineError.self) { try PipelineQueue.initialize(at: scratch.root, engine: scratch.queue.engine, genesis: nil) }
    }

    @Test func tornLedgerLineIsIgnoredThenCutOff() throws {
        let scratch = try ScratchQueue()
        defer { scratch.remove() }
        try scratch.submit([1, 2])
        try scratch.runUntilIdle()
        let ledger = scratch.path(.ledger, "ledger.jsonl")
        let handle = try FileHandle(forWritingTo: ledger)
        handle.seekToEndOfFile()
        handle.write(Data(#"{"batch":3,"oldRoot":"ab"#.utf8))
        try handle.close()
        #expect(try scratch.queue.ledger.hasTornTail())
        #expect(try scratch.settledBatches() == [1, 2])
        #expect(!scratch.queue.auditLedger().passed)
        try scratch.submit([3])
        try scratch.runUntilIdle()
        #expect(try scratch.settledBatches() == [1, 2, 3])
        #expect(try !scratch.queue.ledger.hasTornTail())
        #expect(scratch.queue.auditLedger().passed)
    }

    @Test func editedLedgerEntryFailsTheAudit() throws {
        let scratch = try ScratchQueue()
        defer { scratch.remove() }
        try scratch.submit([1, 2])
        try scratch.runUntilIdle()
        let ledger = scratch.path(.ledger, "ledger.jsonl")
        let lines = try String(contentsOf: ledger, encoding: .utf8).split(separator: "\n").map(String.init)
        let edited = lines[0].replacingOccurrences(of: "\"batch\":1", with: "\"batch\":7")
        try ([edited, lines[1]].joined(separator: "\n") + "\n").write(to: ledger, atomically: true, encoding: .utf8)
        let audit = scratch.queue.auditLedger()
        #expect(!audit.passed && audit.problems[0].contains("line 1"))
    }
}
