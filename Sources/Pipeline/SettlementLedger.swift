import Digest
import Foundation

/// One settled batch in `ledger/ledger.jsonl`, hash-chained to the entry before it.
public struct LedgerEntry: Codable, Sendable, Equatable {
    public var batch: UInt64
    public var oldRoot: String
    public var newRoot: String
    public var commitment: String
    /// The snarkjs `proof.json` object.
    public var proof: JSONValue
    /// The snarkjs `public.json` array.
    public var publicSignals: JSONValue
    /// The batch's exits (withdrawals) as the engine describes them; absent (nil) when it has none.
    public var exits: [JSONValue]?
    public var verificationKeySHA256: String
    /// The dev seed when the batch was settled under an INSECURE development key (its proof proves nothing);
    /// absent for a ceremony key.
    public var insecureDevelopmentKeySeed: UInt64?
    public var settledAt: String
    /// `entryHash` of the previous entry; 64 zeros for the first.
    public var previousEntryHash: String
    /// SHA-256 of the canonical JSON of every other field.
    public var entryHash: String

    /// The previous-entry hash of the first entry.
    public static let firstPreviousHash = String(repeating: "0", count: 64)

    /// The statement this entry settles.
    public var statement: VerifiedStatement { VerifiedStatement(oldRoot: oldRoot, newRoot: newRoot, commitment: commitment) }

    /// The hash this entry should carry, recomputed from its other fields.
    public var computedHash: String { SHA256.hex(of: Self.canonical(fields(includingHash: false)).utf8) }

    /// The entry as one ledger line: canonical JSON of all fields.
    public var line: Data { Data(Self.canonical(fields(includingHash: true)).utf8) }

    private func fields(includingHash: Bool) -> [String: JSONValue] {
        var fields: [String: JSONValue] = [
            "batch": .integer(Int64(batch)), "oldRoot": .string(oldRoot), "newRoot": .string(newRoot),
            "commitment": .string(commitment), "proof": proof, "publicSignals": publicSignals,
            "verificationKeySHA256": .string(verificationKeySHA256), "settledAt": .string(settledAt),
            "previousEntryHash": .string(previousEntryHash),
        ]
        if let exits { fields["exits"] = .array(exits) }
        if let insecureDevelopmentKeySeed { fields["insecureDevelopmentKeySeed"] = .integer(Int64(insecureDevelopmentKeySeed)) }
        if includingHash { fields["entryHash"] = .string(entryHash) }
        return fields
    }

    private static func canonical(_ fields: [String: JSONValue]) -> String { JSONValue.object(fields).canonicalText }
}

/// Where the ledger's entries are kept: `ledger/ledger.jsonl` (file queue) or the `ledger` table (PostgreSQL,
/// whose constraints enforce batch order, one successor per entry and root continuity on their own).
public protocol LedgerStorage: Sendable {
    /// Where the ledger is, for messages.
    var location: String { get }
    /// The complete entry lines in order, and the torn bytes after them (an append cut short by a crash).
    func read() throws -> (lines: [Data], tornBytes: Int)
    /// The last complete entry line (nil when nothing is settled) and where it is for messages (a batch number in the
    /// table; 0, "the last line", in a file, which is read from its end).
    func readLast() throws -> (line: Data, position: Int)?
    /// Appends the entry `build` makes from the last complete line, serialised against every other appender.
    func append(_ build: (Data?) throws -> LedgerEntry) throws
}

/// The append-only, hash-chained settlement ledger: the only place a state root is final.
public struct SettlementLedger: Sendable {
    private let storage: LedgerStorage
    private let lastDecoded = LastEntryMemo()
    /// Where the ledger is kept.
    public var path: String { storage.location }

    /// The ledger kept in `storage`.
    public init(storage: LedgerStorage) { self.storage = storage }

    /// Every settled entry in order; throws if a complete line is not a valid entry (a torn last line is ignored).
    public func entries() throws -> [LedgerEntry] {
        try storage.read().lines.enumerated().map { try decode($1, line: $0 + 1) }
    }

    /// The last settled entry (its hash checked), nil when nothing is settled yet.
    public func last() throws -> LedgerEntry? {
        guard let (line, position) = try storage.readLast() else { return nil }
        if let entry = lastDecoded.entry(for: line) { return entry }
        let entry = try checked(decode(line, line: position), line: position)
        lastDecoded.remember(entry, for: line)
        return entry
    }

    /// Whether the last line is torn (an append cut short by a crash, cut off by the next append).
    public func hasTornTail() throws -> Bool { try storage.read().tornBytes > 0 }

