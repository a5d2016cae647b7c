import BN254
import BigInteger

/// An affine point (x, y) of Baby JubJub, always on the curve; the identity is (0, 1)
/// (EIP-2494; circomlibjs `src/babyjub.js` represents points the same way).
public struct BabyJubPoint: Hashable, Sendable, CustomStringConvertible {
    /// The x coordinate.
    public let x: Fr
    /// The y coordinate.
    public let y: Fr

    /// The point (x, y), rejected with `BabyJubError.notOnCurve` unless a·x² + y² = 1 + d·x²·y² (EIP-2494).
    public init(x: Fr, y: Fr) throws(BabyJubError) {
        guard BabyJub.isOnCurve(x: x, y: y) else { throw .notOnCurve(x: x, y: y) }
        self.x = x
        self.y = y
    }

    /// A point the caller knows to be on the curve (constants and results of the group law).
    init(unchecked x: Fr, _ y: Fr) {
        self.x = x
        self.y = y
    }

    /// The neutral element (0, 1) (EIP-2494).
    public static let identity = BabyJubPoint(unchecked: .zero, .one)

    /// Whether this is the identity (0, 1).
    public var isIdentity: Bool { x.isZero && y.isOne }

    /// "(x, y)" in decimal.
    public var description: String { "(\(x), \(y))" }

    /// The sum by the complete twisted Edwards addition law (EIP-2494 §"Addition"; circomlibjs `addPoint`).
    public static func + (lhs: BabyJubPoint, rhs: BabyJubPoint) -> BabyJubPoint {
        let beta = lhs.x * rhs.y, gamma = lhs.y * rhs.x
        let delta = (lhs.y - BabyJub.a * lhs.x) * (rhs.x + rhs.y)
        let tau = BabyJub.d * beta * gamma
        // 1 ± d·x1·x2·y1·y2 ≠ 0 for points on the curve because d is not a square; one inversion serves both.
        let plus = Fr.one + tau, minus = Fr.one - tau
        let inverse = (plus * minus).inverse() ?? .zero
        return BabyJubPoint(unchecked: (beta + gamma) * minus * inverse, (delta + BabyJub.a * beta - gamma) * plus * inverse)
    }

    /// The negation (−x, y) (EIP-2494).
    public static prefix func - (point: BabyJubPoint) -> BabyJubPoint { BabyJubPoint(unchecked: -point.x, point.y) }

    /// The difference lhs + (−rhs).
    public static func - (lhs: BabyJubPoint, rhs: BabyJubPoint) -> BabyJubPoint { lhs + (-rhs) }

    /// 2·self (EIP-2494 doubling is addition of a point to itself).
    public func doubled() -> BabyJubPoint { self + self }

    /// scalar·self for any integer scalar, not reduced (negative scalars negate the result;
    /// circomlibjs `mulPointEscalar`), by 4-bit windows in extended coordinates (a precomputed
    /// table for B8).
    public func multiplied(by scalar: BigInt) -> BabyJubPoint {
        let product: ExtendedPoint
        if self == BabyJub.base8 {
            // B8 has order l, so reducing a wide scalar mod l does not change the product.
            let magnitude = scalar.magnitude
            product = ExtendedPoint.base8Multiple(limbs: magnitude.bitWidth <= 256 ? magnitude.limbs : magnitude.modulo(BabyJub.subgroupOrder).limbs)
        } else {
            product = ExtendedPoint(self).multiplied(byMagnitudeLimbs: scalar.limbs)
        }
        return product.affine(negated: scalar.signum < 0)
    }

    /// scalar·point (see `multiplied(by:)`).
    public static func * (scalar: BigInt, point: BabyJubPoint) -> BabyJubPoint { point.multiplied(by: scalar) }

    /// Whether l·self is the identity, i.e. the point lies in the prime-order subgroup (circomlibjs `inSubgroup`).
    public var isInSubgroup: Bool { ExtendedPoint(self).multiplied(byMagnitudeLimbs: BabyJub.subgroupOrder.limbs).isIdentity }

    /// Whether x > (p − 1)/2, the "negative" half that sets the sign bit in `packed` (circomlibjs `packPoint`).
    var xIsNegative: Bool { x.bigInt > BabyJub.halfModulus }
}
