import Foundation

/// A stage directory of the queue; see docs/FORMATS.md, "Queue directory".
public enum Stage: String, Sendable, CaseIterable, Codable {
    case incoming, executed, proved, settled, rejected, leases, ledger
}

/// The file names of the queue directory, all keyed by a zero-padded batch number.
public enum QueueNames {
    /// "000042" for batch 42 (six digits, more when needed).
    public static func padded(_ number: UInt64) -> String {
        let digits = String(number)
        return String(repeating: "0", count: max(0, 6 - digits.count)) + digits
    }

    /// "batch-000042.json": a batch file in incoming/, executed/ or rejected/.
    public static func batch(_ number: UInt64) -> String { "batch-\(padded(number)).json" }
    /// "batch-000042.reason.json": why a batch was rejected.
    public static func batchReason(_ number: UInt64) -> String { "batch-\(padded(number)).reason.json" }
    /// "000042.witness": the engine's witness, written before the state commits.
    public static func witness(_ number: UInt64) -> String { "\(padded(number)).witness" }
    /// "000042.json": execution metadata (roots, commitment, timings).
    public static func execution(_ number: UInt64) -> String { "\(padded(number)).json" }
    /// "000042.proof.json": snarkjs proof.
    public static func proof(_ number: UInt64) -> String { "\(padded(number)).proof.json" }
    /// "000042.public.json": snarkjs public signals.
    public static func publicSignals(_ number: UInt64) -> String { "\(padded(number)).public.json" }
    /// "000042<suffix>": a settlement artifact of the engine in settled/, e.g. "000042.calldata".
    public static func settlementArtifact(_ number: UInt64, suffix: String) -> String { "\(padded(number))\(suffix)" }
    /// "000042.reason.json": why a witness or proof of a batch was rejected.
    public static func proofReason(_ number: UInt64) -> String { "\(padded(number)).reason.json" }

    /// The batch number of "batch-000042.json"; nil for any other name.
    public static func batchNumber(ofBatchFile name: String) -> UInt64? {
        guard name.hasPrefix("batch-"), name.hasSuffix(".json"), !name.hasSuffix(".reason.json") else { return nil }
        return UInt64(name.dropFirst(6).dropLast(5))
    }

    /// The batch number of "000042.<suffix>"; nil for any other name.
    public static func batchNumber(of name: String, suffix: String) -> UInt64? {
        guard name.hasSuffix(suffix), let first = name.first, first.isNumber else { return nil }
        return UInt64(name.dropLast(suffix.count))
    }
}

/// `queue.json`: what the queue proves and where its root chain starts.
public struct QueueManifest: Codable, Sendable, Equatable {
    /// The queue format described in docs/FORMATS.md.
    public static let currentFormatVersion = 1

    public var formatVersion: Int
    public var circuit: String
    public var created: String
    public var genesisRoot: String
    /// Set when the queue was created for an INSECURE development key (`rollup init --insecure-dev-key`):
    /// its seed. Absent for a ceremony key.
    public var insecureDevelopmentKeySeed: UInt64?
}

/// `executed/000042.json`: the statement an execution produced, which the proof must match.
public struct ExecutionRecord: Codable, Sendable, Equatable {
    public var batch: UInt64
    public var oldRoot: String
    public var newRoot: String
    public var commitment: String
    public var witnessSHA256: String
    public var executedAt: String
    public var executeMilliseconds: Int

    /// The statement a proof of this batch must establish.
    public var statement: VerifiedStatement { VerifiedStatement(oldRoot: oldRoot, newRoot: newRoot, commitment: commitment) }
}

/// A `*.reason.json` file: why a batch, witness or proof was rejected.
public struct RejectionRecord: Codable, Sendable, Equatable {
    public var file: String
    public var batch: UInt64?
    public var stage: String
    public var rejectedAt: String
    public var reasons: [RejectionReason]
}

/// Timestamps in the queue's files: ISO 8601 UTC with milliseconds.
enum Timestamp {
    static func now() -> String { string(Date()) }

    /// RFC 3339 in UTC with milliseconds, "2026-12-01T23:59:21.123Z" (FoundationEssentials' format style: no formatter object per call).
    private static let style = Date.ISO8601FormatStyle(includingFractionalSeconds: true)

    static func string(_ date: Date) -> String { style.format(date) }

    static func date(_ string: String) -> Date? { try? style.parse(string) }
}

/// JSON coding shared by the queue's metadata files: sorted keys, pretty-printed, trailing newline.
enum QueueJSON {
    static func encode<Value: Encodable>(_ value: Value) -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        return (try! encoder.encode(value)) + Data("\n".utf8)
    }

    /// One line of a JSON-lines file: sorted keys, no whitespace, no newline.
    static func encodeLine<Value: Encodable>(_ value: Value) -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return try! encoder.encode(value)
    }

    static func decode<Value: Decodable>(_ type: Value.Type, _ data: Data, source: String) throws -> Value {
        do {
            return try JSONDecoder().decode(type, from: data)
        } catch {
            throw PipelineError.malformedFile(source, expected: "a \(type) JSON document (\(error))")
        }
    }
}
