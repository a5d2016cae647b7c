import BN254
import BigInteger

extension BabyJubPoint {
    /// The 32-byte compressed form: y little-endian, with bit 7 of byte 31 set when
    /// x > (p − 1)/2 (circomlibjs `packPoint`, go-iden3-crypto `Point.Compress`).
    public var packed: [UInt8] {
        var bytes = y.littleEndianBytes
        if xIsNegative { bytes[31] |= 0x80 }
        return bytes
    }

    /// Decodes `packed` (circomlibjs `unpackPoint`): x is the square root of (1 − y²)/(a − d·y²)
    /// whose half matches the sign bit. Stricter than circomlibjs: y ≥ p and x = 0 with the sign
    /// bit set are rejected as non-canonical; the points with x = 0, (0, ±1), are accepted
    /// (circomlibjs rejects them because its residue test fails for 0).
    public init(packed: some Collection<UInt8>) throws(BabyJubError) {
        var bytes = Array(packed)
        guard bytes.count == 32 else { throw .wrongByteCount(expected: 32, actual: bytes.count) }
        let negative = bytes[31] & 0x80 != 0
        bytes[31] &= 0x7F
        guard let y = try? Fr(littleEndianBytes: bytes) else { throw .coordinateNotCanonical(y: BigInt(littleEndianBytes: bytes)) }
        let yy = y.squared()
        // a − d·y² ≠ 0: it would make a/d a square, but a is a square and d is not.
        guard let denominator = (BabyJub.a - BabyJub.d * yy).inverse(),
              let root = ((Fr.one - yy) * denominator).squareRoot()
        else { throw .noPointWithY(y: y) }
        if root.isZero && negative { throw .negativeZeroX(y: y) }
        let candidate = BabyJubPoint(unchecked: root, y)
        self = candidate.xIsNegative == negative ? candidate : -candidate
    }
}
