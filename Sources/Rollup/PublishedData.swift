import BabyJubJub
import BN254
import Digest
import Poseidon

/// The batch data published on L1 (the `records` argument of the contract's `submitBatch`) and
/// the commitment that binds the proof to it. One record per slot, three 32-byte big-endian words,
/// each a field element below r:
///
/// | word | value |
/// |---|---|
/// | 0 | kind·2^192 + from·2^160 + to·2^128 + amount (kind: 0 unused slot, 1 deposit, 2 transfer, 3 withdrawal) |
/// | 1 | a deposit's key Ax; a withdrawal's 160-bit recipient; 0 otherwise |
/// | 2 | a deposit's key Ay; 0 otherwise |
///
/// The batch's data elements are D = (header, the words of every record in order), header =
/// rollupId·2^64 + batch. The circuit hashes them with Poseidon (`dataHash`), and the contract,
/// which cannot afford Poseidon, checks that the circuit's elements are the calldata's by one
/// evaluation at a Fiat–Shamir point: challenge z = SHA-256(dataHash ‖ rollupId ‖ batch ‖ records)
/// with its top 3 bits cleared, evaluation y = Σ D_j·z^j. A prover committed by `dataHash` to
/// elements D′ ≠ D before z was drawn meets D′(z) = D(z) with probability at most |D|/r (Schwartz–
/// Zippel; the equivalence check of EIP-4844 blob commitments, as Scroll and zkSync use it).
public enum PublishedData {
    /// Words per slot record.
    public static let wordsPerRecord = 3
    /// Bytes per slot record.
    public static let recordSize = 32 * wordsPerRecord

    /// The three public inputs that bind a proof to the published data.
    public struct Commitment: Sendable, Equatable, CustomStringConvertible {
        /// Poseidon chain over the data elements: h = header, then h = Poseidon(h, w0, w1, w2) per record.
        public let dataHash: Fr
        /// The evaluation point z, derived from the data hash and the published bytes.
        public let challenge: Fr
        /// Σ D_j·z^j over the data elements.
        public let evaluation: Fr

        /// The commitment of `records` of batch `batch` of rollup `rollupId`.
        public init(rollupId: UInt64, batch: UInt64, records: [UInt8]) {
            let elements = PublishedData.elements(rollupId: rollupId, batch: batch, records: records)
            var hash = elements[0]
            for start in stride(from: 1, to: elements.count, by: wordsPerRecord) {
                hash = Poseidon.hash([hash] + elements[start..<start + wordsPerRecord])
            }
            dataHash = hash
            challenge = PublishedData.challenge(dataHash: hash, rollupId: rollupId, batch: batch, records: records)
            evaluation = PublishedData.evaluate(elements, at: challenge)
        }

        /// The three values in decimal, space-separated: the pipeline's statement of the batch data.
        public var description: String { "\(dataHash) \(challenge) \(evaluation)" }
    }

    /// The records of `transactions`, padded with unused-slot records to `slots`.
    public static func records(_ transactions: [Transaction], slots: Int) -> [UInt8] {
        precondition(transactions.count <= slots, "more transactions than slots")
        var bytes: [UInt8] = []
        bytes.reserveCapacity(slots * recordSize)
        for transaction in transactions { bytes += record(transaction).flatMap(\.bigEndianBytes) }
        bytes += [UInt8](repeating: 0, count: (slots - transactions.count) * recordSize)
        return bytes
    }

    /// rollupId·2^64 + batch: the first data element, which the contract supplies itself.
    public static func header(rollupId: UInt64, batch: UInt64) -> Fr {
        Fr(UInt128(rollupId) << 64 | UInt128(batch))
    }

