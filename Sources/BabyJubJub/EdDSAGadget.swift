import BN254
import BigInteger
import Circuit
import Poseidon

extension ConstraintSystem {
    /// Enforces EdDSA-Poseidon verification when `enabled` = 1 and nothing when it is 0 (circomlib
    /// `circuits/eddsaposeidon.circom` EdDSAPoseidonVerifier): S < l, 8·A ≠ O, and
    /// B8·S = R8 + H·(8·A) with H = Poseidon(R8.x, R8.y, A.x, A.y, message).
    ///
    /// Beyond circomlib: `enabled` is constrained boolean, A and R8 are constrained to the curve,
    /// and when `enabled` = 0 the curve arithmetic runs on B8 and S = 0 instead of the inputs, so a
    /// disabled slot is satisfiable whatever its inputs hold. As in circomlib, A need not be in the
    /// prime-order subgroup: it is multiplied by 8, which clears any small-order component.
    public mutating func verifyEdDSAPoseidon(
        enabled: some LinearCombinationConvertible, publicKey: BabyJubPointVariable, R8: BabyJubPointVariable,
        S: some LinearCombinationConvertible, message: some LinearCombinationConvertible
    ) {
        let enabled = enabled.linearCombination, S = S.linearCombination, message = message.linearCombination
        withNamespace("eddsaPoseidon") { cs in
            cs.assertBoolean(enabled)
            let base = BabyJubPointVariable(constant: BabyJub.base8)
            let A = cs.selectPoint(enabled, publicKey, base)
            let R = cs.selectPoint(enabled, R8, base)
            cs.assertOnBabyJub(A)
            cs.assertOnBabyJub(R)
            // S < l: 253 bits, then S ≤ l − 1.
            let sBits = cs.toBits(cs.multiply(enabled, S), count: 253)
            cs.assertBits(sBits, atMost: BabyJub.subgroupOrder - 1)
            let hm = cs.poseidon([R8.x, R8.y, publicKey.x, publicKey.y, message])
            let hmBits = cs.toBitsStrict(hm)
            // 8·A is in the prime-order subgroup; x ≠ 0 rules out the identity (circomlib's IsZero
            // check), which the Montgomery ladder of H·(8·A) needs.
            let eightA = cs.babyJubDouble(cs.babyJubDouble(cs.babyJubDouble(A)))
            _ = cs.inverse(eightA.x)
            let right = cs.babyJubAdd(R, cs.babyJubScalarMul(strictBits: hmBits, subgroupPoint: eightA))
            let left = cs.babyJubScalarMul(bits: sBits, base: BabyJub.base8)
            cs.enforce(enabled, left.x - right.x, 0)
            cs.enforce(enabled, left.y - right.y, 0)
        }
    }
}
