import BigInteger

/// An element c0 + c1·w of F_q12 = F_q6[w]/(w² − v), the target field of the BN254 pairing.
@frozen
public struct Fq12: Sendable, Hashable, CustomStringConvertible {
    public var c0: Fq6
    public var c1: Fq6

    /// The element c0 + c1·w.
    @inlinable
    public init(_ c0: Fq6, _ c1: Fq6) {
        self.c0 = c0
        self.c1 = c1
    }

    @inlinable public static var zero: Fq12 { Fq12(.zero, .zero) }
    @inlinable public static var one: Fq12 { Fq12(.one, .zero) }
    @inlinable public var isZero: Bool { c0.isZero && c1.isZero }
    @inlinable public var isOne: Bool { c0.isOne && c1.isZero }

    @inlinable public static func + (a: Fq12, b: Fq12) -> Fq12 { Fq12(a.c0 + b.c0, a.c1 + b.c1) }
    @inlinable public static func - (a: Fq12, b: Fq12) -> Fq12 { Fq12(a.c0 - b.c0, a.c1 - b.c1) }
    @inlinable public static prefix func - (a: Fq12) -> Fq12 { Fq12(-a.c0, -a.c1) }
    @inlinable public static func *= (a: inout Fq12, b: Fq12) { a = a * b }

    /// Karatsuba over F_q6: three F_q6 products.
    @inlinable
    public static func * (a: Fq12, b: Fq12) -> Fq12 {
        let t0 = a.c0 * b.c0
        let t1 = a.c1 * b.c1
        let cross = (a.c0 + a.c1) * (b.c0 + b.c1)
        return Fq12(t0 + t1.multipliedByV(), cross - t0 - t1)
    }

    /// Complex squaring over F_q6: two F_q6 products.
    @inlinable
    public func squared() -> Fq12 {
        let product = c0 * c1
        let mixed = (c0 + c1) * (c0 + c1.multipliedByV())
        return Fq12(mixed - product - product.multipliedByV(), product.doubled())
    }

    /// The conjugate c0 − c1·w, equal to x^(q^6); the inverse on the cyclotomic subgroup.
    @inlinable public func conjugate() -> Fq12 { Fq12(c0, -c1) }

    /// The multiplicative inverse (c0 − c1·w)/(c0² − v·c1²); nil for 0.
    @inlinable
    public func inverse() -> Fq12? {
        let denominator = c0.squared() - c1.squared().multipliedByV()
        guard let scale = denominator.inverse() else { return nil }
        return Fq12(c0 * scale, -(c1 * scale))
    }

    /// x^(q^power) for power in 0...11: the coefficient of w^i picks up ξ^(i(q^k−1)/6).
    public func frobenius(_ power: Int) -> Fq12 {
        let gamma = FrobeniusCoefficients.table[power % 12]
        let a = c0.frobenius(power)
        let b = Fq6(
            c1.c0.frobenius(power) * gamma[1],
            c1.c1.frobenius(power) * gamma[3],
            c1.c2.frobenius(power) * gamma[5])
        return Fq12(a, b)
    }

    /// self^exponent by square-and-multiply (for tests and constants, not hot paths).
    public func power(_ exponent: BigInt) -> Fq12 {
        precondition(exponent.signum >= 0, "negative exponent")
        var result = Fq12.one
        for bit in stride(from: exponent.bitWidth - 1, through: 0, by: -1) {
            result = result.squared()
            if exponent.bit(bit) { result *= self }
        }
        return result
    }

    /// A uniformly random element.
    public static func random<G: RandomNumberGenerator>(using generator: inout G) -> Fq12 {
        func r6() -> Fq6 { Fq6(.random(using: &generator), .random(using: &generator), .random(using: &generator)) }
        return Fq12(r6(), r6())
    }

    public var description: String { "{\(c0), \(c1)}" }
}

/// ξ^(i·(q^k − 1)/6) for k in 0...11 and i in 0...5: the factors the Frobenius map q^k puts on the
/// coefficient of w^i, because w^6 = ξ and (w^i)^(q^k) = w^i·ξ^(i(q^k−1)/6).
enum FrobeniusCoefficients {
    static let table: [[Fq2]] = {
        let q = Fq.modulus
        var qPower = BigInt(1)
        var rows: [[Fq2]] = []
        for _ in 0..<12 {
            let step = Fq2.xi.power((qPower - 1) / 6)
            var row = [Fq2.one]
            for _ in 1..<6 { row.append(row[row.count - 1] * step) }
            rows.append(row)
            qPower = qPower * q
        }
        return rows
    }()
}
