import BN254

/// The standard gadgets, after circomlib (`circuits/comparators.circom`, `bitify.circom`,
/// `mux1.circom`). Each records its constraints under a namespace named after it. Other modules
/// add gadgets the same way: extensions built on `witness(computedBy:)` and `enforce`.
extension ConstraintSystem {
    /// The largest bit count `toBits` accepts: a 253-bit decomposition of an Fr value is unique,
    /// 254 bits would alias (circomlib's Num2Bits_strict exists for that case).
    public static let maxBitDecomposition = 253

    /// A new wire equal to a·b: one constraint a·b = out; the solver multiplies.
    public mutating func multiply(_ a: some LinearCombinationConvertible, _ b: some LinearCombinationConvertible) -> Variable {
        let product = allocate(.internalWire, source: .product(constraint: Int32(constraintCount)))
        enforce(a, b, product)
        return product
    }

    /// Constrains a = b: (a − b)·1 = 0.
    public mutating func assertEqual(_ a: some LinearCombinationConvertible, _ b: some LinearCombinationConvertible) {
        enforce(a.linearCombination - b.linearCombination, 1, 0)
    }

    /// Constrains x ∈ {0, 1}: x·(x − 1) = 0 (circomlib Num2Bits).
    public mutating func assertBoolean(_ x: some LinearCombinationConvertible) {
        let value = x.linearCombination
        withNamespace("boolean") { $0.enforce(value, value - 1, 0) }
    }

    /// The little-endian bits of x, which must be < 2^count (count ≤ 253): each bit boolean and
    /// Σ 2^i·bit_i = x, count + 1 constraints (circomlib Num2Bits).
    public mutating func toBits(_ x: some LinearCombinationConvertible, count: Int) -> [Variable] {
        precondition((1...Self.maxBitDecomposition).contains(count), "toBits needs 1...253 bits, got \(count)")
        let value = x.linearCombination
        return withNamespace("toBits") { cs in
            let bits = cs.witnesses(count: count) { context in
                let limbs = context.evaluate(value).canonicalLimbs
                return (0..<count).map { limbs.bit($0) ? Fr.one : Fr.zero }
            }
            var sum = LinearCombination()
            var power = Fr.one
            for bit in bits {
                cs.enforce(bit, bit - 1, 0)
                sum.add(power, bit)
                power = power.doubled()
            }
            cs.enforce(sum, 1, value)
            return bits
        }
    }

    /// Constrains 0 ≤ x < 2^bits (bits ≤ 253) through a bit decomposition.
    public mutating func assertRange(_ x: some LinearCombinationConvertible, bits: Int) {
        withNamespace("range") { _ = $0.toBits(x, count: bits) }
    }

    /// A boolean wire that is 1 iff x = 0 (circomlib IsZero: inv hint, x·inv = 1 − out, x·out = 0).
    public mutating func isZero(_ x: some LinearCombinationConvertible) -> Variable {
        let value = x.linearCombination
        return withNamespace("isZero") { cs in
            let inverse = cs.witness { context in context.evaluate(value).inverse() ?? .zero }
            let out = cs.witness { context in context.evaluate(value).isZero ? .one : .zero }
            cs.enforce(value, inverse, 1 - out)
            cs.enforce(value, out, 0)
            return out
        }
    }

    /// A boolean wire that is 1 iff a = b (circomlib IsEqual: IsZero(a − b)).
    public mutating func isEqual(_ a: some LinearCombinationConvertible, _ b: some LinearCombinationConvertible) -> Variable {
        let difference = a.linearCombination - b.linearCombination
        return withNamespace("isEqual") { $0.isZero(difference) }
    }

    /// 1 if a < b else 0, for a, b already known to be < 2^bits (bits ≤ 252): bit `bits` of
    /// a + 2^bits − b is 1 iff a ≥ b (circomlib LessThan). Returns 1 − that bit, no extra wire.
    public mutating func lessThan(_ a: some LinearCombinationConvertible, _ b: some LinearCombinationConvertible, bits: Int) -> LinearCombination {
        precondition((1...Self.maxBitDecomposition - 1).contains(bits), "lessThan needs 1...252 bits, got \(bits)")
        var offset = Fr.one
        for _ in 0..<bits { offset = offset.doubled() }
        let shifted = a.linearCombination + offset - b.linearCombination
        return withNamespace("lessThan") { cs in
            let decomposition = cs.toBits(shifted, count: bits + 1)
            return 1 - decomposition[bits]
        }
    }

    /// ifTrue when condition = 1, ifFalse when it is 0: condition·(ifTrue − ifFalse) + ifFalse,
    /// one constraint (circomlib Mux1). The condition must already be constrained boolean.
    public mutating func select(
        _ condition: some LinearCombinationConvertible, _ ifTrue: some LinearCombinationConvertible,
        _ ifFalse: some LinearCombinationConvertible
    ) -> LinearCombination {
        let otherwise = ifFalse.linearCombination
        let difference = ifTrue.linearCombination - otherwise
        return withNamespace("select") { $0.multiply(condition, difference) + otherwise }
    }

    /// The wire 1/x, constrained by x·inv = 1 (unsatisfiable when x = 0).
    public mutating func inverse(_ x: some LinearCombinationConvertible) -> Variable {
        let value = x.linearCombination
        return withNamespace("inverse") { cs in
            let inverse = cs.witness { context in context.evaluate(value).inverse() ?? .zero }
            cs.enforce(value, inverse, 1)
            return inverse
        }
    }
}
