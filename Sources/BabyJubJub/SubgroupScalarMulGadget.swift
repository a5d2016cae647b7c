import BN254
import BigInteger
import Circuit

/// A Baby JubJub point in Montgomery coordinates inside a circuit: B·v² = u³ + A·u² + u with
/// A = 168698, B = 1 (EIP-2494's birational map u = (1 + y)/(1 − y), v = u/x).
struct MontgomeryPointVariable {
    var u: LinearCombination
    var v: LinearCombination
}

extension BabyJub {
    /// The Montgomery coefficient A = 2(a + d)/(a − d) = 168698 (B = 4/(a − d) = 1), EIP-2494.
    static let montgomeryA = Fr(168_698)

    /// The steps of the ladder of `babyJubScalarMul(strictBits:subgroupPoint:)`, one per digit bit;
    /// the last `completeSteps` use the complete Edwards law, the others incomplete Montgomery addition.
    package static let ladderSteps = 253, completeSteps = 4
}

extension ConstraintSystem {
    /// [h]·P for a point P of the prime-order subgroup, P ≠ O, by a signed-digit double-and-add in
    /// Montgomery coordinates: six constraints a bit where the general `babyJubScalarMul(bits:point:)`
    /// spends eleven.
    ///
    /// The ladder (the "incomplete addition" double-and-add of the Halo 2 book, section "Variable-base
    /// scalar multiplication", written for R1CS) starts at Q = 2P and runs Q ← (Q ± P) + Q, the sign
    /// given by a bit c: after n steps Q = [2^n + 2c + 1]P for the n-bit c. The scalar h (254 strict
    /// bits h₀…h₂₅₃, so h < r) is written h = 2C + h₀ with C < 2^253; a hint chooses c < 2^253 and
    /// j ∈ {0, 1, 2, 3} with c = C − 2^252 + j·l, one linear constraint. Over the integers,
    /// c − j·l − C + 2^252 lies in (−1.07·2^253, 1.5·2^253) ⊂ (−r, r), so the field equation is the
    /// integer one and [2^253 + 2c + 1]P = [2C + 1]P; a complete addition of −P when h₀ = 0 gives
    /// [h]P. (c + l with j + 1 satisfies the same equation when it fits: the digits are not unique,
    /// the result is.)
    ///
    /// No incomplete step meets an exceptional case: before step k (0-based), Q = [a]P with
    /// 2 ≤ a < 3·2^k, and for k ≤ 248 both a + 1 and 2a + 1 stay below l ≈ 1.51·2^250, so Q ≠ ±P,
    /// Q ± P ≠ ±Q and no sum is O; the last four steps, where a could reach l, use the complete
    /// Edwards law. `Tests/BabyJubJubTests` checks these bounds.
    public mutating func babyJubScalarMul(strictBits h: [Variable], subgroupPoint p: BabyJubPointVariable) -> BabyJubPointVariable {
        precondition(h.count == 254, "babyJubScalarMul(strictBits:) takes the 254 bits of toBitsStrict")
        return withNamespace("subgroupScalarMul") { cs in
            var halfScalar = LinearCombination()
            var power = Fr.one
            for bit in h[1...] {
                halfScalar.add(power, bit)
                power = power.doubled()
            }
            let digits = cs.ladderDigits(halfScalar)
            let base = cs.toMontgomery(p)
            var q = cs.montgomeryDouble(base)
            let incomplete = BabyJub.ladderSteps - BabyJub.completeSteps
            for digit in digits.reversed().prefix(incomplete) { q = cs.montgomeryDoubleAndAdd(q, plusIf: digit, base) }
            var point = cs.toEdwards(q)
            for digit in digits.prefix(BabyJub.completeSteps).reversed() {
                let signedX = Fr(2) * LinearCombination(cs.multiply(digit, p.x)) - p.x
                point = cs.babyJubAdd(cs.babyJubDouble(point), BabyJubPointVariable(x: signedX, y: p.y))
            }
            // [2C + 1]P, less P when h is even.
            let minusP = BabyJubPointVariable(x: cs.select(h[0], 0, -p.x), y: cs.select(h[0], 1, p.y))
            return cs.babyJubAdd(point, minusP)
        }
    }