    /// Appends the entry settling `statement` for `batch`: it must come after the last entry (every number in
    /// between `skippable`) and continue its root (or `genesisRoot`). Checked again under the storage's lock.
    @discardableResult
    public func append(batch: UInt64, statement: VerifiedStatement, proof: JSONValue, publicSignals: JSONValue, exits: [JSONValue] = [],
                       verificationKeySHA256: String, insecureDevelopmentKeySeed: UInt64? = nil, genesisRoot: String,
                       skippable: (UInt64) throws -> Bool) throws -> LedgerEntry {
        var appended: LedgerEntry?
        try storage.append { lastLine in
            let previous = try lastLine.map { line in try lastDecoded.entry(for: line) ?? checked(decode(line, line: 0), line: 0) }
            let first = (previous?.batch ?? 0) + 1
            guard batch >= first, try (first..<batch).allSatisfy(skippable) else {
                throw PipelineError.ledgerOrder(path, reason: "batch \(batch) cannot follow \(previous.map { "batch \($0.batch)" } ?? "an empty ledger"); expected batch \(first)")
            }
            guard statement.oldRoot == (previous?.newRoot ?? genesisRoot) else {
                throw PipelineError.ledgerOrder(path, reason: "batch \(batch) starts from root \(statement.oldRoot); expected \(previous?.newRoot ?? genesisRoot)")
            }
            var entry = LedgerEntry(batch: batch, oldRoot: statement.oldRoot, newRoot: statement.newRoot, commitment: statement.commitment,
                                    proof: proof, publicSignals: publicSignals, exits: exits.isEmpty ? nil : exits,
                                    verificationKeySHA256: verificationKeySHA256, insecureDevelopmentKeySeed: insecureDevelopmentKeySeed,
                                    settledAt: Timestamp.now(), previousEntryHash: previous?.entryHash ?? LedgerEntry.firstPreviousHash, entryHash: "")
            entry.entryHash = entry.computedHash
            appended = entry
            lastDecoded.remember(entry, for: entry.line)
            return entry
        }
        return appended!
    }
    /// Checks the whole hash chain, batch order and root continuity from `genesisRoot`; returns the entries.
    public func verifyChain(genesisRoot: String) throws -> [LedgerEntry] {
        let entries = try entries()
        var previousHash = LedgerEntry.firstPreviousHash, previousBatch: UInt64 = 0, root = genesisRoot
        for (index, entry) in entries.enumerated() {
            _ = try checked(entry, line: index + 1)
            guard entry.previousEntryHash == previousHash else {
                throw PipelineError.ledgerCorrupt(path, line: index + 1, reason: "previousEntryHash \(entry.previousEntryHash) does not link to \(previousHash)")
            }
            guard entry.batch > previousBatch else {
                throw PipelineError.ledgerCorrupt(path, line: index + 1, reason: "batch \(entry.batch) after batch \(previousBatch); expected increasing batch numbers")
            }
            guard entry.oldRoot == root else {
                throw PipelineError.ledgerCorrupt(path, line: index + 1, reason: "old root \(entry.oldRoot); expected \(root)")
            }
            (previousHash, previousBatch, root) = (entry.entryHash, entry.batch, entry.newRoot)
        }
        return entries
    }

    private func decode(_ line: Data, line number: Int) throws -> LedgerEntry {
        do { return try JSONDecoder().decode(LedgerEntry.self, from: line) } catch {
            throw PipelineError.ledgerCorrupt(path, line: number, reason: "not a ledger entry (\(error))")
        }
    }

    private func checked(_ entry: LedgerEntry, line: Int) throws -> LedgerEntry {
        guard entry.computedHash == entry.entryHash else {
            throw PipelineError.ledgerCorrupt(path, line: line, reason: "entryHash \(entry.entryHash) does not match the entry (\(entry.computedHash))")
        }
        return entry
    }
}

/// The last line `SettlementLedger.last()` decoded and checked: every step asks for the last entry, which changes
/// only when a batch settles, so the JSON decoding and the hash check run once per entry.
private final class LastEntryMemo: @unchecked Sendable {
    private let lock = NSLock()
    private var line: Data?
    private var decoded: LedgerEntry?

    func entry(for line: Data) -> LedgerEntry? { lock.withLock { self.line == line ? decoded : nil } }

    func remember(_ entry: LedgerEntry, for line: Data) { lock.withLock { (self.line, decoded) = (line, entry) } }
}
