import BN254

/// A point in extended twisted Edwards coordinates (X : Y : T : Z), x = X/Z, y = Y/Z, T = XY/Z
/// (Hisil–Wong–Carter–Dawson, "Twisted Edwards Curves Revisited", 2008), for scalar multiplication
/// without inversions.
struct ExtendedPoint {
    var X: Fr, Y: Fr, T: Fr, Z: Fr

    static let identity = ExtendedPoint(X: .zero, Y: .one, T: .zero, Z: .one)

    init(X: Fr, Y: Fr, T: Fr, Z: Fr) {
        self.X = X
        self.Y = Y
        self.T = T
        self.Z = Z
    }

    init(_ point: BabyJubPoint) { self.init(X: point.x, Y: point.y, T: point.x * point.y, Z: .one) }

    /// Unified addition add-2008-hwcd (complete on Baby JubJub since a is a square and d is not).
    func adding(_ other: ExtendedPoint) -> ExtendedPoint {
        let a = X * other.X, b = Y * other.Y
        let c = BabyJub.d * T * other.T, d = Z * other.Z
        let e = (X + Y) * (other.X + other.Y) - a - b
        let f = d - c, g = d + c, h = b - BabyJub.a * a
        return ExtendedPoint(X: e * f, Y: g * h, T: e * h, Z: f * g)
    }

    /// Doubling dbl-2008-hwcd.
    func doubled() -> ExtendedPoint {
        let a = X.squared(), b = Y.squared(), c = Z.squared().doubled()
        let d = BabyJub.a * a
        let e = (X + Y).squared() - a - b
        let g = d + b, f = g - c, h = d - b
        return ExtendedPoint(X: e * f, Y: g * h, T: e * h, Z: f * g)
    }

    /// Whether X = 0 and Y = Z, the identity (Z ≠ 0 for every point the complete formulas produce).
    var isIdentity: Bool { X.isZero && Y == Z }

    /// Whether both represent the same affine point (cross-multiplied, no inversion).
    func isEqual(to other: ExtendedPoint) -> Bool { X * other.Z == other.X * Z && Y * other.Z == other.Y * Z }

    /// k·self for k given as little-endian 64-bit limbs, by fixed 4-bit windows from the top.
    func multiplied(byMagnitudeLimbs limbs: [UInt64]) -> ExtendedPoint {
        var table = [ExtendedPoint.identity, self]
        for i in 2..<16 { table.append(i % 2 == 0 ? table[i / 2].doubled() : table[i - 1].adding(self)) }
        var result = ExtendedPoint.identity
        for limb in limbs.reversed() {
            for shift in stride(from: 60, through: 0, by: -4) {
                result = result.doubled().doubled().doubled().doubled()
                let digit = Int(truncatingIfNeeded: (limb >> UInt64(shift)) & 0xF)
                if digit != 0 { result = result.adding(table[digit]) }
            }
        }
        return result
    }

    /// [j·16^i·B8 for j < 16] for each 4-bit digit position i < 64: with it B8·k costs 64 additions.
    static let base8Table: [[ExtendedPoint]] = {
        var rows: [[ExtendedPoint]] = []
        var base = ExtendedPoint(BabyJub.base8)
        for _ in 0..<64 {
            var row = [ExtendedPoint.identity]
            for j in 1..<16 { row.append(row[j - 1].adding(base)) }
            rows.append(row)
            base = row[15].adding(base)
        }
        return rows
    }()

    /// B8·k for k < 2^256 given as little-endian limbs (at most 4), by the fixed-base table.
    static func base8Multiple(limbs: [UInt64]) -> ExtendedPoint {
        var result = ExtendedPoint.identity
        for (index, limb) in limbs.enumerated() {
            for nibble in 0..<16 {
                let digit = Int(truncatingIfNeeded: (limb >> UInt64(4 * nibble)) & 0xF)
                if digit != 0 { result = result.adding(base8Table[16 * index + nibble][digit]) }
            }
        }
        return result
    }

    /// The affine point, optionally negated.
    func affine(negated: Bool = false) -> BabyJubPoint {
        // Z = F·G is a product of the non-zero denominators of the complete law.
        let inverse = Z.inverse() ?? .zero
        let x = X * inverse
        return BabyJubPoint(unchecked: negated ? -x : x, Y * inverse)
    }
}
