import BigInteger

/// The three F_q2 coefficients of one Miller-loop line. Evaluated at P = (x_P, y_P) ∈ G1 the line
/// is (c0·y_P) + (c1·x_P)·w + c2·v·w, a sparse element of F_q12.
@frozen
public struct LineCoefficients: Sendable {
    public var c0: Fq2
    public var c1: Fq2
    public var c2: Fq2

    @inlinable
    init(_ c0: Fq2, _ c1: Fq2, _ c2: Fq2) {
        self.c0 = c0
        self.c1 = c1
        self.c2 = c2
    }
}

/// A G2 point with the line coefficients of its Miller loop precomputed, so that pairings with a
/// fixed G2 argument (a verification key's β, γ, δ) skip all G2 arithmetic.
public struct G2Prepared: Sendable {
    /// The line coefficients in the order the Miller loop consumes them; empty for infinity.
    public let lines: [LineCoefficients]
    /// Whether the point is the point at infinity (its pairings are 1).
    public var isInfinity: Bool { lines.isEmpty }

    /// Runs the Miller loop's G2 side for `point`, which must be in G2 (checked by the decoders).
    public init(_ point: G2Affine) {
        if point.isInfinity {
            lines = []
            return
        }
        var lines: [LineCoefficients] = []
        lines.reserveCapacity(MillerLoop.lineCount)
        var t = HomogeneousG2(point)
        let negated = -point
        for digit in MillerLoop.digits.dropFirst() {
            lines.append(t.doublingStep())
            if digit == 1 { lines.append(t.additionStep(point)) }
            if digit == -1 { lines.append(t.additionStep(negated)) }
        }
        // The optimal-ate correction of BN curves: add π(Q), then −π²(Q) (Vercauteren,
        // "Optimal pairings", IEEE Trans. Inf. Theory 2010, §IV.B).
        lines.append(t.additionStep(point.twistedFrobenius()))
        lines.append(t.additionStep(-point.twistedFrobenius().twistedFrobenius()))
        self.lines = lines
    }
}

/// A point of the twist in homogeneous projective coordinates (x = X/Z, y = Y/Z), the form in
/// which Aranha, Karabina, Longa, Gebotys and López, "Faster explicit formulas for computing
/// pairings over ordinary curves" (Eurocrypt 2011), give their doubling and addition steps.
struct HomogeneousG2 {
    var x: Fq2
    var y: Fq2
    var z: Fq2

    init(_ point: G2Affine) {
        x = point.x
        y = point.y
        z = .one
    }

    /// T ← 2T and the tangent line at T (the paper's equation 11, for a D-type twist): with
    /// H = 2YZ, J = X² and I = 3b'Z² − Y², the line is −H·y_P + 3J·x_P·w + I·v·w.
    mutating func doublingStep() -> LineCoefficients {
        let a = (x * y).halved()
        let b = y.squared()
        let c = z.squared()
        let e = G2Curve.b * (c.doubled() + c)
        let f = e.doubled() + e
        let g = (b + f).halved()
        let h = (y + z).squared() - (b + c)
        let i = e - b
        let j = x.squared()
        let eSquared = e.squared()
        x = a * (b - f)
        y = g.squared() - (eSquared.doubled() + eSquared)
        z = b * h
        return LineCoefficients(-h, j.doubled() + j, i)
    }

    /// T ← T + Q and the line through T and Q (the paper's equation 12): with θ = Y − y_Q·Z and
    /// Λ = X − x_Q·Z, the line is Λ·y_P − θ·x_P·w + (θ·x_Q − Λ·y_Q)·v·w.
    mutating func additionStep(_ q: G2Affine) -> LineCoefficients {
        let theta = y - q.y * z
        let lambda = x - q.x * z
        let c = theta.squared()
        let d = lambda.squared()
        let e = lambda * d
        let f = z * c
        let g = x * d
        let h = e + f - g.doubled()
        x = lambda * h
        y = theta * (g - h) - e * y
        z = z * e
        return LineCoefficients(lambda, -theta, theta * q.x - lambda * q.y)
    }
}

extension AffinePoint where Curve == G2Curve {
    /// The q-power Frobenius endomorphism carried to the twist: (x̄·ξ^((q−1)/3), ȳ·ξ^((q−1)/2)).
    func twistedFrobenius() -> G2Affine {
        if isInfinity { return self }
        let gamma = FrobeniusCoefficients.table[1]
        return G2Affine(x: x.conjugate() * gamma[2], y: y.conjugate() * gamma[3])
    }
}

extension Fq2 {
    /// self/2.
    @inlinable
    func halved() -> Fq2 { Fq2(c0.halved(), c1.halved()) }
}
