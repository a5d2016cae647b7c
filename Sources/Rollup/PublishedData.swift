import BabyJubJub
import BN254
import Digest

/// The batch data published on L1 (the `records` argument of the contract's `submitBatch`) and
/// its hash, the circuit's third public input. Fixed-width big-endian fields, one record per slot:
///
/// | bytes | field |
/// |---|---|
/// | 1 | kind: 0 unused slot, 1 deposit, 2 transfer, 3 withdrawal |
/// | 4 | from (0 for a deposit or an unused slot) |
/// | 4 | to (0 for a withdrawal or an unused slot) |
/// | 16 | amount |
/// | 32 | payload: a deposit's compressed key sign(Ax)·2^255 + Ay (circomlibjs `packPoint` read as a little-endian integer); a withdrawal's 20-byte recipient, right-aligned; 0 otherwise |
///
/// The hash is SHA-256(rollupId as 8 bytes ‖ batch as 8 bytes ‖ records) with its top 3 bits
/// cleared (`Fr(sha256Digest:)`), which the contract recomputes with precompile 0x02.
public enum PublishedData {
    /// Bytes per slot record.
    public static let recordSize = 57

    /// The records of `transactions`, padded with unused-slot records to `slots`.
    public static func records(_ transactions: [Transaction], slots: Int) -> [UInt8] {
        precondition(transactions.count <= slots, "more transactions than slots")
        var bytes: [UInt8] = []
        bytes.reserveCapacity(slots * recordSize)
        for transaction in transactions { bytes += record(transaction) }
        bytes += [UInt8](repeating: 0, count: (slots - transactions.count) * recordSize)
        return bytes
    }

    /// The message the hash covers: rollup id, batch number, records.
    public static func message(rollupId: UInt64, batch: UInt64, records: [UInt8]) -> [UInt8] {
        bigEndian(rollupId, 8) + bigEndian(batch, 8) + records
    }

    /// The public input: SHA-256 of `message(...)` reduced into Fr by clearing its top 3 bits.
    public static func hash(rollupId: UInt64, batch: UInt64, records: [UInt8]) -> Fr {
        Fr(sha256Digest: SHA256.hash(message(rollupId: rollupId, batch: batch, records: records)))
    }

    /// One slot's record.
    static func record(_ transaction: Transaction) -> [UInt8] {
        let f = transaction.fields
        var payload = [UInt8](repeating: 0, count: 32)
        if case let .deposit(_, key, _) = transaction { payload = compressedKey(key) }
        if let recipient = f.recipient { payload = [UInt8](repeating: 0, count: 12) + recipient.bytes }
        return [UInt8(transaction.kind)] + bigEndian(f.from, 4) + bigEndian(f.to, 4)
            + bigEndian(UInt64(truncatingIfNeeded: f.amount >> 64), 8) + bigEndian(UInt64(truncatingIfNeeded: f.amount), 8) + payload
    }

    /// sign(Ax)·2^255 + Ay as 32 big-endian bytes, sign(Ax) = 1 when Ax > (r − 1)/2: circomlibjs's
    /// `packPoint` byte-reversed. The key must be on Baby JubJub (deposit keys are checked first).
    public static func compressedKey(_ key: PublicKey) -> [UInt8] {
        guard let point = try? BabyJubPoint(x: key.x, y: key.y) else { preconditionFailure("deposit keys are checked to be on the curve") }
        return point.packed.reversed()
    }

    /// A decoded record: what `rollup l1 rebuild` applies.
    public struct Record: Sendable, Equatable {
        public var kind: UInt8
        public var from: UInt64
        public var to: UInt64
        public var amount: UInt128
        public var payload: [UInt8]

        /// The deposit key the payload holds (decompressed); nil when it is not a point.
        public var depositKey: PublicKey? {
            guard let point = try? BabyJubPoint(packed: payload.reversed()) else { return nil }
            return PublicKey(x: point.x, y: point.y)
        }

        /// The withdrawal recipient the payload holds.
        public var recipient: L1Address? { L1Address(bytes: Array(payload[12...])) }
    }

    /// Splits published records; nil when the length is not a whole number of records.
    public static func decode(_ records: [UInt8]) -> [Record]? {
        guard records.count % recordSize == 0 else { return nil }
        return stride(from: 0, to: records.count, by: recordSize).map { start in
            let r = Array(records[start..<start + recordSize])
            func integer(_ range: Range<Int>) -> UInt128 { r[range].reduce(UInt128(0)) { $0 << 8 | UInt128($1) } }
            return Record(kind: r[0], from: UInt64(integer(1..<5)), to: UInt64(integer(5..<9)), amount: integer(9..<25), payload: Array(r[25..<57]))
        }
    }

    static func bigEndian(_ value: UInt64, _ count: Int) -> [UInt8] {
        (0..<count).reversed().map { UInt8(truncatingIfNeeded: value >> UInt64(8 * $0)) }
    }
}
