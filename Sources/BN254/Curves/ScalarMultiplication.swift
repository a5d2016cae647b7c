extension JacobianPoint {
    /// The wNAF window width: odd multiples P, 3P, …, 15P are precomputed (8 points).
    @usableFromInline static var wnafWidth: Int { 5 }

    /// [k]P for a scalar of F_r (its canonical value), by width-5 wNAF.
    @inlinable
    public func multiplied(by scalar: Fr) -> JacobianPoint {
        multiplied(by: scalar.canonicalLimbs)
    }

    /// [k]P for any unsigned 256-bit integer k (not reduced mod r: EVM ecMul takes any 256-bit
    /// scalar), by width-w NAF (Hankerson, Menezes, Vanstone, "Guide to Elliptic Curve
    /// Cryptography", Algorithms 3.35 and 3.36); no heap allocation.
    @inlinable
    public func multiplied(by scalar: Limbs) -> JacobianPoint {
        if isInfinity || scalar.isZero { return .infinity }
        let width = Self.wnafWidth
        let tableSize = 1 << (width - 2)
        return withUnsafeTemporaryAllocation(of: JacobianPoint.self, capacity: tableSize) { table in
            // table[i] = (2i + 1)·P
            let twice = doubled()
            table.initializeElement(at: 0, to: self)
            for i in 1..<tableSize { table.initializeElement(at: i, to: table[i - 1] + twice) }
            return withUnsafeTemporaryAllocation(of: Int8.self, capacity: 257) { digits in
                digits.initialize(repeating: 0)
                let top = Self.wnafDigits(of: scalar, width: width, into: digits)
                var result = Self.tableEntry(table, digit: digits[top])
                var i = top - 1
                while i >= 0 {
                    result = result.doubled()
                    let digit = digits[i]
                    if digit != 0 { result = result + Self.tableEntry(table, digit: digit) }
                    i -= 1
                }
                return result
            }
        }
    }

    /// ±table[|digit| / 2] for an odd signed digit.
    @inlinable
    static func tableEntry(_ table: UnsafeMutableBufferPointer<JacobianPoint>, digit: Int8) -> JacobianPoint {
        digit > 0 ? table[Int(digit) >> 1] : -table[Int(-digit) >> 1]
    }

    /// Writes the width-w NAF of k into `digits` (which must hold 257 zeros) and returns the
    /// index of the most significant non-zero digit; k must be non-zero. Each non-zero digit is
    /// odd with |digit| < 2^(w−1), and any w consecutive digits hold at most one non-zero.
    @inlinable
    static func wnafDigits(of k: Limbs, width: Int, into digits: UnsafeMutableBufferPointer<Int8>) -> Int {
        let half = UInt64(1) << UInt64(width - 1)
        var carry: UInt64 = 0
        var top = 0
        var i = 0
        while i < 256 {
            let bit = (k[i >> 6] >> UInt64(i & 63)) & 1
            if bit == carry {  // the running value is even here: digit 0, carry unchanged
                i += 1
                continue
            }
            let window = windowBits(of: k, at: i, width: width) + carry  // odd
            if window > half {
                digits[i] = Int8(truncatingIfNeeded: Int64(window) - Int64(half << 1))
                carry = 1
            } else {
                digits[i] = Int8(truncatingIfNeeded: window)
                carry = 0
            }
            top = i
            i += width
        }
        if carry == 1 {
            // A carry only leaves a window that reaches bit 255, so it lands exactly on bit 256.
            digits[256] = 1
            top = 256
        }
        return top
    }

    /// Bits [index, index + width) of k (bits at and above 256 read as zero).
    @inlinable
    static func windowBits(of k: Limbs, at index: Int, width: Int) -> UInt64 {
        let limb = index >> 6
        let shift = UInt64(index & 63)
        var bits = k[limb] >> shift
        if shift != 0 && limb < 3 { bits |= k[limb + 1] << (64 - shift) }
        return bits & ((UInt64(1) << UInt64(width)) - 1)
    }

    /// [k]P by plain left-to-right double-and-add over all 256 bits: the reference twin that
    /// tests check `multiplied(by:)` against.
    @inlinable
    public func multipliedNaive(by scalar: Limbs) -> JacobianPoint {
        var result = JacobianPoint.infinity
        for i in stride(from: 255, through: 0, by: -1) {
            result = result.doubled()
            if scalar.bit(i) { result = result + self }
        }
        return result
    }
}

extension AffinePoint {
    /// [k]P for a scalar of F_r, in Jacobian coordinates (see `JacobianPoint.multiplied(by:)`).
    @inlinable
    public func multiplied(by scalar: Fr) -> JacobianPoint<Curve> {
        JacobianPoint(self).multiplied(by: scalar)
    }

    /// [k]P for any unsigned 256-bit integer k, in Jacobian coordinates.
    @inlinable
    public func multiplied(by scalar: Limbs) -> JacobianPoint<Curve> {
        JacobianPoint(self).multiplied(by: scalar)
    }
}
