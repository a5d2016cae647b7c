import BN254
import BigInteger
import Circuit

/// Range gadgets on bit decompositions: a comparison with a constant and the unique 254-bit
/// decomposition of a field element (the role of circomlib CompConstant and Num2Bits_strict).
extension ConstraintSystem {
    /// Constrains the integer with little-endian `bits` (each already boolean) to be ≤ `bound`,
    /// about one constraint per bit: scanning from the top, once the bits at every 1 of `bound`
    /// have matched, a bit at a 0 of `bound` must be 0 (bellman `Boolean::enforce_in_field`).
    public mutating func assertBits(_ bits: [Variable], atMost bound: BigInt) {
        guard bound.signum >= 0, bound.bitWidth <= bits.count else { return }
        withNamespace("bitsAtMost") { cs in
            var matched: Variable?
            var run: [Variable] = []
            for i in stride(from: bits.count - 1, through: 0, by: -1) {
                if bound.bit(i) {
                    run.append(bits[i])
                    continue
                }
                for bit in run { matched = matched.map { cs.multiply($0, bit) } ?? bit }
                run.removeAll()
                // Above the top 1 of the bound every bit must be 0; below it only while matched.
                cs.enforce(matched.map(LinearCombination.init) ?? 1, bits[i], 0)
            }
        }
    }

    /// The 254 little-endian bits of x ∈ Fr, the unique ones whose value is < p: 255 constraints
    /// for the decomposition plus `assertBits(_:atMost: p − 1)` (circomlib Num2Bits_strict).
    public mutating func toBitsStrict(_ x: some LinearCombinationConvertible) -> [Variable] {
        let value = x.linearCombination
        return withNamespace("toBitsStrict") { cs in
            let bits = cs.witnesses(count: 254) { context in
                let limbs = context.evaluate(value).canonicalLimbs
                return (0..<254).map { limbs.bit($0) ? Fr.one : Fr.zero }
            }
            var sum = LinearCombination()
            var power = Fr.one
            for bit in bits {
                cs.assertBoolean(bit)
                sum.add(power, bit)
                power = power.doubled()
            }
            cs.assertEqual(sum, value)
            cs.assertBits(bits, atMost: Fr.modulus - 1)
            return bits
        }
    }
}
