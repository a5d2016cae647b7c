// String, byte and limb encodings for BigInt. All parsing is validated in Swift before GMP sees
// the text (mpz_set_str would otherwise accept whitespace).
internal import CGMP

/// Errors thrown when parsing a `BigInt` from text.
public enum BigIntError: Error, Equatable, CustomStringConvertible, Sendable {
    /// The input string is not a valid integer; `reason` says why.
    case malformed(String, reason: String)

    /// A human-readable message, e.g. `malformed integer "12a": unexpected character 'a' at offset 2`.
    public var description: String {
        switch self {
        case let .malformed(input, reason):
            let shown = input.count > 80 ? String(input.prefix(77)) + "..." : input
            return "malformed integer \"\(shown)\": \(reason)"
        }
    }
}

extension BigInt {
    // MARK: Parsing

    /// Parses decimal text: an optional leading "-" followed by one or more ASCII digits, nothing else.
    public init(decimal: String) throws(BigIntError) {
        self = try BigInt.parse(decimal, allowHexPrefix: false, hex: false)
    }

    /// Parses hexadecimal text: optional "-", optional "0x"/"0X", then one or more hex digits (either case).
    public init(hex: String) throws(BigIntError) {
        self = try BigInt.parse(hex, allowHexPrefix: true, hex: true)
    }

    /// Parses decimal text, or hexadecimal when the digits are prefixed by "0x"/"0X" (after an optional "-").
    public init(parsing text: String) throws(BigIntError) {
        self = try BigInt.parse(text, allowHexPrefix: true, hex: false)
    }

    /// Shared validator + converter. `hex` forces base 16; otherwise base 16 only with a 0x prefix.
    static func parse(_ text: String, allowHexPrefix: Bool, hex: Bool) throws(BigIntError) -> BigInt {
        let scalars = Array(text.unicodeScalars)
        if scalars.isEmpty {
            throw .malformed(text, reason: "empty string")
        }
        var index = 0
        var negative = false
        if scalars[0] == "-" {
            negative = true
            index = 1
        }
        var base: Int32 = hex ? 16 : 10
        if allowHexPrefix, index + 1 < scalars.count, scalars[index] == "0",
           scalars[index + 1] == "x" || scalars[index + 1] == "X" {
            base = 16
            index += 2
        }
        if index == scalars.count {
            throw .malformed(text, reason: "no digits")
        }
        var digits: [UInt8] = []
        digits.reserveCapacity(scalars.count - index + 1)
        for offset in index..<scalars.count {
            let c = scalars[offset]
            let valid: Bool
            switch c {
            case "0"..."9": valid = true
            case "a"..."f", "A"..."F": valid = base == 16
            default: valid = false
            }
            guard valid else {
                throw .malformed(text, reason: "unexpected character '\(c.escaped(asASCII: false))' at offset \(offset)")
            }
            digits.append(UInt8(c.value))
        }
        digits.append(0)
        let s = MPZStorage()
        let status = digits.withUnsafeBufferPointer { buf in
            buf.withMemoryRebound(to: CChar.self) { __gmpz_set_str(s.pointer, $0.baseAddress, base) }
        }
        guard status == 0 else {
            throw .malformed(text, reason: "rejected by the base-\(base) converter")
        }
        if negative { __gmpz_neg(s.pointer, s.pointer) }
        return BigInt(storage: s)
    }

    // MARK: Text output

    /// Digits of |self| in `base` (lowercase), without sign or prefix.
    func magnitudeDigits(base: Int32) -> String {
        withMPZ { p in
            // mpz_sizeinbase may overestimate by one; +2 covers a sign and the terminator.
            let capacity = __gmpz_sizeinbase(p, base) + 2
            var buffer = [CChar](repeating: 0, count: capacity)
            buffer.withUnsafeMutableBufferPointer { _ = __gmpz_get_str($0.baseAddress, base, p) }
            var text = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
            if text.hasPrefix("-") { text.removeFirst() }
            return text
        }
    }

