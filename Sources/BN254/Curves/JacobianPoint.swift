/// A point in Jacobian coordinates (X, Y, Z) standing for the affine point (X/Z², Y/Z³); Z = 0 is
/// the point at infinity (Explicit-Formulas Database, "Jacobian coordinates with a4 = 0").
@frozen
public struct JacobianPoint<Curve: ShortWeierstrassCurve>: Sendable {
    /// X; the affine x is X/Z².
    public var x: Curve.Field
    /// Y; the affine y is Y/Z³.
    public var y: Curve.Field
    /// Z; zero for the point at infinity.
    public var z: Curve.Field

    /// The point with Jacobian coordinates (x, y, z); not checked to be on the curve.
    @inlinable
    public init(x: Curve.Field, y: Curve.Field, z: Curve.Field) {
        self.x = x
        self.y = y
        self.z = z
    }

    /// The Jacobian form (x, y, 1) of an affine point; infinity maps to (1, 1, 0).
    @inlinable
    public init(_ affine: AffinePoint<Curve>) {
        if affine.isInfinity {
            self = .infinity
        } else {
            self.init(x: affine.x, y: affine.y, z: .one)
        }
    }

    /// The point at infinity, (1, 1, 0).
    @inlinable
    public static var infinity: JacobianPoint { JacobianPoint(x: .one, y: .one, z: .zero) }

    /// Whether this is the point at infinity (Z = 0).
    @inlinable
    public var isInfinity: Bool { z.isZero }

    /// Whether Y² = X³ + b·Z⁶ (infinity counts as on the curve).
    @inlinable
    public var isOnCurve: Bool {
        if isInfinity { return true }
        let zz = z.squared()
        let z6 = zz.squared() * zz
        return y.squared() == x.squared() * x + Curve.b * z6
    }

    /// −P = (X, −Y, Z).
    @inlinable
    public static prefix func - (point: JacobianPoint) -> JacobianPoint {
        JacobianPoint(x: point.x, y: -point.y, z: point.z)
    }

    /// 2P by EFD "dbl-2009-l" (a = 0): 2M + 5S; infinity (Z = 0) doubles to Z3 = 0.
    @inlinable
    public func doubled() -> JacobianPoint {
        let a = x.squared()
        let b = y.squared()
        let c = b.squared()
        let d = ((x + b).squared() - a - c).doubled()
        let e = a.doubled() + a
        let f = e.squared()
        let x3 = f - d.doubled()
        let y3 = e * (d - x3) - c.doubled().doubled().doubled()
        let z3 = (y * z).doubled()
        return JacobianPoint(x: x3, y: y3, z: z3)
    }

    /// P + Q by EFD "add-2007-bl" (11M + 5S), falling back to doubling when P = Q and returning
    /// infinity when P = −Q.
    @inlinable
    public static func + (p: JacobianPoint, q: JacobianPoint) -> JacobianPoint {
        if p.isInfinity { return q }
        if q.isInfinity { return p }
        let z1z1 = p.z.squared()
        let z2z2 = q.z.squared()
        let u1 = p.x * z2z2
        let u2 = q.x * z1z1
        let s1 = p.y * q.z * z2z2
        let s2 = q.y * p.z * z1z1
        let h = u2 - u1
        let r = (s2 - s1).doubled()
        if h.isZero {
            return r.isZero ? p.doubled() : .infinity
        }
        let i = h.doubled().squared()
        let j = h * i
        let v = u1 * i
        let x3 = r.squared() - j - v.doubled()
        let y3 = r * (v - x3) - (s1 * j).doubled()
        let z3 = ((p.z + q.z).squared() - z1z1 - z2z2) * h
        return JacobianPoint(x: x3, y: y3, z: z3)
    }

    /// P − Q.
    @inlinable
    public static func - (p: JacobianPoint, q: JacobianPoint) -> JacobianPoint { p + (-q) }

    /// P ← P + Q.
    @inlinable public static func += (p: inout JacobianPoint, q: JacobianPoint) { p = p + q }

    /// P + Q for an affine Q by EFD "madd-2007-bl" (7M + 4S), with the doubling, opposite and
    /// infinity cases handled.
    @inlinable
    public func adding(_ q: AffinePoint<Curve>) -> JacobianPoint {
        if q.isInfinity { return self }
        if isInfinity { return JacobianPoint(q) }
        let z1z1 = z.squared()
        let u2 = q.x * z1z1
        let s2 = q.y * z * z1z1
        let h = u2 - x
        let r = (s2 - y).doubled()
        if h.isZero {
            return r.isZero ? doubled() : .infinity
        }
        let hh = h.squared()
        let i = hh.doubled().doubled()
        let j = h * i
        let v = x * i
        let x3 = r.squared() - j - v.doubled()
        let y3 = r * (v - x3) - (y * j).doubled()
        let z3 = (z + h).squared() - z1z1 - hh
        return JacobianPoint(x: x3, y: y3, z: z3)
    }
}

extension JacobianPoint: Equatable {
    /// Equality of the represented points: X1·Z2² = X2·Z1² and Y1·Z2³ = Y2·Z1³.
    @inlinable
    public static func == (p: JacobianPoint, q: JacobianPoint) -> Bool {
        if p.isInfinity || q.isInfinity { return p.isInfinity && q.isInfinity }
        let z1z1 = p.z.squared()
        let z2z2 = q.z.squared()
        guard p.x * z2z2 == q.x * z1z1 else { return false }
        return p.y * z2z2 * q.z == q.y * z1z1 * p.z
    }
}

extension JacobianPoint {
    /// The affine point (X/Z², Y/Z³), with one field inversion.
    @inlinable
    public var affine: AffinePoint<Curve> {
        guard let zInverse = z.inverse() else { return .infinity }
        let zInverse2 = zInverse.squared()
        return AffinePoint(x: x * zInverse2, y: y * zInverse2 * zInverse)
    }

    /// Affine forms of many points with a single field inversion (Montgomery's trick, Handbook
    /// of Applied Cryptography §14.6.1 note); points at infinity stay at infinity.
    @inlinable
    public static func batchToAffine(_ points: [JacobianPoint]) -> [AffinePoint<Curve>] {
        let n = points.count
        if n == 0 { return [] }
        return [AffinePoint<Curve>](unsafeUninitializedCapacity: n) { output, initializedCount in
            // prefix[i] = product of the non-zero z of points[0..<i].
            withUnsafeTemporaryAllocation(of: Curve.Field.self, capacity: n) { prefix in
                var running = Curve.Field.one
                for i in 0..<n {
                    prefix[i] = running
                    if !points[i].z.isZero { running = running * points[i].z }
                }
                var inverse = running.inverse()!  // a product of non-zero elements
                for i in stride(from: n - 1, through: 0, by: -1) {
                    let point = points[i]
                    if point.z.isZero {
                        (output.baseAddress! + i).initialize(to: .infinity)
                        continue
                    }
                    let zInverse = inverse * prefix[i]
                    inverse = inverse * point.z
                    let zInverse2 = zInverse.squared()
                    (output.baseAddress! + i).initialize(
                        to: AffinePoint(x: point.x * zInverse2, y: point.y * zInverse2 * zInverse))
                }
            }
            initializedCount = n
        }
    }
}

/// G1 points in Jacobian coordinates over F_q.
public typealias G1Jacobian = JacobianPoint<G1Curve>
/// G2 points in Jacobian coordinates over F_q2.
public typealias G2Jacobian = JacobianPoint<G2Curve>
