/// A point in extended Jacobian coordinates (X, Y, ZZ, ZZZ) standing for (X/ZZ, Y/ZZZ), with
/// ZZ³ = ZZZ²; ZZ = 0 is infinity (EFD, "XYZZ coordinates", Sutherland's MSM bucket form).
///
/// Every formula below keeps the invariant ZZ³ = ZZZ² (ZZ = Z², ZZZ = Z³ for some Z), which the
/// conversion to Jacobian coordinates relies on.
@frozen
public struct XYZZPoint<Curve: ShortWeierstrassCurve>: Sendable {
    /// X; the affine x is X/ZZ.
    public var x: Curve.Field
    /// Y; the affine y is Y/ZZZ.
    public var y: Curve.Field
    /// ZZ (= Z²); zero for the point at infinity.
    public var zz: Curve.Field
    /// ZZZ (= Z³); zero for the point at infinity.
    public var zzz: Curve.Field

    /// The point with coordinates (x, y, zz, zzz); not checked to be on the curve.
    @inlinable
    public init(x: Curve.Field, y: Curve.Field, zz: Curve.Field, zzz: Curve.Field) {
        self.x = x
        self.y = y
        self.zz = zz
        self.zzz = zzz
    }

    /// (x, y, 1, 1) for an affine point; infinity maps to (1, 1, 0, 0).
    @inlinable
    public init(_ affine: AffinePoint<Curve>) {
        if affine.isInfinity {
            self = .infinity
        } else {
            self.init(x: affine.x, y: affine.y, zz: .one, zzz: .one)
        }
    }

    /// (X, Y, Z², Z³) for a Jacobian point (X, Y, Z).
    @inlinable
    public init(_ jacobian: JacobianPoint<Curve>) {
        let zz = jacobian.z.squared()
        self.init(x: jacobian.x, y: jacobian.y, zz: zz, zzz: zz * jacobian.z)
    }

    /// The point at infinity, (1, 1, 0, 0).
    @inlinable
    public static var infinity: XYZZPoint { XYZZPoint(x: .one, y: .one, zz: .zero, zzz: .zero) }

    /// Whether this is the point at infinity (ZZ = 0).
    @inlinable
    public var isInfinity: Bool { zz.isZero }

    /// −P = (X, −Y, ZZ, ZZZ).
    @inlinable
    public static prefix func - (point: XYZZPoint) -> XYZZPoint {
        XYZZPoint(x: point.x, y: -point.y, zz: point.zz, zzz: point.zzz)
    }

    /// 2P by EFD "dbl-2008-s-1" (a = 0): 6M + 3S.
    @inlinable
    public func doubled() -> XYZZPoint {
        let u = y.doubled()
        let v = u.squared()
        let w = u * v
        let s = x * v
        let xx = x.squared()
        let m = xx.doubled() + xx
        let x3 = m.squared() - s.doubled()
        let y3 = m * (s - x3) - w * y
        return XYZZPoint(x: x3, y: y3, zz: v * zz, zzz: w * zzz)
    }

    /// 2Q for an affine Q by EFD "mdbl-2008-s-1" (a = 0): 4M + 3S.
    @inlinable
    static func doubling(_ q: AffinePoint<Curve>) -> XYZZPoint {
        let u = q.y.doubled()
        let v = u.squared()
        let w = u * v
        let s = q.x * v
        let xx = q.x.squared()
        let m = xx.doubled() + xx
        let x3 = m.squared() - s.doubled()
        let y3 = m * (s - x3) - w * q.y
        return XYZZPoint(x: x3, y: y3, zz: v, zzz: w)
    }

    /// P + Q by EFD "add-2008-s" (12M + 2S), doubling when P = Q, infinity when P = −Q.
    @inlinable
    public static func + (p: XYZZPoint, q: XYZZPoint) -> XYZZPoint {
        if p.isInfinity { return q }
        if q.isInfinity { return p }
        let u1 = p.x * q.zz
        let u2 = q.x * p.zz
        let s1 = p.y * q.zzz
        let s2 = q.y * p.zzz
        let pDelta = u2 - u1
        let r = s2 - s1
        if pDelta.isZero {
            return r.isZero ? p.doubled() : .infinity
        }
        let pp = pDelta.squared()
        let ppp = pDelta * pp
        let qq = u1 * pp
        let x3 = r.squared() - ppp - qq.doubled()
        let y3 = r * (qq - x3) - s1 * ppp
        return XYZZPoint(x: x3, y: y3, zz: p.zz * q.zz * pp, zzz: p.zzz * q.zzz * ppp)
    }

    /// P ← P + Q.
    @inlinable public static func += (p: inout XYZZPoint, q: XYZZPoint) { p = p + q }

    /// P + Q for an affine Q by EFD "madd-2008-s" (8M + 2S), doubling by "mdbl-2008-s-1" when
    /// P = Q and returning infinity when P = −Q.
    @inlinable
    public func adding(_ q: AffinePoint<Curve>) -> XYZZPoint {
        if q.isInfinity { return self }
        if isInfinity { return XYZZPoint(q) }
        let u2 = q.x * zz
        let s2 = q.y * zzz
        let pDelta = u2 - x
        let r = s2 - y
        if pDelta.isZero {
            return r.isZero ? XYZZPoint.doubling(q) : .infinity
        }
        let pp = pDelta.squared()
        let ppp = pDelta * pp
        let qq = x * pp
        let x3 = r.squared() - ppp - qq.doubled()
        let y3 = r * (qq - x3) - y * ppp
        return XYZZPoint(x: x3, y: y3, zz: zz * pp, zzz: zzz * ppp)
    }

    /// P − Q for an affine Q (the negated-point bucket update of signed-digit MSM).
    @inlinable
    public func subtracting(_ q: AffinePoint<Curve>) -> XYZZPoint { adding(-q) }

    /// The Jacobian point (X·ZZ², Y·ZZZ², ZZZ): with Z = ZZZ, X·ZZ²/ZZZ² = X/ZZ because
    /// ZZZ² = ZZ³, and Y·ZZZ²/ZZZ³ = Y/ZZZ; 3M + 2S, no inversion, infinity stays infinity.
    @inlinable
    public var jacobian: JacobianPoint<Curve> {
        JacobianPoint(x: x * zz.squared(), y: y * zzz.squared(), z: zzz)
    }

    /// The affine point (X/ZZ, Y/ZZZ), with one inversion (through `jacobian`).
    @inlinable
    public var affine: AffinePoint<Curve> { jacobian.affine }
}

extension XYZZPoint: Equatable {
    /// Equality of the represented points: X1·ZZ2 = X2·ZZ1 and Y1·ZZZ2 = Y2·ZZZ1.
    @inlinable
    public static func == (p: XYZZPoint, q: XYZZPoint) -> Bool {
        if p.isInfinity || q.isInfinity { return p.isInfinity && q.isInfinity }
        return p.x * q.zz == q.x * p.zz && p.y * q.zzz == q.y * p.zzz
    }
}

/// G1 points in XYZZ coordinates over F_q.
public typealias G1XYZZ = XYZZPoint<G1Curve>
/// G2 points in XYZZ coordinates over F_q2.
public typealias G2XYZZ = XYZZPoint<G2Curve>
