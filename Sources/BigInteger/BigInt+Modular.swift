// Modular arithmetic for BigInt: exponentiation, inverses, Legendre symbol, square roots.
internal import CGMP

extension BigInt {
    /// `self^exponent mod |modulus|` in `[0, |modulus|)`; a negative exponent uses the modular inverse and traps if none exists; traps when `modulus` is zero.
    public func powMod(_ exponent: BigInt, _ modulus: BigInt) -> BigInt {
        precondition(!modulus.isZero, "BigInt.powMod: zero modulus")
        let m = modulus.magnitude
        var base = self
        var e = exponent
        if exponent.signum < 0 {
            // mpz_powm raises SIGFPE for a non-invertible base; check in Swift first.
            guard let inv = self.inverse(modulo: m) else {
                preconditionFailure("BigInt.powMod: negative exponent but \(self) is not invertible modulo \(m)")
            }
            base = inv
            e = -exponent
        }
        return base.withMPZ { b in
            e.withMPZ { x in
                m.withMPZ { n in BigInt.build { __gmpz_powm($0, b, x, n) } }
            }
        }
    }

    /// The inverse of `self` modulo `|m|`, in `[0, |m|)`, or nil when none exists (including `m == 0`).
    public func inverse(modulo m: BigInt) -> BigInt? {
        if m.isZero { return nil }
        let n = m.magnitude
        if n == BigInt(1) { return BigInt() }  // every integer is congruent to 0 mod 1
        let result = MPZStorage()
        let ok = withMPZ { a in n.withMPZ { p in __gmpz_invert(result.pointer, a, p) } }
        guard ok != 0 else { return nil }
        let r = BigInt(storage: result)
        return r.signum < 0 ? r + n : r
    }

    /// Legendre symbol (self / p) for an odd prime `p`: 1, -1, or 0 when p divides self (GMP Kronecker symbol for other `p`).
    public func legendre(_ p: BigInt) -> Int {
        Int(withMPZ { a in p.withMPZ { b in __gmpz_jacobi(a, b) } })
    }

    /// A square root of `self` modulo an odd prime `p`: the smaller root `r` in `[0, p)` with `r*r ≡ self`, 0 for 0, or nil for non-residues (and for moduli < 2).
    ///
    /// Uses the `p ≡ 3 (mod 4)` shortcut or Tonelli–Shanks. For a `p` that is not prime the
    /// result is nil or a verified root; the function never loops forever.
    public func squareRoot(modulo p: BigInt) -> BigInt? {
        guard p > BigInt(1) else { return nil }
        let a = self.modulo(p)
        if a.isZero { return a }
        if p == BigInt(2) { return a }  // a == 1
        guard p.isOdd, a.legendre(p) == 1 else { return nil }

        let one = BigInt(1)
        var root: BigInt
        if p.bit(1) {
            // p ≡ 3 (mod 4): r = a^((p+1)/4).
            root = a.powMod((p + one) >> 2, p)
        } else {
            // Tonelli–Shanks: p - 1 = q * 2^s with q odd.
            let pMinusOne = p - one
            var s = 0
            while !pMinusOne.bit(s) { s += 1 }
            let q = pMinusOne >> s

            // Find a quadratic non-residue z (small for primes; bounded search otherwise).
            var z = BigInt(2)
            var found = false
            for _ in 0..<100_000 {
                if z >= p { break }
                let l = z.legendre(p)
                if l == -1 { found = true; break }
                if l == 0 { return nil }  // z shares a factor with p: p is not prime
                z += one
            }
            guard found else { return nil }

            var m = s
            var c = z.powMod(q, p)
            var t = a.powMod(q, p)
            root = a.powMod((q + one) >> 1, p)
            while t != one {
                // Least i in (0, m) with t^(2^i) == 1.
                var i = 0
                var t2 = t
                while t2 != one {
                    t2 = (t2 * t2).modulo(p)
                    i += 1
                    if i >= m { return nil }  // impossible for prime p
                }
                var b = c
                for _ in 0..<(m - i - 1) { b = (b * b).modulo(p) }
                m = i
                c = (b * b).modulo(p)
                t = (t * c).modulo(p)
                root = (root * b).modulo(p)
            }
        }
        guard (root * root).modulo(p) == a else { return nil }
        let other = p - root
        return other < root ? other : root
    }
}
