import CBN254Kernel
import BigInteger

/// Why bytes or text could not be decoded into a field element.
public enum FieldElementError: Error, Equatable, CustomStringConvertible {
    /// The encoding had the wrong number of bytes.
    case wrongByteCount(field: String, expected: Int, actual: Int)
    /// The value is not below the modulus (decoding never reduces silently).
    case notCanonical(field: String, value: String)
    /// The text is not the expected integer spelling.
    case malformed(field: String, text: String, reason: String)
    /// The value is negative.
    case negative(field: String, value: String)

    public var description: String {
        switch self {
        case let .wrongByteCount(field, expected, actual):
            return "\(field) element: expected \(expected) bytes, got \(actual)"
        case let .notCanonical(field, value):
            return "\(field) element \(value) is not below the modulus"
        case let .malformed(field, text, reason):
            return "\(field) element \"\(text.prefix(80))\" is malformed: \(reason)"
        case let .negative(field, value):
            return "\(field) element \(value) is negative"
        }
    }
}

extension PrimeField {
    /// The number of bytes of a canonical encoding.
    public static var byteCount: Int { 32 }

    /// Decodes a canonical value from exactly 32 big-endian bytes; rejects values ≥ p.
    /// Inlinable so that each caller's collection type is specialised (tree and trace loads decode millions).
    @inlinable
    public init(bigEndianBytes bytes: some Collection<UInt8>) throws(FieldElementError) {
        guard bytes.count == 32 else {
            throw .wrongByteCount(field: Self.fieldName, expected: 32, actual: bytes.count)
        }
        var words: [UInt64] = [0, 0, 0, 0]
        var offset = 0
        for byte in bytes {
            let bitPosition = (31 - offset) * 8
            words[bitPosition >> 6] |= UInt64(byte) << UInt64(bitPosition & 63)
            offset += 1
        }
        try self.init(validatingCanonical: Limbs(littleEndian: words))
    }

    /// Decodes a canonical value from exactly 32 little-endian bytes; rejects values ≥ p.
    public init(littleEndianBytes bytes: some Collection<UInt8>) throws(FieldElementError) {
        guard bytes.count == 32 else {
            throw .wrongByteCount(field: Self.fieldName, expected: 32, actual: bytes.count)
        }
        try self.init(bigEndianBytes: bytes.reversed())
    }

    /// The element with canonical value `limbs`, or an error when `limbs` ≥ p.
    public init(validatingCanonical limbs: Limbs) throws(FieldElementError) {
        guard limbs.isLess(than: Self.modulusLimbs) else {
            throw .notCanonical(field: Self.fieldName, value: BigInt(limbs: limbs.words).decimalString)
        }
        self.init(canonicalLimbs: limbs)
    }

    /// The canonical value as 32 big-endian bytes.
    public var bigEndianBytes: [UInt8] {
        let c = canonicalLimbs
        var bytes = [UInt8](repeating: 0, count: 32)
        for i in 0..<32 {
            let bitPosition = (31 - i) * 8
            bytes[i] = UInt8(truncatingIfNeeded: c[bitPosition >> 6] >> UInt64(bitPosition & 63))
        }
        return bytes
    }

    /// The canonical value as 32 little-endian bytes.
    public var littleEndianBytes: [UInt8] { bigEndianBytes.reversed() }

    /// The canonical value as a big integer in [0, p).
    public var bigInt: BigInt { BigInt(limbs: canonicalLimbs.words) }

    /// The element equal to `value`, which must lie in [0, p).
    public init(exactly value: BigInt) throws(FieldElementError) {
        guard value.signum >= 0 else { throw .negative(field: Self.fieldName, value: value.decimalString) }
        guard value < Self.modulus, let words = value.limbs(count: 4) else {
            throw .notCanonical(field: Self.fieldName, value: value.decimalString)
        }
        self.init(canonicalLimbs: Limbs(littleEndian: words))
    }

    /// The element `value mod p` (any integer, negative ones included).
    public init(reducing value: BigInt) {
        let reduced = value.modulo(Self.modulus)
        self.init(canonicalLimbs: Limbs(littleEndian: reduced.limbs(count: 4)!))
    }

    /// Parses the canonical decimal form every file format of this project uses (snarkjs JSON,
    /// batch and genesis files, the queue's records): "0" or a non-zero digit followed by digits,
    /// below p. No sign, no leading zeros, no hex, no whitespace, so each value has one spelling.
    public init(_ text: String) throws(FieldElementError) {
        let utf8 = text.utf8
        guard !utf8.isEmpty else { throw .malformed(field: Self.fieldName, text: text, reason: "empty string") }
        guard utf8.allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }) else {
            throw .malformed(field: Self.fieldName, text: text, reason: "expected canonical decimal digits only (no sign, hex or spaces)")
        }
        guard utf8.first != UInt8(ascii: "0") || utf8.count == 1 else {
            throw .malformed(field: Self.fieldName, text: text, reason: "leading zeros are not canonical")
        }
        guard utf8.count <= 78 else { throw .notCanonical(field: Self.fieldName, value: String(text.prefix(80)) + "…") }
        let value: BigInt
        do { value = try BigInt(decimal: text) } catch {
            throw .malformed(field: Self.fieldName, text: text, reason: error.description)
        }
        try self.init(exactly: value)
    }

    /// Parses decimal, or hexadecimal after "0x", for values typed on a command line; rejects
    /// negatives and values ≥ p. Files use the canonical decimal of `init(_:)`.
    public init(decimalOrHex text: String) throws(FieldElementError) {
        let value: BigInt
        do {
            value = try BigInt(parsing: text)
        } catch {
            throw .malformed(field: Self.fieldName, text: text, reason: error.description)
        }
        try self.init(exactly: value)
    }

    /// The canonical value in decimal, as snarkjs and circomlibjs print it.
    public var description: String { bigInt.decimalString }
}
