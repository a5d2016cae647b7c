import Foundation
import Pipeline
import PipelineToyEngine
import Testing

/// Every refusal branch of the pipeline, reached on purpose on both stores (issue 15): a proof that is malformed,
/// invalid, of another statement or off the root chain; a witness that cannot be proved; a lost lease; a key mismatch.
@Suite("Pipeline refusals")
struct RefusalTests {
    /// How a test damages batch 2 after batches 1 to 3 are executed and proved, and what the settler then records.
    enum Damage: String, CaseIterable, Sendable, CustomTestStringConvertible {
        /// `proof.json` without its tag: the engine cannot read it.
        case malformedProof
        /// A tag that is not the statement's: the proof does not verify.
        case invalidProof
        /// Batch 3's valid proof in batch 2's place: it verifies, for another statement.
        case statementOfAnotherBatch
        /// An execution record and a valid proof that agree on an old root the ledger never reached.
        case offTheRootChain

        var testDescription: String { rawValue }

        /// The refusal codes recorded for batch 2, in order, and the batches that end up settled.
        var expected: (codes: [String], settled: [UInt64]) {
            switch self {
            case .malformedProof: return (["malformed-proof"], [1, 2, 3])
            case .invalidProof: return (["invalid-proof"], [1, 2, 3])
            case .statementOfAnotherBatch: return (["statement-mismatch"], [1, 2, 3])
            // The re-proof from the honest witness then contradicts the altered record: the witness is rejected.
            case .offTheRootChain: return (["root-chain-break", "statement-mismatch"], [1])
            }
        }
    }

