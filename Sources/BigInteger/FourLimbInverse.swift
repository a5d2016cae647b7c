// The inverse of a 256-bit residue by GMP's extended Euclid on fixed limbs, for the field kernels.
internal import CGMP

/// x⁻¹ mod m for x and an odd m of four little-endian 64-bit limbs each, by GMP's low-level
/// extended gcd (`mpn_gcdext`, GMP manual §8 "Low-level Functions") on a stack buffer: no heap
/// allocation, about a seventh of the time of a Fermat exponentiation at 254 bits here. The caller
/// guarantees 0 < x < m and that the top limbs of x and m are non-zero (mpn_gcdext needs the
/// second operand's top limb set and the first at least as long). Nil when gcd(x, m) ≠ 1.
public func fourLimbInverse(
    _ x: (UInt64, UInt64, UInt64, UInt64), modulo m: (UInt64, UInt64, UInt64, UInt64)
) -> (UInt64, UInt64, UInt64, UInt64)? {
    precondition(x.3 != 0 && m.3 != 0, "fourLimbInverse needs the top limbs of x and m set")
    return withUnsafeTemporaryAllocation(of: mp_limb_t.self, capacity: 21) { buffer -> (UInt64, UInt64, UInt64, UInt64)? in
        // u = x and v = m (both destroyed), g = gcd (vn limbs), s = the cofactor of x (un + 1
        // limbs), and m kept for the sign fix.
        let u = buffer.baseAddress!, v = u + 4, g = u + 8, s = u + 12, modulus = u + 17
        (u[0], u[1], u[2], u[3]) = (mp_limb_t(x.0), mp_limb_t(x.1), mp_limb_t(x.2), mp_limb_t(x.3))
        (v[0], v[1], v[2], v[3]) = (mp_limb_t(m.0), mp_limb_t(m.1), mp_limb_t(m.2), mp_limb_t(m.3))
        for i in 0..<4 { modulus[i] = v[i] }
        var sSize: mp_size_t = 0
        guard __gmpn_gcdext(g, s, &sSize, u, 4, v, 4) == 1, g[0] == 1 else { return nil }
        for i in Int(sSize.magnitude)..<5 { s[i] = 0 }  // GMP defines only the |sSize| low limbs
        // x·S + m·T = 1 with |S| < m/2: the inverse is S, or m − |S| when S < 0.
        if sSize < 0 {
            var borrow: mp_limb_t = 0
            for i in 0..<4 {
                let (partial, overflow1) = modulus[i].subtractingReportingOverflow(s[i])
                let (difference, overflow2) = partial.subtractingReportingOverflow(borrow)
                s[i] = difference
                borrow = overflow1 || overflow2 ? 1 : 0
            }
        }
        return (UInt64(s[0]), UInt64(s[1]), UInt64(s[2]), UInt64(s[3]))
    }
}
