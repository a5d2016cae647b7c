import Foundation

/// A proof the settler refused: recorded in `ledger/refused.jsonl`, never settled.
public struct Refusal: Codable, Sendable, Equatable {
    public var batch: UInt64
    public var code: String
    public var message: String
    public var proofSHA256: String
    public var refusedAt: String
}

/// The record of refused proofs: `ledger/refused.jsonl` (torn last line tolerated like the ledger's) or a table.
struct RefusalLog: Sendable {
    let file: AppendOnlyLog
    let location: String

    /// Every recorded refusal.
    func all() throws -> [Refusal] {
        try file.lines().enumerated().map { index, line in
            try QueueJSON.decode(Refusal.self, line, source: "\(location) line \(index + 1)")
        }
    }

    /// Appends `refusal` and returns how many refusals its batch now has.
    func record(_ refusal: Refusal) throws -> Int {
        var count = 0
        try file.append { lines in
            count = 1 + lines.filter { (try? JSONDecoder().decode(Refusal.self, from: $0))?.batch == refusal.batch }.count
            return QueueJSON.encodeLine(refusal)
        }
        return count
    }
}

extension PipelineQueue {
    /// Every refused proof, in the order the settler refused them.
    public func refusedProofs() throws -> [Refusal] { try refusals.all() }
}