    @Test(arguments: Damage.allCases, QueueStore.allCases) func aDamagedProofIsRefusedUnderItsOwnCode(damage: Damage, store: QueueStore) throws {
        let scratch = try ScratchQueue(store)
        defer { scratch.remove() }
        try scratch.submit([1, 2, 3])
        for _ in 0..<3 { #expect(try scratch.queue.executeStep()) }
        for _ in 0..<3 { #expect(try scratch.queue.proveStep(threads: 1)) }
        switch damage {
        case .malformedProof:
            try scratch.overwrite(.proved, QueueNames.proof(2), Data(#"{"protocol":"toy"}"#.utf8))
        case .invalidProof:
            try scratch.overwrite(.proved, QueueNames.proof(2), Data(#"{"protocol":"toy","tag":"00"}"#.utf8))
        case .statementOfAnotherBatch:
            try place(scratch.read(.proved, QueueNames.proof(3)), scratch.read(.proved, QueueNames.publicSignals(3)), batch: 2, scratch)
        case .offTheRootChain:
            var record = try JSONDecoder().decode(ExecutionRecord.self, from: scratch.read(.executed, QueueNames.execution(2)))
            record.oldRoot = String(repeating: "f", count: 64)
            try scratch.overwrite(.executed, QueueNames.execution(2), JSONEncoder().encode(record))
            let files = try scratch.queue.engine.prove(witness: signals(record.statement), threads: 1)
            try place(files.proof, files.publicSignals, batch: 2, scratch)
        }
        try scratch.runUntilIdle()
        let (codes, settled) = damage.expected
        #expect(try scratch.queue.refusedProofs().filter { $0.batch == 2 }.map(\.code) == codes)
        #expect(try scratch.queue.refusedProofs().allSatisfy { $0.batch == 2 })
        #expect(try scratch.settledBatches() == settled)
        #expect(try scratch.exists(.rejected, QueueNames.proof(2)))
        #expect(scratch.queue.auditLedger().passed)
    }

    @Test(arguments: QueueStore.allCases) func aWitnessTheEngineCannotProveIsRejectedAndSettlementStopsThere(store: QueueStore) throws {
        let scratch = try ScratchQueue(store)
        defer { scratch.remove() }
        try scratch.submit([1, 2, 3])
        for _ in 0..<3 { #expect(try scratch.queue.executeStep()) }
        try scratch.overwrite(.executed, QueueNames.witness(2), Data("not a witness".utf8))
        try scratch.runUntilIdle()
        let reason = try JSONDecoder().decode(RejectionRecord.self, from: scratch.read(.rejected, QueueNames.proofReason(2)))
        #expect(reason.reasons.map(\.code) == ["witness-unprovable"] && reason.stage == "prove")
        #expect(try scratch.exists(.rejected, QueueNames.witness(2)))
        #expect(try scratch.settledBatches() == [1])
        let status = try scratch.queue.status()
        #expect(status.blockedAt == 2 && status.rejectedWitnesses == 1 && status.refusedProofs == 0)
    }

    @Test(arguments: QueueStore.allCases) func aProverWhoseClaimIsBrokenMidProofWritesNothingAndTheJobIsDoneOnce(store: QueueStore) throws {
        let scratch = try ScratchQueue(store)
        defer { scratch.remove() }
        try scratch.submit([1])
        #expect(try scratch.queue.executeStep())
        let breakOnce = OneShot {
            switch store {
            case .files: try FileManager.default.removeItem(at: scratch.root.appendingPathComponent("leases/prove-000001.lease"))
            case .postgres: try scratch.database().query("UPDATE jobs SET token = 'taken-over' WHERE job = 'prove-000001'")
            }
        }
        let engine = AlteredToyEngine(duringProof: breakOnce.run)
        let prover = try PipelineQueue(backend: openQueueBackend(scratch.location, worker: "prover", leaseTTL: 30), resolver: { _ in engine })
        #expect { try prover.proveStep(threads: 1) } throws: { error in
            guard case PipelineError.leaseLost = error else { return false }
            return true
        }
        #expect(try scratch.queue.backend.list(.proved).isEmpty)
        if store == .postgres { try scratch.database().query("DELETE FROM jobs WHERE job = 'prove-000001'") }  // the thief gives it back
        try PipelineWorker(queue: prover, threads: 1, untilIdle: true).run(stop: StopSignal())
        #expect(try scratch.settledBatches() == [1])
        #expect(scratch.queue.auditLedger().passed)
    }

    @Test(arguments: QueueStore.allCases) func aWorkerWhoseEngineHasAnotherKeyRefusesTheQueue(store: QueueStore) throws {
        let scratch = try ScratchQueue(store)
        defer { scratch.remove() }
        let engine = AlteredToyEngine(keySuffix: " ")
        #expect { try PipelineQueue(backend: openQueueBackend(scratch.location), resolver: { _ in engine }) } throws: { error in
            guard case PipelineError.malformedFile(let place, let expected) = error else { return false }
            return place.hasSuffix("verification key") && expected.contains("verification key of the local toy engine")
        }
    }

    func place(_ proof: Data, _ publicSignals: Data, batch: UInt64, _ scratch: ScratchQueue) throws {
        try scratch.overwrite(.proved, QueueNames.publicSignals(batch), publicSignals)
        try scratch.overwrite(.proved, QueueNames.proof(batch), proof)
    }

    /// The toy engine's public signals of `statement`, which are also its witness.
    func signals(_ statement: VerifiedStatement) -> Data {
        JSONValue.array([.string(statement.oldRoot), .string(statement.newRoot), .string(statement.commitment)]).canonicalData
    }
}

/// The toy engine with another verification key, or with an action inside every proof.
struct AlteredToyEngine: BatchEngine {
    let toy = ToyEngine(maximumDelayMilliseconds: 0)
    var keySuffix = ""
    var duringProof: @Sendable () throws -> Void = {}

    var circuitName: String { toy.circuitName }
    var verificationKeyJSON: Data { toy.verificationKeyJSON + Data(keySuffix.utf8) }
    var insecureDevelopmentSeed: UInt64? { nil }
    func batchNumber(of batch: Data, fileName: String) throws -> UInt64 { try toy.batchNumber(of: batch, fileName: fileName) }
    func initializeState(at state: EngineStateLocation, genesis: Data?) throws -> StateSummary { try toy.initializeState(at: state, genesis: genesis) }
    func stateSummary(at state: EngineStateLocation) throws -> StateSummary { try toy.stateSummary(at: state) }
    func execute(batchNumber: UInt64, batch: Data, fileName: String, state: EngineStateLocation,
                 persist: (ExecutionResult) throws -> Void) throws -> ExecutionResult {
        try toy.execute(batchNumber: batchNumber, batch: batch, fileName: fileName, state: state, persist: persist)
    }
    func prove(witness: Data, threads: Int) throws -> ProofFiles {
        try duringProof()
        return try toy.prove(witness: witness, threads: threads)
    }
    func verify(proof: Data, publicSignals: Data) throws -> VerifiedStatement? { try toy.verify(proof: proof, publicSignals: publicSignals) }
    func settlementArtifacts(batch: Data, fileName: String, statement: VerifiedStatement, proof: Data, publicSignals: Data) throws -> SettlementArtifacts {
        try toy.settlementArtifacts(batch: batch, fileName: fileName, statement: statement, proof: proof, publicSignals: publicSignals)
    }
}

/// An action that runs the first time `run` is called only.
final class OneShot: @unchecked Sendable {
    private let lock = NSLock()
    private let action: () throws -> Void
    private var done = false

    init(_ action: @escaping () throws -> Void) { self.action = action }

    func run() throws {
        let first = lock.withLock { () -> Bool in
            defer { done = true }
            return !done
        }
        if first { try action() }
    }
}

/// Every failure branch of the ledger audit (`rollup ledger verify`), each reached by one edit of a settled file queue.
@Suite("Ledger audit failures")
struct LedgerAuditFailureTests {
    /// One edit of a two-entry ledger or its `settled/` copies, and a phrase of the problem the audit must report.
    enum Tamper: String, CaseIterable, Sendable, CustomTestStringConvertible {
        case lineNotAnEntry, entryHashStale, chainLinkBroken, batchOrder, rootContinuity
        case verificationKeyHash, proofOfAnotherStatement, malformedProof, tornTail, settledCopyMissing, settledCopyDiffers

        var testDescription: String { rawValue }

        var problem: String {
            switch self {
            case .lineNotAnEntry: return "line 1: not a ledger entry"
            case .entryHashStale: return "line 2: entryHash"
            case .chainLinkBroken: return "line 2: previousEntryHash"
            case .batchOrder: return "line 2: batch 1 after batch 1; expected increasing batch numbers"
            case .rootContinuity: return "line 2: old root"
            case .verificationKeyHash: return "batch 1: verification key sha256"
            case .proofOfAnotherStatement: return "batch 2: the proof establishes"
            case .malformedProof: return "batch 2: malformed proof"
            case .tornTail: return "torn last line"
            case .settledCopyMissing: return "000001.proof.json: missing"
            case .settledCopyDiffers: return "000002.public.json: differs from the ledger entry of batch 2"
            }
        }
    }

    @Test(arguments: Tamper.allCases) func theAuditReportsTheTamperedPart(tamper: Tamper) throws {
        let scratch = try ScratchQueue()
        defer { scratch.remove() }
        try scratch.submit([1, 2])
        try scratch.runUntilIdle()
        #expect(scratch.queue.auditLedger().passed)
        let ledger = scratch.root.appendingPathComponent("ledger/ledger.jsonl")
        var entries = try scratch.queue.ledger.entries()
        var rehash = true
        switch tamper {
        case .lineNotAnEntry:
            let lines = try String(contentsOf: ledger, encoding: .utf8).split(separator: "\n")
            try (#"{"batch":1}"# + "\n" + lines[1] + "\n").write(to: ledger, atomically: true, encoding: .utf8)
        case .entryHashStale: entries[1].newRoot = entries[0].newRoot; rehash = false
        case .chainLinkBroken: entries[1].previousEntryHash = entries[1].entryHash
        case .batchOrder: entries[1].batch = 1
        case .rootContinuity: entries[1].oldRoot = entries[1].newRoot
        case .verificationKeyHash: entries[0].verificationKeySHA256 = String(repeating: "0", count: 64)
        case .proofOfAnotherStatement: entries[1].commitment = entries[0].commitment
        case .malformedProof: entries[1].proof = .object([:])
        case .tornTail:
            let handle = try FileHandle(forWritingTo: ledger)
            handle.seekToEndOfFile()
            handle.write(Data(#"{"batch":3,"#.utf8))
            try handle.close()
        case .settledCopyMissing: try FileManager.default.removeItem(at: scratch.root.appendingPathComponent("settled/000001.proof.json"))
        case .settledCopyDiffers: try scratch.overwrite(.settled, QueueNames.publicSignals(2), scratch.read(.settled, QueueNames.publicSignals(1)))
        }
        if [.entryHashStale, .chainLinkBroken, .batchOrder, .rootContinuity, .verificationKeyHash, .proofOfAnotherStatement, .malformedProof].contains(tamper) {
            try write(entries, rehash: rehash, keepingLink: tamper == .chainLinkBroken, to: ledger)
        }
        let audit = scratch.queue.auditLedger()
        #expect(!audit.passed)
        #expect(audit.problems.contains { $0.contains(tamper.problem) }, "\(audit.problems)")
        #expect(audit.problems.count == 1 || tamper == .malformedProof, "\(audit.problems)")
    }

    /// Writes `entries` as the ledger; with `rehash`, every entry's hash is recomputed and (unless `keepingLink`
    /// for the edited link) chained to the one before, so only the edit itself is wrong.
    func write(_ entries: [LedgerEntry], rehash: Bool, keepingLink: Bool, to ledger: URL) throws {
        var entries = entries
        if rehash {
            for index in entries.indices {
                if index > 0 && !keepingLink { entries[index].previousEntryHash = entries[index - 1].entryHash }
                entries[index].entryHash = entries[index].computedHash
            }
        }
        try entries.reduce(into: Data()) { $0 += $1.line + Data("\n".utf8) }.write(to: ledger)
    }
}