    /// The 253 little-endian digit bits c with c = C − 2^252 + j·l (j < 4, two more bits): 256 constraints.
    private mutating func ladderDigits(_ halfScalar: LinearCombination) -> [Variable] {
        withNamespace("digits") { cs in
            let values = cs.witnesses(count: BabyJub.ladderSteps + 2) { context in
                let c = context.evaluate(halfScalar).bigInt
                let offset = BigInt(1) << (BabyJub.ladderSteps - 1), l = BabyJub.subgroupOrder
                var j = BigInt(0)
                while c + j * l < offset, j < 3 { j += 1 }
                let digits = c + j * l - offset
                return (0..<BabyJub.ladderSteps).map { digits.bit($0) ? Fr.one : Fr.zero } + [j.bit(0), j.bit(1)].map { $0 ? Fr.one : Fr.zero }
            }
            var sum = LinearCombination()
            var power = Fr.one
            for (i, bit) in values.enumerated() {
                cs.assertBoolean(bit)
                if i == BabyJub.ladderSteps { power = Fr(reducing: BabyJub.subgroupOrder) }
                sum.add(i < BabyJub.ladderSteps ? power : -power, bit)
                power = power.doubled()
            }
            // Σ cᵢ2^i − j·l = C − 2^252.
            cs.assertEqual(sum, halfScalar - Fr(reducing: BigInt(1) << (BabyJub.ladderSteps - 1)))
            return Array(values[..<BabyJub.ladderSteps])
        }
    }

    /// u = (1 + y)/(1 − y), v = u/x: 2 constraints, exact for x ≠ 0 (then y ≠ ±1).
    private mutating func toMontgomery(_ p: BabyJubPointVariable) -> MontgomeryPointVariable {
        withNamespace("toMontgomery") { cs in
            let u = cs.quotient(1 + p.y, 1 - p.y)
            return MontgomeryPointVariable(u: u.linearCombination, v: cs.quotient(u.linearCombination, p.x).linearCombination)
        }
    }

    /// x = u/v, y = (u − 1)/(u + 1): 2 constraints, exact for v ≠ 0 (u = −1 is on no affine point:
    /// v² = A − 2 = d is not a square).
    private mutating func toEdwards(_ q: MontgomeryPointVariable) -> BabyJubPointVariable {
        withNamespace("toEdwards") { cs in
            BabyJubPointVariable(x: cs.quotient(q.u, q.v), y: cs.quotient(q.u - 1, q.u + 1))
        }
    }

    /// 2Q with λ = (3u² + 2Au + 1)/(2v): 4 constraints, exact for v ≠ 0.
    private mutating func montgomeryDouble(_ q: MontgomeryPointVariable) -> MontgomeryPointVariable {
        withNamespace("double") { cs in
            let uu = cs.multiply(q.u, q.u)
            let lambda = cs.quotient(Fr(3) * uu + Fr(2) * BabyJub.montgomeryA * q.u + 1, Fr(2) * q.v)
            let u = LinearCombination(cs.multiply(lambda, lambda)) - BabyJub.montgomeryA - Fr(2) * q.u
            return MontgomeryPointVariable(u: u, v: cs.lineThrough(q, slope: lambda.linearCombination, at: u))
        }
    }

    /// The wire v = λ·(u_Q − u) − v_Q, the reflected point of the line through Q with slope λ at u:
    /// one constraint, and a fresh wire so that the ladder's combinations do not grow step by step.
    private mutating func lineThrough(_ q: MontgomeryPointVariable, slope lambda: LinearCombination, at u: LinearCombination) -> LinearCombination {
        let v = witness { context in
            context.evaluate(lambda) * (context.evaluate(q.u) - context.evaluate(u)) - context.evaluate(q.v)
        }
        enforce(lambda, q.u - u, v + q.v)
        return v.linearCombination
    }

    /// (Q + T) + Q with T = P if `digit` = 1 and −P if 0: 6 constraints; λ₁ and λ₂ are the slopes of
    /// the two additions, the middle point's v never materialises (Halo 2 book, incomplete addition).
    private mutating func montgomeryDoubleAndAdd(
        _ q: MontgomeryPointVariable, plusIf digit: Variable, _ p: MontgomeryPointVariable
    ) -> MontgomeryPointVariable {
        withNamespace("doubleAndAdd") { cs in
            let a = BabyJub.montgomeryA
            let tv = Fr(2) * LinearCombination(cs.multiply(digit, p.v)) - p.v
            let lambda1 = cs.quotient(q.v - tv, q.u - p.u)
            let lambda1Squared = cs.multiply(lambda1, lambda1)
            let middleU = lambda1Squared - a - q.u - p.u
            let lambda2 = cs.quotient(Fr(2) * q.v, q.u - middleU) - lambda1
            // u = λ₂² − A − middleU − u_Q, written without middleU so the combinations stay short.
            let u = cs.multiply(lambda2, lambda2) - lambda1Squared + p.u
            return MontgomeryPointVariable(u: u, v: cs.lineThrough(q, slope: lambda2.linearCombination, at: u))
        }
    }
}