    /// The data elements: the header, then every record word. The words must be below r.
    static func elements(rollupId: UInt64, batch: UInt64, records: [UInt8]) -> [Fr] {
        precondition(records.count % recordSize == 0, "whole records")
        return [header(rollupId: rollupId, batch: batch)] + stride(from: 0, to: records.count, by: 32).map { start in
            guard let word = try? Fr(bigEndianBytes: records[start..<start + 32]) else { preconditionFailure("record words are below r") }
            return word
        }
    }

    /// z = SHA-256(dataHash ‖ rollupId as 8 bytes ‖ batch as 8 bytes ‖ records), top 3 bits cleared.
    static func challenge(dataHash: Fr, rollupId: UInt64, batch: UInt64, records: [UInt8]) -> Fr {
        Fr(sha256Digest: SHA256.hash(dataHash.bigEndianBytes + bigEndian(rollupId, 8) + bigEndian(batch, 8) + records))
    }

    /// Σ elements[j]·z^j, by Horner's rule.
    static func evaluate(_ elements: [Fr], at z: Fr) -> Fr {
        elements.reversed().reduce(Fr.zero) { $0 * z + $1 }
    }

    /// One slot's record words.
    static func record(_ transaction: Transaction) -> [Fr] {
        let f = transaction.fields
        let head = Fr(UInt128(transaction.kind) << 64 | UInt128(f.from) << 32 | UInt128(f.to)) * twoTo128 + Fr(f.amount)
        switch transaction {
        case let .deposit(_, key, _): return [head, key.x, key.y]
        default: return [head, f.recipient?.fieldElement ?? .zero, .zero]
        }
    }

    /// 2^128.
    static let twoTo128 = Fr(UInt128(1) << 64) * Fr(UInt128(1) << 64)

    /// A decoded record: what `rollup l1 rebuild` applies.
    public struct Record: Sendable, Equatable {
        public var kind: UInt8
        public var from: UInt64
        public var to: UInt64
        public var amount: UInt128
        /// Words 1 and 2: a deposit's key, a withdrawal's recipient and 0.
        public var payload: (Fr, Fr)

        /// The deposit key the payload holds.
        public var depositKey: PublicKey { PublicKey(x: payload.0, y: payload.1) }

        /// The withdrawal recipient the payload holds; nil when word 1 is not below 2^160.
        public var recipient: L1Address? {
            let bytes = payload.0.bigEndianBytes
            guard bytes[0..<12].allSatisfy({ $0 == 0 }) else { return nil }
            return L1Address(bytes: Array(bytes[12...]))
        }

        public static func == (lhs: Record, rhs: Record) -> Bool {
            (lhs.kind, lhs.from, lhs.to, lhs.amount, lhs.payload.0, lhs.payload.1) == (rhs.kind, rhs.from, rhs.to, rhs.amount, rhs.payload.0, rhs.payload.1)
        }
    }

    /// Splits published records; nil when the length is not a whole number of records, a word is
    /// not below r, or a first word has bits above the kind.
    public static func decode(_ records: [UInt8]) -> [Record]? {
        guard records.count % recordSize == 0 else { return nil }
        var decoded: [Record] = []
        for start in stride(from: 0, to: records.count, by: recordSize) {
            let r = Array(records[start..<start + recordSize])
            guard r[0..<7].allSatisfy({ $0 == 0 }), let word1 = try? Fr(bigEndianBytes: r[32..<64]), let word2 = try? Fr(bigEndianBytes: r[64..<96]) else {
                return nil
            }
            func integer(_ range: Range<Int>) -> UInt128 { r[range].reduce(UInt128(0)) { $0 << 8 | UInt128($1) } }
            decoded.append(Record(kind: r[7], from: UInt64(integer(8..<12)), to: UInt64(integer(12..<16)), amount: integer(16..<32),
                                  payload: (word1, word2)))
        }
        return decoded
    }

    static func bigEndian(_ value: UInt64, _ count: Int) -> [UInt8] {
        (0..<count).reversed().map { UInt8(truncatingIfNeeded: value >> UInt64(8 * $0)) }
    }
}