    /// Decimal representation, with a leading "-" for negative values.
    public var decimalString: String {
        let digits = magnitudeDigits(base: 10)
        return signum < 0 ? "-" + digits : digits
    }

    /// Lowercase hexadecimal with a "0x" prefix ("-0x…" for negative values, "0x0" for zero).
    public var hexString: String {
        let digits = magnitudeDigits(base: 16)
        return (signum < 0 ? "-0x" : "0x") + digits
    }

    // MARK: Bytes

    /// Creates a non-negative value from big-endian bytes (empty means zero).
    public init(bigEndianBytes bytes: [UInt8]) {
        self.init(bytes: bytes, order: 1)
    }

    /// Creates a non-negative value from little-endian bytes (empty means zero).
    public init(littleEndianBytes bytes: [UInt8]) {
        self.init(bytes: bytes, order: -1)
    }

    /// Imports bytes with GMP word order `order` (1: most significant first, -1: least first).
    init(bytes: [UInt8], order: Int32) {
        let s = MPZStorage()
        if !bytes.isEmpty {
            bytes.withUnsafeBytes { raw in
                __gmpz_import(s.pointer, bytes.count, order, 1, 1, 0, raw.baseAddress)
            }
        }
        self.init(storage: s)
    }

    /// Magnitude as minimal big-endian bytes (`[]` for zero).
    func exportBytes(order: Int32) -> [UInt8] {
        withMPZ { p in
            if cgmp_sgn(p) == 0 { return [] }
            let byteCount = (Int(__gmpz_sizeinbase(p, 2)) + 7) / 8
            var out = [UInt8](repeating: 0, count: byteCount)
            var written = 0
            out.withUnsafeMutableBytes { raw in
                _ = __gmpz_export(raw.baseAddress, &written, order, 1, 1, 0, p)
            }
            precondition(written == byteCount, "BigInt: unexpected export size")
            return out
        }
    }

    /// Big-endian magnitude left-padded to exactly `count` bytes; nil if negative or it does not fit.
    public func bigEndianBytes(count: Int) -> [UInt8]? {
        guard signum >= 0, count >= 0 else { return nil }
        let minimal = exportBytes(order: 1)
        guard minimal.count <= count else { return nil }
        return [UInt8](repeating: 0, count: count - minimal.count) + minimal
    }

    /// Little-endian magnitude right-padded to exactly `count` bytes; nil if negative or it does not fit.
    public func littleEndianBytes(count: Int) -> [UInt8]? {
        guard signum >= 0, count >= 0 else { return nil }
        let minimal = exportBytes(order: -1)
        guard minimal.count <= count else { return nil }
        return minimal + [UInt8](repeating: 0, count: count - minimal.count)
    }

    // MARK: Limbs

    /// Magnitude |self| as minimal little-endian 64-bit limbs (`[]` for zero).
    public var limbs: [UInt64] {
        withMPZ { p in
            if cgmp_sgn(p) == 0 { return [] }
            let limbCount = (Int(__gmpz_sizeinbase(p, 2)) + 63) / 64
            var out = [UInt64](repeating: 0, count: limbCount)
            var written = 0
            out.withUnsafeMutableBytes { raw in
                _ = __gmpz_export(raw.baseAddress, &written, -1, MemoryLayout<UInt64>.size, 0, 0, p)
            }
            precondition(written == limbCount, "BigInt: unexpected export size")
            return out
        }
    }

    /// Little-endian 64-bit limbs padded to exactly `count`; nil if negative or it does not fit.
    public func limbs(count: Int) -> [UInt64]? {
        guard signum >= 0, count >= 0 else { return nil }
        let minimal = limbs
        guard minimal.count <= count else { return nil }
        return minimal + [UInt64](repeating: 0, count: count - minimal.count)
    }
}
