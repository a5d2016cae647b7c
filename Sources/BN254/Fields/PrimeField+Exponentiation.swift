import CBN254Kernel
import BigInteger

extension PrimeField {
    /// self^exponent for a 256-bit exponent given as plain (non-Montgomery) limbs, by fixed
    /// 4-bit windows (Handbook of Applied Cryptography, Algorithm 14.82); no heap allocation.
    @inlinable
    public func power(_ exponent: Limbs) -> Self {
        withUnsafeTemporaryAllocation(of: Self.self, capacity: 16) { table in
            table[0] = .one
            for i in 1..<16 { table[i] = table[i - 1] * self }
            var result = Self.one
            var started = false
            var window = 63
            while window >= 0 {
                if started {
                    result = result.squared().squared().squared().squared()
                }
                let limb = exponent[window >> 4]
                let digit = Int((limb >> UInt64((window & 15) * 4)) & 0xF)
                if digit != 0 {
                    result = started ? result * table[digit] : table[digit]
                    started = true
                }
                window -= 1
            }
            return result
        }
    }

    /// self^exponent for a small exponent.
    @inlinable
    public func power(_ exponent: UInt64) -> Self {
        power(Limbs(l0: exponent, l1: 0, l2: 0, l3: 0))
    }

    /// self^exponent for any non-negative big-integer exponent (reduced mod p − 1 when self ≠ 0).
    public func power(_ exponent: BigInt) -> Self {
        precondition(exponent.signum >= 0, "negative exponent")
        if exponent.bitWidth <= 256 {
            return power(Limbs(littleEndian: exponent.limbs(count: 4)!))
        }
        if isZero { return .zero }
        let reduced = exponent.modulo(Self.modulus - 1)
        return power(Limbs(littleEndian: reduced.limbs(count: 4)!))
    }

    /// The multiplicative inverse; nil for 0. The Montgomery form x = a·R is inverted as an
    /// integer by extended Euclid (`fourLimbInverse`, GMP), and x⁻¹ = a⁻¹·R⁻¹ is brought back
    /// to a⁻¹·R by one Montgomery product with R³ mod p; a form with a zero top limb (about one
    /// in 2^62), which GMP's fixed-size call does not take, goes through `fermatInverse`.
    @inlinable
    public func inverse() -> Self? {
        if isZero { return nil }
        let x = montgomeryLimbs, p = Self.modulusLimbs
        guard x.l3 != 0, let plain = fourLimbInverse((x.l0, x.l1, x.l2, x.l3), modulo: (p.l0, p.l1, p.l2, p.l3)) else {
            return fermatInverse()
        }
        return Self(montgomeryLimbs: Self.montgomeryMultiply(Limbs(l0: plain.0, l1: plain.1, l2: plain.2, l3: plain.3), Self.montgomeryR3Limbs))
    }

    /// The multiplicative inverse by Fermat's little theorem (self^(p−2)); nil for 0. The
    /// reference twin of `inverse()`.
    @inlinable
    public func fermatInverse() -> Self? {
        if isZero { return nil }
        var exponent = Self.modulusLimbs
        exponent.l0 -= 2  // the low limb of both BN254 moduli is odd and > 2
        return power(exponent)
    }

    /// The Legendre symbol: 0 for 0, 1 for a non-zero square, −1 otherwise (Euler's criterion).
    public func legendre() -> Int {
        if isZero { return 0 }
        let halfOrder = (Self.modulus - 1) >> 1
        return power(halfOrder).isOne ? 1 : -1
    }

    /// A square root, or nil when none exists (Tonelli–Shanks, Handbook of Applied Cryptography
    /// Algorithm 3.34, with the precomputed 2-adic root of unity as the non-residue power).
    public func squareRoot() -> Self? {
        if isZero { return .zero }
        let pMinusOne = Self.modulus - 1
        guard power(pMinusOne >> 1).isOne else { return nil }
        var m = Self.twoAdicity
        let oddPart = pMinusOne >> Self.twoAdicity
        var c = Self.twoAdicRootOfUnity
        var t = power(oddPart)
        var root = power((oddPart + 1) >> 1)
        while !t.isOne {
            var i = 1
            var t2i = t.squared()
            while !t2i.isOne {
                t2i = t2i.squared()
                i += 1
            }
            var b = c
            for _ in 0..<(m - i - 1) { b = b.squared() }
            m = i
            c = b.squared()
            t *= c
            root *= b
        }
        return root
    }

    /// Inverts every non-zero element in place with one field inversion (Montgomery's trick,
    /// Handbook of Applied Cryptography §14.6.1 note); zeros are left as zeros.
    @inlinable
    public static func batchInvert(_ elements: inout [Self]) {
        elements.withUnsafeMutableBufferPointer { buffer in
            batchInvert(buffer)
        }
    }

    /// Inverts every non-zero element of a buffer in place with one inversion; zeros stay zero.
    @inlinable
    public static func batchInvert(_ elements: UnsafeMutableBufferPointer<Self>) {
        let n = elements.count
        if n == 0 { return }
        withUnsafeTemporaryAllocation(of: Self.self, capacity: n) { prefix in
            var running = Self.one
            for i in 0..<n {
                prefix[i] = running
                if !elements[i].isZero { running *= elements[i] }
            }
            var inverse = running.inverse()!  // a product of non-zero elements
            for i in stride(from: n - 1, through: 0, by: -1) where !elements[i].isZero {
                let original = elements[i]
                elements[i] = inverse * prefix[i]
                inverse *= original
            }
        }
    }
}
