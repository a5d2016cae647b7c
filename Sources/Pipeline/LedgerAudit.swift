import Foundation

/// The result of re-checking the settlement ledger: how many entries, and every problem found.
public struct LedgerAudit: Sendable {
    public var entries: Int
    public var problems: [String]
    /// Whether the ledger passed every check.
    public var passed: Bool { problems.isEmpty }
}

extension PipelineQueue {
    /// Re-verifies the ledger: hash chain, batch order, root continuity from genesis, the verification key hash,
    /// every proof through the engine, and the kept `settled/` files against the entries.
    public func auditLedger() -> LedgerAudit {
        let entries: [LedgerEntry]
        do { entries = try ledger.verifyChain(genesisRoot: manifest.genesisRoot) } catch {
            return LedgerAudit(entries: 0, problems: ["\(error)"])
        }
        var problems: [String] = []
        if (try? ledger.hasTornTail()) == true {
            problems.append("\(ledger.path): torn last line (an unacknowledged append; the next settlement cuts it off)")
        }
        for entry in entries {
            let place = "\(ledger.path): batch \(entry.batch)"
            if entry.verificationKeySHA256 != verificationKeySHA256 {
                problems.append("\(place): verification key sha256 \(entry.verificationKeySHA256); expected \(verificationKeySHA256)")
            }
            do {
                let statement = try engine.verify(proof: entry.proof.canonicalData, publicSignals: entry.publicSignals.canonicalData)
                if statement != entry.statement {
                    problems.append("\(place): the proof establishes \(statement.map { "\($0)" } ?? "nothing (invalid)"); the entry says \(entry.statement)")
                }
            } catch {
                problems.append("\(place): malformed proof: \(error)")
            }
            for (name, expected) in [(QueueNames.proof(entry.batch), entry.proof), (QueueNames.publicSignals(entry.batch), entry.publicSignals)] {
                let kept = backend.describe(name, in: .settled)
                guard let data = try? backend.read(name, in: .settled) else {
                    problems.append("\(kept): missing; expected the settled copy (a worker finishes the move after a crash)")
                    continue
                }
                if (try? JSONValue.parse(data, source: kept)) != expected {
                    problems.append("\(kept): differs from the ledger entry of batch \(entry.batch)")
                }
            }
        }
        return LedgerAudit(entries: entries.count, problems: problems)
    }
}

extension PipelineQueue {
    /// The snarkjs files of every settled batch, named `NNNNNN.proof.json` and `NNNNNN.public.json`: the kept
    /// `settled/` copies, after checking each against its ledger entry (the entry's canonical JSON if a copy is missing).
    public func exportSettledProofs() throws -> [(name: String, data: Data)] {
        try ledger.verifyChain(genesisRoot: manifest.genesisRoot).flatMap { entry in
            try [(QueueNames.proof(entry.batch), entry.proof), (QueueNames.publicSignals(entry.batch), entry.publicSignals)].map { name, expected in
                guard try backend.exists(name, in: .settled) else { return (name, expected.canonicalData) }
                let kept = try backend.read(name, in: .settled)
                guard try JSONValue.parse(kept, source: backend.describe(name, in: .settled)) == expected else {
                    throw PipelineError.malformedFile(backend.describe(name, in: .settled), expected: "the proof settled in the ledger for batch \(entry.batch)")
                }
                return (name, kept)
            }
        }
    }
}
