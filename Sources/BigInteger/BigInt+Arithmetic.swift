// Ring arithmetic, division and shifts for BigInt.
internal import CGMP

extension BigInt {
    /// Applies a GMP binary operation `op(result, lhs, rhs)` into fresh storage.
    @inline(__always)
    static func binary(
        _ lhs: BigInt, _ rhs: BigInt,
        _ op: (UnsafeMutablePointer<__mpz_struct>, UnsafePointer<__mpz_struct>, UnsafePointer<__mpz_struct>) -> Void
    ) -> BigInt {
        lhs.withMPZ { a in rhs.withMPZ { b in BigInt.build { r in op(r, a, b) } } }
    }

    /// Applies a GMP binary operation `op(lhs, lhs, rhs)` in place (copy-on-write).
    @inline(__always)
    static func binaryInPlace(
        _ lhs: inout BigInt, _ rhs: BigInt,
        _ op: (UnsafeMutablePointer<__mpz_struct>, UnsafePointer<__mpz_struct>, UnsafePointer<__mpz_struct>) -> Void
    ) {
        rhs.withMPZ { b in lhs.withMutableMPZ { a in op(a, a, b) } }
    }

    // MARK: Addition, subtraction, multiplication

    /// Sum.
    public static func + (lhs: BigInt, rhs: BigInt) -> BigInt {
        binary(lhs, rhs) { __gmpz_add($0, $1, $2) }
    }

    /// Difference.
    public static func - (lhs: BigInt, rhs: BigInt) -> BigInt {
        binary(lhs, rhs) { __gmpz_sub($0, $1, $2) }
    }

    /// Product.
    public static func * (lhs: BigInt, rhs: BigInt) -> BigInt {
        binary(lhs, rhs) { __gmpz_mul($0, $1, $2) }
    }

    /// In-place sum.
    public static func += (lhs: inout BigInt, rhs: BigInt) {
        binaryInPlace(&lhs, rhs) { __gmpz_add($0, $1, $2) }
    }

    /// In-place difference.
    public static func -= (lhs: inout BigInt, rhs: BigInt) {
        binaryInPlace(&lhs, rhs) { __gmpz_sub($0, $1, $2) }
    }

    /// In-place product.
    public static func *= (lhs: inout BigInt, rhs: BigInt) {
        binaryInPlace(&lhs, rhs) { __gmpz_mul($0, $1, $2) }
    }

    /// Negation.
    public static prefix func - (operand: BigInt) -> BigInt {
        if operand.isZero { return operand }
        return operand.withMPZ { a in BigInt.build { __gmpz_neg($0, a) } }
    }

    // MARK: Division

    /// Quotient truncated toward zero (like Swift `Int`); traps on a zero divisor.
    public static func / (lhs: BigInt, rhs: BigInt) -> BigInt {
        precondition(!rhs.isZero, "BigInt division by zero")
        return binary(lhs, rhs) { __gmpz_tdiv_q($0, $1, $2) }
    }

    /// Remainder of truncated division, with the sign of the dividend (like Swift `Int`); traps on a zero divisor.
    public static func % (lhs: BigInt, rhs: BigInt) -> BigInt {
        precondition(!rhs.isZero, "BigInt remainder with zero divisor")
        return binary(lhs, rhs) { __gmpz_tdiv_r($0, $1, $2) }
    }

    /// In-place truncated quotient; traps on a zero divisor.
    public static func /= (lhs: inout BigInt, rhs: BigInt) {
        precondition(!rhs.isZero, "BigInt division by zero")
        binaryInPlace(&lhs, rhs) { __gmpz_tdiv_q($0, $1, $2) }
    }

    /// In-place truncated remainder; traps on a zero divisor.
    public static func %= (lhs: inout BigInt, rhs: BigInt) {
        precondition(!rhs.isZero, "BigInt remainder with zero divisor")
        binaryInPlace(&lhs, rhs) { __gmpz_tdiv_r($0, $1, $2) }
    }

    /// Truncated quotient and remainder in one step (`self == q * d + r`, `r` has the sign of `self`); traps on a zero divisor.
    public func quotientAndRemainder(dividingBy divisor: BigInt) -> (quotient: BigInt, remainder: BigInt) {
        precondition(!divisor.isZero, "BigInt division by zero")
        let q = MPZStorage()
        let r = MPZStorage()
        withMPZ { n in divisor.withMPZ { d in __gmpz_tdiv_qr(q.pointer, r.pointer, n, d) } }
        return (BigInt(storage: q), BigInt(storage: r))
    }

    /// Least non-negative residue: the result is in `[0, |m|)` for either sign of `m`; traps when `m` is zero.
    public func modulo(_ m: BigInt) -> BigInt {
        precondition(!m.isZero, "BigInt.modulo: zero modulus")
        return BigInt.binary(self, m) { __gmpz_mod($0, $1, $2) }
    }

    // MARK: Shifts

    /// Multiplies by 2^count (a negative count shifts right instead).
    public static func << (lhs: BigInt, rhs: Int) -> BigInt {
        if rhs < 0 { return lhs >> (rhs == Int.min ? Int.max : -rhs) }
        if rhs == 0 || lhs.isZero { return lhs }
        return lhs.withMPZ { a in BigInt.build { __gmpz_mul_2exp($0, a, UInt(rhs)) } }
    }

    /// Floor division by 2^count, i.e. an arithmetic shift (a negative count shifts left instead).
    public static func >> (lhs: BigInt, rhs: Int) -> BigInt {
        if rhs < 0 { return lhs << (rhs == Int.min ? Int.max : -rhs) }
        if rhs == 0 { return lhs }
        return lhs.withMPZ { a in BigInt.build { __gmpz_fdiv_q_2exp($0, a, UInt(rhs)) } }
    }

    /// In-place left shift.
    public static func <<= (lhs: inout BigInt, rhs: Int) {
        lhs = lhs << rhs
    }

    /// In-place arithmetic right shift.
    public static func >>= (lhs: inout BigInt, rhs: Int) {
        lhs = lhs >> rhs
    }

    // MARK: Powers and gcd

    /// `self` raised to a non-negative `exponent` (traps on a negative exponent).
    public func power(_ exponent: Int) -> BigInt {
        precondition(exponent >= 0, "BigInt.power: negative exponent \(exponent)")
        return withMPZ { a in BigInt.build { __gmpz_pow_ui($0, a, UInt(exponent)) } }
    }

    /// Greatest common divisor, always non-negative (`gcd(0, 0) == 0`).
    public func gcd(_ other: BigInt) -> BigInt {
        BigInt.binary(self, other) { __gmpz_gcd($0, $1, $2) }
    }
}
