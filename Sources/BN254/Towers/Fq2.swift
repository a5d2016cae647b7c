import BigInteger
import CBN254Kernel

/// An element c0 + c1·u of F_q2 = F_q[u]/(u² + 1), the field over which BN254's G2 is defined.
@frozen
public struct Fq2: Sendable, Hashable, CustomStringConvertible {
    /// The real part.
    public var c0: Fq
    /// The coefficient of u.
    public var c1: Fq

    /// The element c0 + c1·u.
    @inlinable
    public init(_ c0: Fq, _ c1: Fq) {
        self.c0 = c0
        self.c1 = c1
    }

    @inlinable public static var zero: Fq2 { Fq2(.zero, .zero) }
    @inlinable public static var one: Fq2 { Fq2(.one, .zero) }
    /// ξ = 9 + u, the non-residue that defines F_q6 (v³ = ξ) and the twist of G2 (EIP-197).
    @inlinable public static var xi: Fq2 { Fq2(Fq(9), .one) }

    @inlinable public var isZero: Bool { c0.isZero && c1.isZero }
    @inlinable public var isOne: Bool { c0.isOne && c1.isZero }

    @inlinable public static func + (a: Fq2, b: Fq2) -> Fq2 { Fq2(a.c0 + b.c0, a.c1 + b.c1) }
    @inlinable public static func - (a: Fq2, b: Fq2) -> Fq2 { Fq2(a.c0 - b.c0, a.c1 - b.c1) }
    @inlinable public static prefix func - (a: Fq2) -> Fq2 { Fq2(-a.c0, -a.c1) }
    @inlinable public static func += (a: inout Fq2, b: Fq2) { a = a + b }
    @inlinable public static func -= (a: inout Fq2, b: Fq2) { a = a - b }
    @inlinable public static func *= (a: inout Fq2, b: Fq2) { a = a * b }

    /// Karatsuba with lazy reduction: three 512-bit products, two Montgomery reductions (the C
    /// kernel's `bn254_fq2_mul`).
    @inlinable
    public static func * (a: Fq2, b: Fq2) -> Fq2 {
        let product = bn254_fq2_mul(a.c0.montgomeryLimbs, a.c1.montgomeryLimbs, b.c0.montgomeryLimbs, b.c1.montgomeryLimbs)
        return Fq2(Fq(montgomeryLimbs: product.c0), Fq(montgomeryLimbs: product.c1))
    }

    /// Scales both coefficients by an F_q element.
    @inlinable
    public static func * (a: Fq2, b: Fq) -> Fq2 { Fq2(a.c0 * b, a.c1 * b) }

    /// Complex squaring: (c0 + c1)(c0 − c1) + 2·c0·c1·u, two F_q products.
    @inlinable
    public func squared() -> Fq2 {
        let product = c0 * c1
        return Fq2((c0 + c1) * (c0 - c1), product.doubled())
    }

    @inlinable public func doubled() -> Fq2 { Fq2(c0.doubled(), c1.doubled()) }

    /// Multiplication by ξ = 9 + u: (9·c0 − c1) + (c0 + 9·c1)·u, with additions only.
    @inlinable
    public func multipliedByXi() -> Fq2 {
        let eight0 = c0.doubled().doubled().doubled()
        let eight1 = c1.doubled().doubled().doubled()
        return Fq2(eight0 + c0 - c1, eight1 + c1 + c0)
    }

    /// The conjugate c0 − c1·u, which is also the Frobenius map x ↦ x^q.
    @inlinable public func conjugate() -> Fq2 { Fq2(c0, -c1) }

    /// The norm c0² + c1² in F_q.
    @inlinable public var norm: Fq { c0.squared() + c1.squared() }

    /// The multiplicative inverse conj(x)/norm(x); nil for 0.
    @inlinable
    public func inverse() -> Fq2? {
        guard let normInverse = norm.inverse() else { return nil }
        return Fq2(c0 * normInverse, -(c1 * normInverse))
    }

    /// x^(q^power): conjugation for odd powers, identity for even ones.
    @inlinable
    public func frobenius(_ power: Int) -> Fq2 { power & 1 == 1 ? conjugate() : self }

    /// self^exponent by square-and-multiply (for constants and tests, not hot paths).
    public func power(_ exponent: BigInt) -> Fq2 {
        precondition(exponent.signum >= 0, "negative exponent")
        var result = Fq2.one
        for bit in stride(from: exponent.bitWidth - 1, through: 0, by: -1) {
            result = result.squared()
            if exponent.bit(bit) { result *= self }
        }
        return result
    }

    /// A uniformly random element.
    public static func random<G: RandomNumberGenerator>(using generator: inout G) -> Fq2 {
        Fq2(.random(using: &generator), .random(using: &generator))
    }

    public var description: String { "(\(c0) + \(c1)·u)" }
}
