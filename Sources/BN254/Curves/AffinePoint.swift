/// A short Weierstrass curve y² = x³ + b (a = 0) over `Field` whose points of order r form the
/// group used by the pairing. G1 and G2 of BN254 are the two instances.
public protocol ShortWeierstrassCurve: Sendable {
    associatedtype Field: FieldElement
    /// The constant b of y² = x³ + b.
    static var b: Field { get }
    /// The standard generator of the order-r subgroup.
    static var generator: AffinePoint<Self> { get }
    /// "G1" or "G2", for messages.
    static var name: String { get }
}

/// BN254's G1: y² = x³ + 3 over F_q, generator (1, 2) (EIP-196).
public enum G1Curve: ShortWeierstrassCurve {
    public typealias Field = Fq
    @inlinable public static var b: Fq { Fq(3) }
    public static let generator = AffinePoint<G1Curve>(x: Fq(1), y: Fq(2))
    public static var name: String { "G1" }
}

/// BN254's G2: the sextic twist y² = x³ + 3/(9 + u) over F_q2, with EIP-197's generator.
public enum G2Curve: ShortWeierstrassCurve {
    public typealias Field = Fq2
    /// 3/(9 + u).
    public static let b: Fq2 = Fq2(Fq(3), .zero) * Fq2.xi.inverse()!
    public static let generator = AffinePoint<G2Curve>(
        x: Fq2(
            try! Fq("10857046999023057135944570762232829481370756359578518086990519993285655852781"),
            try! Fq("11559732032986387107991004021392285783925812861821192530917403151452391805634")),
        y: Fq2(
            try! Fq("8495653923123431417604973247489272438418190587263600148770280649306958101930"),
            try! Fq("4082367875863433681332203403145435568316851327593401208105741076214120093531")))
    public static var name: String { "G2" }
}

/// A point in affine coordinates (x, y), or the point at infinity.
@frozen
public struct AffinePoint<Curve: ShortWeierstrassCurve>: Sendable, Hashable {
    public var x: Curve.Field
    public var y: Curve.Field
    /// True for the point at infinity (x and y are then zero and carry no meaning).
    public var isInfinity: Bool

    /// The point (x, y); not checked to be on the curve (see `isOnCurve`).
    @inlinable
    public init(x: Curve.Field, y: Curve.Field) {
        self.x = x
        self.y = y
        self.isInfinity = false
    }

    /// The point at infinity, the group identity.
    @inlinable
    public static var infinity: AffinePoint {
        var point = AffinePoint(x: .zero, y: .zero)
        point.isInfinity = true
        return point
    }

    /// Whether y² = x³ + b holds (the point at infinity counts as on the curve).
    @inlinable
    public var isOnCurve: Bool {
        isInfinity || y.squared() == x.squared() * x + Curve.b
    }

    /// −P = (x, −y).
    @inlinable
    public static prefix func - (point: AffinePoint) -> AffinePoint {
        point.isInfinity ? point : AffinePoint(x: point.x, y: -point.y)
    }
}

public typealias G1Affine = AffinePoint<G1Curve>
public typealias G2Affine = AffinePoint<G2Curve>
