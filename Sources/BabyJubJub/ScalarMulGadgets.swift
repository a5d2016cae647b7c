import BN254
import Circuit

/// Scalar multiplication gadgets on Baby JubJub (the role of circomlib `escalarmulany.circom` and
/// `escalarmulfix.circom`), built on the complete Edwards law so that no input needs special cases.
extension ConstraintSystem {
    /// k·p for k given by its little-endian `bits` (each already boolean) and p on the curve:
    /// 2-bit windows over the table {O, p, 2p, 3p}, about 11 constraints per bit.
    public mutating func babyJubScalarMul(bits: [Variable], point p: BabyJubPointVariable) -> BabyJubPointVariable {
        withNamespace("escalarMulAny") { cs in
            let identity = BabyJubPointVariable(constant: .identity)
            let double = cs.babyJubDouble(p)
            let table = [identity, p, double, cs.babyJubAdd(double, p)]
            var result: BabyJubPointVariable?
            for start in stride(from: (bits.count - 1) & ~1, through: 0, by: -2) {
                let low = bits[start]
                let entry: BabyJubPointVariable
                if start + 1 < bits.count {
                    let high = bits[start + 1]
                    entry = cs.selectPoint(high, cs.selectPoint(low, table[3], table[2]), cs.selectPoint(low, table[1], identity))
                } else {
                    entry = cs.selectPoint(low, p, identity)
                }
                if let accumulated = result {
                    result = cs.babyJubAdd(cs.babyJubDouble(cs.babyJubDouble(accumulated)), entry)
                } else {
                    result = entry
                }
            }
            return result ?? identity
        }
    }

    /// k·base for a constant base and k given by its little-endian `bits` (each already boolean):
    /// 3-bit windows whose 8 multiples are constants, 3 constraints per lookup plus one addition
    /// per window (circomlib EscalarMulFix uses windows of constants the same way).
    public mutating func babyJubScalarMul(bits: [Variable], base: BabyJubPoint) -> BabyJubPointVariable {
        withNamespace("escalarMulFix") { cs in
            var result: BabyJubPointVariable?
            var windowBase = base
            for start in stride(from: 0, to: bits.count, by: 3) {
                let window = Array(bits[start..<min(start + 3, bits.count)])
                var multiples = [BabyJubPoint.identity]
                for _ in 1..<(1 << window.count) { multiples.append(multiples[multiples.count - 1] + windowBase) }
                let entry = cs.lookup(window, multiples)
                result = result.map { cs.babyJubAdd($0, entry) } ?? entry
                windowBase = multiples[multiples.count - 1] + windowBase
            }
            return result ?? BabyJubPointVariable(constant: .identity)
        }
    }

    /// The constant `points[b]` for the 1…3 little-endian bits b: the multilinear interpolation,
    /// with one shared product b0·b1 and, for 3 bits, one product with b2 per coordinate (circomlib MultiMux3).
    mutating func lookup(_ bits: [Variable], _ points: [BabyJubPoint]) -> BabyJubPointVariable {
        let low = bits.count > 1 ? multiply(bits[0], bits[1]) : nil
        /// The interpolation of `values[0..<4]` over b0, b1 (only values[0..<2] for one bit).
        func interpolate(_ values: [Fr]) -> LinearCombination {
            var sum = LinearCombination(constant: values[0]) + (values[1] - values[0]) * bits[0]
            if let low {
                sum += (values[2] - values[0]) * bits[1] + (values[3] - values[2] - values[1] + values[0]) * low
            }
            return sum
        }
        func coordinate(_ values: [Fr]) -> LinearCombination {
            guard bits.count == 3 else { return interpolate(values) }
            let lower = interpolate(Array(values[0..<4]))
            let upper = interpolate(Array(values[4..<8]))
            return multiply(bits[2], upper - lower) + lower
        }
        return BabyJubPointVariable(x: coordinate(points.map(\.x)), y: coordinate(points.map(\.y)))
    }
}
