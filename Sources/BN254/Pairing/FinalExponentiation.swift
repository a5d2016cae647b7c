import BigInteger

extension Fq12 {
    /// f^(s·(q^12 − 1)/r) with s = 2x(6x² + 3x + 1): the final exponentiation of the BN254 pairing
    /// as gnark-crypto, libff and snarkjs compute it (snarkjs's `vk_alphabeta_12` is this value).
    /// s is coprime to r, so the result is still a non-degenerate bilinear pairing.
    ///
    /// The easy part f^((q^6 − 1)(q^2 + 1)) uses one inversion and Frobenius maps; afterwards f lies
    /// in the cyclotomic subgroup, where inversion is conjugation. The hard part s·(q^4 − q^2 + 1)/r
    /// = λ0 + λ1·q + λ2·q² + λ3·q³ is Algorithm 6 of Fuentes-Castañeda, Knapp and
    /// Rodríguez-Henríquez, "Faster hashing to G2" (SAC 2011), with λ0 = 12x³ + 12x² + 6x + 1,
    /// λ1 = 12x³ + 6x² + 4x, λ2 = 12x³ + 6x² + 6x and λ3 = 12x³ + 6x² + 4x − 1: three
    /// exponentiations by x (`cyclotomicPowerByX`).
    public func finalExponentiation() -> Fq12 {
        guard let inverse = inverse() else { return .zero }
        var f = conjugate() * inverse  // f^(q^6 − 1)
        f = f.frobenius(2) * f  // ^(q^2 + 1)

        let f2x = f.cyclotomicPowerByX().cyclotomicSquared()
        let f6x = f2x * f2x.cyclotomicSquared()
        let f6x2 = f6x.cyclotomicPowerByX()
        let f12x3 = f6x2.cyclotomicSquared().cyclotomicPowerByX()
        let a = f12x3 * f6x2 * f6x  // f^λ2
        let b = a * f2x.conjugate()  // f^λ1
        let c = a * f6x2 * f  // f^λ0
        let d = b * f.conjugate()  // f^λ3
        return c * b.frobenius(1) * a.frobenius(2) * d.frobenius(3)
    }

    /// The reference twin of `finalExponentiation`: plain square-and-multiply by
    /// 2x(6x² + 3x + 1)·(q^12 − 1)/r.
    public func finalExponentiationByDefinition() -> Fq12 {
        let q = Fq.modulus, x = BigInt(MillerLoop.x)
        let s = BigInt(2) * x * (BigInt(6) * x * x + BigInt(3) * x + 1)
        return power(s * (q.power(12) - 1) / Fr.modulus)
    }

    /// x = 4965661367192848881 in width-4 non-adjacent form, most significant digit first: odd
    /// digits in −7…7, at most one non-zero in any four consecutive (Solinas, "Efficient arithmetic
    /// on Koblitz curves", 2000; Hankerson, Menezes and Vanstone, "Guide to Elliptic Curve
    /// Cryptography", Algorithm 3.35). 14 non-zero digits instead of x's 28 one bits.
    static let xWidth4NAF: [Int8] = {
        var n = MillerLoop.x
        var digits: [Int8] = []
        while n != 0 {
            if n & 1 == 1 {
                let residue = Int8(n & 15)
                let digit = residue >= 8 ? residue - 16 : residue
                digits.append(digit)
                n = digit > 0 ? n - UInt64(digit) : n + UInt64(-digit)
            } else {
                digits.append(0)
            }
            n >>= 1
        }
        return digits.reversed()
    }()

    /// self^x for self in the cyclotomic subgroup (after the easy part of the final
    /// exponentiation), by x's width-4 NAF: a negative digit multiplies by the conjugate, which is
    /// the inverse there. 63 cyclotomic squarings (one for self²) and 16 products (3 of them for
    /// self^3, self^5, self^7) instead of 62 and 27 by plain square-and-multiply.
    public func cyclotomicPowerByX() -> Fq12 {
        let square = cyclotomicSquared()
        let power3 = self * square, power5 = power3 * square, power7 = power5 * square
        func oddPower(_ magnitude: Int8) -> Fq12 {
            switch magnitude {
            case 1: return self
            case 3: return power3
            case 5: return power5
            default: return power7
            }
        }
        let digits = Fq12.xWidth4NAF
        var result = digits[0] > 0 ? oddPower(digits[0]) : oddPower(-digits[0]).conjugate()
        for digit in digits.dropFirst() {
            result = result.cyclotomicSquared()
            if digit > 0 {
                result *= oddPower(digit)
            } else if digit < 0 {
                result *= oddPower(-digit).conjugate()
            }
        }
        return result
    }

    /// Squaring in the cyclotomic subgroup (Granger and Scott, "Faster squaring in the cyclotomic
    /// subgroup of sixth degree extensions", PKC 2010, §3.2): with y = w³ (y² = ξ) the element is
    /// A + B·w + C·w² over F_q4 = F_q2[y], and its square is
    /// (3A² − 2Ā) + (3y·C² + 2B̄)·w + (3B² − 2C̄)·w², three F_q4 squarings. Valid only for
    /// elements of norm 1 over F_q6 (the output of the easy part).
    @inlinable
    public func cyclotomicSquared() -> Fq12 {
        // A = g0 + g3·y, B = g1 + g4·y, C = g2 + g5·y, where g_i is the coefficient of w^i.
        let (a0, a1) = Fq12.squareInFq4(c0.c0, c1.c1)
        let (b0, b1) = Fq12.squareInFq4(c1.c0, c0.c2)
        let (cc0, cc1) = Fq12.squareInFq4(c0.c1, c1.c2)
        let g0 = (a0 - c0.c0).doubled() + a0  // 3A² − 2Ā
        let g3 = (a1 + c1.c1).doubled() + a1
        let yc0 = cc1.multipliedByXi()  // y·C² = ξ·cc1 + cc0·y
        let g1 = (yc0 + c1.c0).doubled() + yc0  // 3y·C² + 2B̄
        let g4 = (cc0 - c0.c2).doubled() + cc0
        let g2 = (b0 - c0.c1).doubled() + b0  // 3B² − 2C̄
        let g5 = (b1 + c1.c2).doubled() + b1
        return Fq12(Fq6(g0, g2, g4), Fq6(g1, g3, g5))
    }

    /// (x + z·y)² = (x² + ξz²) + 2xz·y in F_q4 = F_q2[y]/(y² − ξ), from three F_q2 squarings.
    @inlinable
    static func squareInFq4(_ x: Fq2, _ z: Fq2) -> (Fq2, Fq2) {
        let x2 = x.squared(), z2 = z.squared()
        return (x2 + z2.multipliedByXi(), (x + z).squared() - x2 - z2)
    }
}
