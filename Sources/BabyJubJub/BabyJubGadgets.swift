import BN254
import Circuit

/// A Baby JubJub point inside a circuit: its coordinates as linear combinations of wires.
public struct BabyJubPointVariable: Sendable {
    /// The x coordinate.
    public var x: LinearCombination
    /// The y coordinate.
    public var y: LinearCombination

    /// The point with these coordinates (not constrained to lie on the curve; see `assertOnBabyJub`).
    public init(x: some LinearCombinationConvertible, y: some LinearCombinationConvertible) {
        self.x = x.linearCombination
        self.y = y.linearCombination
    }

    /// A constant point (no wires).
    public init(constant point: BabyJubPoint) { self.init(x: point.x, y: point.y) }
}

/// Baby JubJub arithmetic gadgets after circomlib `circuits/babyjub.circom` (EIP-2494 formulas).
extension ConstraintSystem {
    /// Constrains a·x² + y² = 1 + d·x²·y², i.e. x²·(a − d·y²) = 1 − y², 3 constraints (circomlib BabyCheck).
    public mutating func assertOnBabyJub(_ point: BabyJubPointVariable) {
        withNamespace("babyCheck") { cs in
            let xx = cs.multiply(point.x, point.x), yy = cs.multiply(point.y, point.y)
            cs.enforce(xx, LinearCombination(constant: BabyJub.a) - BabyJub.d * yy, 1 - yy)
        }
    }

    /// p + q by the complete Edwards law, 6 constraints (circomlib BabyAdd); exact for points on the curve.
    public mutating func babyJubAdd(_ p: BabyJubPointVariable, _ q: BabyJubPointVariable) -> BabyJubPointVariable {
        withNamespace("babyAdd") { cs in
            let beta = cs.multiply(p.x, q.y), gamma = cs.multiply(p.y, q.x)
            let delta = cs.multiply(p.y - BabyJub.a * p.x, q.x + q.y)
            let tau = cs.multiply(beta, gamma)
            let x = cs.quotient(beta + gamma, 1 + BabyJub.d * tau)
            let y = cs.quotient(delta + BabyJub.a * beta - gamma, 1 - BabyJub.d * tau)
            return BabyJubPointVariable(x: x, y: y)
        }
    }

    /// 2·p = (2xy/(a·x² + y²), (y² − a·x²)/(2 − a·x² − y²)), 5 constraints; the denominators equal
    /// 1 ± d·x²·y² ≠ 0 only for p on the curve, which the caller must guarantee.
    public mutating func babyJubDouble(_ p: BabyJubPointVariable) -> BabyJubPointVariable {
        withNamespace("babyDouble") { cs in
            let xx = cs.multiply(p.x, p.x), yy = cs.multiply(p.y, p.y), xy = cs.multiply(p.x, p.y)
            let x = cs.quotient(Fr(2) * xy, BabyJub.a * xx + yy)
            let y = cs.quotient(yy - BabyJub.a * xx, 2 - BabyJub.a * xx - yy)
            return BabyJubPointVariable(x: x, y: y)
        }
    }

    /// `ifTrue` when `condition` = 1, `ifFalse` when 0 (2 constraints; `condition` must be boolean).
    public mutating func selectPoint(
        _ condition: some LinearCombinationConvertible, _ ifTrue: BabyJubPointVariable, _ ifFalse: BabyJubPointVariable
    ) -> BabyJubPointVariable {
        BabyJubPointVariable(x: select(condition, ifTrue.x, ifFalse.x), y: select(condition, ifTrue.y, ifFalse.y))
    }

    /// A wire q with denominator·q = numerator (the hint divides; 0 when the denominator is 0,
    /// which leaves the constraint unsatisfied unless the numerator is 0 too).
    mutating func quotient(_ numerator: LinearCombination, _ denominator: LinearCombination) -> Variable {
        let q = witness { context in
            context.evaluate(numerator) * (context.evaluate(denominator).inverse() ?? .zero)
        }
        enforce(denominator, q, numerator)
        return q
    }
}
