/// An element c0 + c1·v + c2·v² of F_q6 = F_q2[v]/(v³ − ξ), ξ = 9 + u.
@frozen
public struct Fq6: Sendable, Hashable, CustomStringConvertible {
    public var c0: Fq2
    public var c1: Fq2
    public var c2: Fq2

    /// The element c0 + c1·v + c2·v².
    @inlinable
    public init(_ c0: Fq2, _ c1: Fq2, _ c2: Fq2) {
        self.c0 = c0
        self.c1 = c1
        self.c2 = c2
    }

    @inlinable public static var zero: Fq6 { Fq6(.zero, .zero, .zero) }
    @inlinable public static var one: Fq6 { Fq6(.one, .zero, .zero) }
    @inlinable public var isZero: Bool { c0.isZero && c1.isZero && c2.isZero }
    @inlinable public var isOne: Bool { c0.isOne && c1.isZero && c2.isZero }

    @inlinable public static func + (a: Fq6, b: Fq6) -> Fq6 { Fq6(a.c0 + b.c0, a.c1 + b.c1, a.c2 + b.c2) }
    @inlinable public static func - (a: Fq6, b: Fq6) -> Fq6 { Fq6(a.c0 - b.c0, a.c1 - b.c1, a.c2 - b.c2) }
    @inlinable public static prefix func - (a: Fq6) -> Fq6 { Fq6(-a.c0, -a.c1, -a.c2) }
    @inlinable public static func += (a: inout Fq6, b: Fq6) { a = a + b }
    @inlinable public static func -= (a: inout Fq6, b: Fq6) { a = a - b }
    @inlinable public static func *= (a: inout Fq6, b: Fq6) { a = a * b }
    @inlinable public func doubled() -> Fq6 { Fq6(c0.doubled(), c1.doubled(), c2.doubled()) }

    /// Karatsuba-style product with six F_q2 products (Devegili, Ó hÉigeartaigh, Scott and Dahab,
    /// "Multiplication and Squaring on Pairing-Friendly Fields", ePrint 2006/471, §4).
    @inlinable
    public static func * (a: Fq6, b: Fq6) -> Fq6 {
        let t0 = a.c0 * b.c0
        let t1 = a.c1 * b.c1
        let t2 = a.c2 * b.c2
        let r0 = ((a.c1 + a.c2) * (b.c1 + b.c2) - t1 - t2).multipliedByXi() + t0
        let r1 = (a.c0 + a.c1) * (b.c0 + b.c1) - t0 - t1 + t2.multipliedByXi()
        let r2 = (a.c0 + a.c2) * (b.c0 + b.c2) - t0 - t2 + t1
        return Fq6(r0, r1, r2)
    }

    /// Scales every coefficient by an F_q2 element.
    @inlinable
    public static func * (a: Fq6, b: Fq2) -> Fq6 { Fq6(a.c0 * b, a.c1 * b, a.c2 * b) }

    /// Chung–Hasan SQR2 squaring (same paper, §4: two squarings and three products saved).
    @inlinable
    public func squared() -> Fq6 {
        let s0 = c0.squared()
        let s1 = (c0 * c1).doubled()
        let s2 = (c0 - c1 + c2).squared()
        let s3 = (c1 * c2).doubled()
        let s4 = c2.squared()
        return Fq6(s0 + s3.multipliedByXi(), s1 + s4.multipliedByXi(), s1 + s2 + s3 - s0 - s4)
    }

    /// Multiplication by v: (c0, c1, c2) ↦ (ξ·c2, c0, c1).
    @inlinable
    public func multipliedByV() -> Fq6 { Fq6(c2.multipliedByXi(), c0, c1) }

    /// The multiplicative inverse (same paper's adjugate formula for cubic extensions); nil for 0.
    @inlinable
    public func inverse() -> Fq6? {
        let t0 = c0.squared() - (c1 * c2).multipliedByXi()
        let t1 = c2.squared().multipliedByXi() - c0 * c1
        let t2 = c1.squared() - c0 * c2
        let determinant = c0 * t0 + (c2 * t1 + c1 * t2).multipliedByXi()
        guard let scale = determinant.inverse() else { return nil }
        return Fq6(t0 * scale, t1 * scale, t2 * scale)
    }

    /// x^(q^power) for power in 0...11: coefficients of v^j = w^(2j) pick up ξ^(2j(q^k−1)/6).
    public func frobenius(_ power: Int) -> Fq6 {
        let gamma = FrobeniusCoefficients.table[power % 12]
        return Fq6(c0.frobenius(power), c1.frobenius(power) * gamma[2], c2.frobenius(power) * gamma[4])
    }

    public var description: String { "[\(c0), \(c1), \(c2)]" }
}
