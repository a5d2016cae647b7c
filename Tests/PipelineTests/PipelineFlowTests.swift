import Foundation
import Pipeline
import PipelineToyEngine
import Testing

@Suite("Pipeline flow (in process)")
struct PipelineFlowTests {
    @Test(arguments: QueueStore.allCases) func endToEndSettlesTenBatchesInOrder(store: QueueStore) throws {
        let scratch = try ScratchQueue(store)
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
            #expect(try scratch.exists(.settled, "\(QueueNames.padded(number)).proof.json"))
            #expect(try scratch.exists(.settled, QueueNames.settlementArtifact(number, suffix: ToyEngine.settlementSuffix)))
            #expect(try scratch.exists(.executed, QueueNames.batch(number)))
        }
        // The engine's exits are recorded in the ledger (and covered by its entry hash, which the audit checked).
        #expect(try scratch.queue.ledger.entries().allSatisfy { $0.exits?.count == 1 })
    }

    @Test(arguments: QueueStore.allCases) func outOfOrderSubmissionsExecuteInOrder(store: QueueStore) throws {
        let scratch = try ScratchQueue(store)
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

    @Test(arguments: QueueStore.allCases) func badInputIsRejectedWithReasonsAndThePoolCarriesOn(store: QueueStore) throws {
        let scratch = try ScratchQueue(store)
        defer { scratch.remove() }
        #expect(try scratch.queue.submit(Data("{not json".utf8), fileName: "garbage.json") != .accepted(0))
        #expect(try scratch.exists(.rejected, "submit-garbage.json"))
        #expect(try scratch.exists(.rejected, "submit-garbage.reason.json"))
        try scratch.submit([1, 4])
        try scratch.overwrite(.incoming, QueueNames.batch(2), Data("{\"batch\": 2, \"add\":".utf8))  // bypassed submit
        #expect(try scratch.queue.submit(Data(#"{"batch": 3, "add": -5}"#.utf8), fileName: "b3.json") == .accepted(3))
        try scratch.runUntilIdle()
        #expect(try scratch.settledBatches() == [1, 4])
        let entries = try scratch.queue.ledger.entries()
        #expect(entries[1].oldRoot == entries[0].newRoot)
        for (number, code) in [(UInt64(2), "malformed-batch"), (3, "negative-amount")] {
            #expect(try scratch.exists(.rejected, QueueNames.batch(number)))
            let reason = try JSONDecoder().decode(RejectionRecord.self, from: scratch.read(.rejected, QueueNames.batchReason(number)))
            #expect(reason.reasons.map(\.code) == [code] && reason.batch == number && reason.stage == "execute")
        }
        #expect(throws: PipelineError.self) { try scratch.submit([3]) }  // numbers are not reused
        #expect(scratch.queue.auditLedger().passed)
        #expect(try scratch.queue.status().rejectedBatches == 3)
    }

    @Test(arguments: QueueStore.allCases) func tamperedProofIsRefusedAndReprovedFromTheWitness(store: QueueStore) throws {
        let scratch = try ScratchQueue(store)
        defer { scratch.remove() }
        try scratch.submit([1, 2, 3])
        for _ in 0..<3 { #expect(try scratch.queue.executeStep()) }
        for _ in 0..<3 { #expect(try scratch.queue.proveStep(threads: 1)) }
        let text = try String(decoding: scratch.read(.proved, QueueNames.proof(2)), as: UTF8.self)
        try scratch.overwrite(.proved, QueueNames.proof(2), Data(text.replacingOccurrences(of: "\"tag\":\"", with: "\"tag\":\"0").utf8))
        try scratch.runUntilIdle()
        #expect(try scratch.settledBatches() == [1, 2, 3])
        let refusals = try scratch.queue.status().refusedProofs
        #expect(refusals == 1)
        #expect(try scratch.exists(.rejected, QueueNames.proof(2)))
        #expect(scratch.queue.auditLedger().passed)
    }

    @Test(arguments: QueueStore.allCases) func tamperedWitnessIsNeverSettled(store: QueueStore) throws {
        let scratch = try ScratchQueue(store)
        defer { scratch.remove() }
        try scratch.submit([1, 2, 3])
        for _ in 0..<3 { #expect(try scratch.queue.executeStep()) }
        let witness = try String(decoding: scratch.read(.executed, QueueNames.witness(2)), as: UTF8.self)
        try scratch.overwrite(.executed, QueueNames.witness(2), Data(witness.replacingOccurrences(of: "\",\"", with: "\",\"f").utf8))
        try scratch.runUntilIdle()
        #expect(try scratch.settledBatches() == [1])
        let reason = try JSONDecoder().decode(RejectionRecord.self, from: scratch.read(.rejected, QueueNames.proofReason(2)))
        #expect(reason.reasons.map(\.code) == ["witness-produces-invalid-proof"])
        let status = try scratch.queue.status()
        #expect(status.blockedAt == 2 && status.refusedProofs == 2 && status.rejectedWitnesses == 1)
        #expect(scratch.queue.auditLedger().passed)
    }

    @Test(arguments: QueueStore.allCases) func missingOrCorruptStateIsAClearErrorAndNeverReinitialised(store: QueueStore) throws {
        let scratch = try ScratchQueue(store)
        defer { scratch.remove() }
        try scratch.submit([1])
        try scratch.corruptState()
        #expect { try scratch.queue.executeStep() } throws: { error in
            guard case PipelineError.stateUnavailable = error else { return false }
            return store == .postgres || "\(error)".contains("toy-state.json")
        }
        #expect(try scratch.rawState() == Data("{corrupt".utf8))
        try scratch.removeState()
        #expect(throws: PipelineError.self) { try scratch.runUntilIdle() }
        #expect(try scratch.rawState() == nil)
        #expect(throws: PipelineError.self) { try PipelineQueue.initialize(in: openQueueBackend(scratch.location), engine: scratch.queue.engine, genesis: nil) }
    }

    @Test func tornLedgerLineIsIgnoredThenCutOff() throws {
        let scratch = try ScratchQueue()
        defer { scratch.remove() }
        try scratch.submit([1, 2])
        try scratch.runUntilIdle()
        let ledger = scratch.root.appendingPathComponent("ledger/ledger.jsonl")
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
        let ledger = scratch.root.appendingPathComponent("ledger/ledger.jsonl")
        let lines = try String(contentsOf: ledger, encoding: .utf8).split(separator: "\n").map(String.init)
        let edited = lines[0].replacingOccurrences(of: "\"batch\":1", with: "\"batch\":7")
        try ([edited, lines[1]].joined(separator: "\n") + "\n").write(to: ledger, atomically: true, encoding: .utf8)
        let audit = scratch.queue.auditLedger()
        #expect(!audit.passed && audit.problems[0].contains("line 1"))
    }
}
