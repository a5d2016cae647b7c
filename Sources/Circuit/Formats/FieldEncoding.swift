import BN254
import BigInteger
import Foundation
import SnarkjsBinary

/// The fixed-size field-element encoding of iden3's r1cs and wtns files: n8 = 32 bytes,
/// little-endian, normal (non-Montgomery) form.
enum FieldEncoding {
    /// Bytes per element (header field n8).
    static let n8 = 32

    /// r as 32 little-endian bytes, the header's prime field.
    static let primeBytes: [UInt8] = bytes(of: Fr.modulusLimbs)

    /// The 32 little-endian bytes of `limbs`.
    static func bytes(of limbs: Limbs) -> [UInt8] {
        (0..<32).map { UInt8(truncatingIfNeeded: limbs[$0 >> 3] >> UInt64(($0 & 7) * 8)) }
    }

    /// The decimal value of `limbs`, for error messages.
    static func decimal(_ limbs: Limbs) -> String { BigInt(limbs: limbs.words).decimalString }

    /// Reads the header's n8 and prime and checks they describe BN254's scalar field.
    static func readPrime(_ reader: inout BinaryReader, section: String) throws(BinaryFormatError) {
        let n8 = try reader.u32("\(section) n8")
        guard n8 == UInt32(Self.n8) else {
            throw .invalidField(file: reader.fileName, field: "\(section) n8", reason: "\(n8) bytes per element; BN254's r needs 32")
        }
        let prime = try reader.bytes(Self.n8, field: "\(section) prime")
        guard prime.elementsEqual(primeBytes) else {
            let words = (0..<4).map { limb in (0..<8).reduce(UInt64(0)) { $0 | UInt64(prime[prime.startIndex + limb * 8 + $1]) << UInt64($1 * 8) } }
            throw .invalidField(
                file: reader.fileName, field: "\(section) prime",
                reason: "\(BigInt(limbs: words).decimalString) is not BN254's scalar field order r = \(Fr.modulus.decimalString)")
        }
    }
}

/// A cursor over raw bytes for the large sections (constraints, witness values, label map):
/// bounds-checked without building a field name per read; callers name the field on failure.
struct ByteCursor {
    let bytes: UnsafeRawBufferPointer
    var offset = 0

    var remaining: Int { bytes.count - offset }

    mutating func u32() -> UInt32? {
        guard remaining >= 4 else { return nil }
        defer { offset += 4 }
        return UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: offset, as: UInt32.self))
    }

    mutating func u64() -> UInt64? {
        guard remaining >= 8 else { return nil }
        defer { offset += 8 }
        return UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
    }

    /// 32 little-endian bytes as limbs, not yet checked against r.
    mutating func limbs() -> Limbs? {
        guard remaining >= 32 else { return nil }
        let base = offset
        offset += 32
        func word(_ i: Int) -> UInt64 { UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: base + 8 * i, as: UInt64.self)) }
        return Limbs(l0: word(0), l1: word(1), l2: word(2), l3: word(3))
    }
}

/// Writes little-endian integers and field elements into a byte buffer (stores into
/// preallocated space, growing when the capacity estimate was short).
struct ByteWriter {
    private var bytes: [UInt8]
    private var count = 0

    init(capacity: Int) { bytes = [UInt8](repeating: 0, count: capacity) }

    private mutating func store<T: FixedWidthInteger>(_ value: T) {
        let size = MemoryLayout<T>.size
        if count + size > bytes.count { bytes.append(contentsOf: repeatElement(0, count: max(size, bytes.count))) }
        let offset = count
        bytes.withUnsafeMutableBytes { $0.storeBytes(of: value.littleEndian, toByteOffset: offset, as: T.self) }
        count += size
    }

    mutating func u32(_ value: UInt32) { store(value) }
    mutating func u64(_ value: UInt64) { store(value) }

    /// The canonical value, 32 bytes little-endian (normal form, as the files store it).
    mutating func element(_ value: Fr) {
        let limbs = value.canonicalLimbs
        store(limbs.l0)
        store(limbs.l1)
        store(limbs.l2)
        store(limbs.l3)
    }

    mutating func raw(_ other: [UInt8]) { for byte in other { store(byte) } }

    /// The bytes written so far.
    var data: Data { bytes.withUnsafeBytes { Data($0.prefix(count)) } }
}
