import BigInteger
import Testing

import BN254

/// Random points [k]G with seeded scalars, each with a different non-trivial Jacobian Z.
func randomPoints<C: ShortWeierstrassCurve>(_: C.Type, count: Int, seed: UInt64) -> [JacobianPoint<C>] {
    var generator = InsecureSeededGenerator(seed: TestSeed.seed(seed))
    return (0..<count).map { _ in C.generator.multiplied(by: Fr.random(using: &generator)) }
}

/// The same point with Z multiplied by λ: (X·λ², Y·λ³, Z·λ).
func rescaled<C>(_ p: JacobianPoint<C>, by lambda: C.Field) -> JacobianPoint<C> {
    let lambda2 = lambda.squared()
    return JacobianPoint(x: p.x * lambda2, y: p.y * lambda2 * lambda, z: p.z * lambda)
}

/// A non-zero field element derived from a point, used as a rescaling factor.
func someFactor<C>(_ p: JacobianPoint<C>) -> C.Field {
    let candidate = p.x + p.y.doubled() + .one
    return candidate.isZero ? .one : candidate
}

/// Limbs of a non-negative integer below 2^256.
func limbs(_ value: BigInt) -> Limbs { Limbs(littleEndian: value.limbs(count: 4)!) }

/// Group axioms, mixed/full addition agreement and equality across Z in Jacobian coordinates.
func checkJacobianGroupLaw<C: ShortWeierstrassCurve>(_: C.Type, count: Int, seed: UInt64) {
    let points = randomPoints(C.self, count: count + 2, seed: seed)
    let o = JacobianPoint<C>.infinity
    for i in 0..<count {
        let a = points[i], b = points[i + 1], c = points[i + 2]
        let name = "\(C.name) #\(i)"
        #expect((a + b) + c == a + (b + c), "\(name) associativity")
        #expect(a + b == b + a, "\(name) commutativity")
        #expect(a + o == a && o + a == a, "\(name) identity")
        #expect((a + (-a)).isInfinity && (a - a).isInfinity, "\(name) inverse")
        #expect(a.doubled() == a + a, "\(name) double == add self")
        #expect(a + rescaled(a, by: someFactor(b)) == a.doubled(), "\(name) add equal points with different Z")
        #expect((a + b).isOnCurve && a.doubled().isOnCurve, "\(name) results on curve")
        let bAffine = b.affine
        #expect(a.adding(bAffine) == a + b, "\(name) mixed add == full add")
        #expect(a.adding(a.affine) == a.doubled(), "\(name) mixed add doubling case")
        #expect(a.adding(-a.affine).isInfinity, "\(name) mixed add opposite case")
        #expect(o.adding(bAffine) == b && a.adding(.infinity) == a, "\(name) mixed add infinity")
        let scaled = rescaled(a, by: someFactor(c))
        #expect(scaled == a && scaled.z != a.z, "\(name) equality across Z")
        #expect(JacobianPoint(a.affine) == a && scaled.affine == a.affine, "\(name) affine round trip")
        #expect(a != b && a != o && o != a, "\(name) inequality")
    }
    #expect(o.doubled().isInfinity && (o + o).isInfinity && o.affine.isInfinity)
    #expect(JacobianPoint<C>(.infinity).isInfinity && (-o).isInfinity)
}

/// The same laws in XYZZ coordinates, and agreement with the Jacobian results.
func checkXYZZGroupLaw<C: ShortWeierstrassCurve>(_: C.Type, count: Int, seed: UInt64) {
    let points = randomPoints(C.self, count: count + 2, seed: seed)
    let o = XYZZPoint<C>.infinity
    for i in 0..<count {
        let ja = points[i], jb = points[i + 1], jc = points[i + 2]
        let a = XYZZPoint(ja), b = XYZZPoint(jb), c = XYZZPoint(rescaled(jc, by: someFactor(ja)))
        let name = "\(C.name) XYZZ #\(i)"
        #expect((a + b) + c == a + (b + c), "\(name) associativity")
        #expect(a + b == b + a, "\(name) commutativity")
        #expect(a + o == a && o + a == a, "\(name) identity")
        #expect((a + (-a)).isInfinity, "\(name) inverse")
        #expect(a.doubled() == a + a, "\(name) double == add self")
        #expect((a + b).jacobian == ja + jb, "\(name) add matches Jacobian")
        #expect(a.doubled().jacobian == ja.doubled(), "\(name) double matches Jacobian")
        #expect(a.adding(jb.affine) == a + b, "\(name) mixed add == full add")
        #expect(a.subtracting(jb.affine) == a + (-b), "\(name) mixed subtract")
        #expect(a.adding(ja.affine) == a.doubled(), "\(name) mixed add doubling case")
        #expect(XYZZPoint(ja.affine).adding(ja.affine) == a.doubled(), "\(name) affine doubling case")
        #expect(a.adding(-ja.affine).isInfinity, "\(name) mixed add opposite case")
        #expect(o.adding(jb.affine) == b && a.adding(.infinity) == a, "\(name) mixed add infinity")
        #expect(a.affine == ja.affine && a.jacobian.isOnCurve, "\(name) conversions")
        #expect(XYZZPoint(ja.affine) == a && a != b && a != o, "\(name) equality across ZZ")
    }
    #expect(o.doubled().isInfinity && o.jacobian.isInfinity && o.affine.isInfinity)
    #expect(XYZZPoint<C>(AffinePoint<C>.infinity).isInfinity && XYZZPoint(JacobianPoint<C>.infinity).isInfinity)
}

/// batchToAffine against per-point `affine`, with infinity entries at the ends and inside.
func checkBatchToAffine<C: ShortWeierstrassCurve>(_: C.Type, seed: UInt64) {
    let o = JacobianPoint<C>.infinity
    var points = randomPoints(C.self, count: 20, seed: seed)
    points.insert(o, at: 0)
    points.insert(o, at: 7)
    points.insert(o, at: 8)
    points.append(o)
    #expect(JacobianPoint.batchToAffine(points) == points.map(\.affine))
    #expect(JacobianPoint.batchToAffine([o, o]) == [.infinity, .infinity])
    #expect(JacobianPoint<C>.batchToAffine([]).isEmpty)
}

/// wNAF scalar multiplication against double-and-add, on random and edge scalars.
func checkScalarMultiplication<C: ShortWeierstrassCurve>(_: C.Type, randomCount: Int, seed: UInt64) {
    let r = Fr.modulus
    let g = JacobianPoint(C.generator)
    let edges: [BigInt] = [0, 1, 2, 3, 15, 16, 17, 31, 32, r - 1, r, r + 1, (BigInt(1) << 256) - 1,
                           (BigInt(1) << 255), (BigInt(1) << 255) - 1, (BigInt(1) << 254) + 1]
    var generator = InsecureSeededGenerator(seed: TestSeed.seed(seed))
    let bases = [g] + randomPoints(C.self, count: 2, seed: seed)
    for base in bases {
        for k in edges {
            #expect(base.multiplied(by: limbs(k)) == base.multipliedNaive(by: limbs(k)), "\(C.name) [\(k)]P")
        }
    }
    for _ in 0..<randomCount {
        let k = Fr.random(using: &generator)
        let full = Limbs(l0: generator.next(), l1: generator.next(), l2: generator.next(), l3: generator.next())
        #expect(g.multiplied(by: k) == g.multipliedNaive(by: k.canonicalLimbs), "\(C.name) [\(k)]G")
        #expect(bases[1].multiplied(by: full) == bases[1].multipliedNaive(by: full), "\(C.name) 256-bit scalar")
    }
    #expect(g.multiplied(by: Fr.modulusLimbs).isInfinity, "\(C.name) [r]G = O")
    #expect(g.multipliedNaive(by: Fr.modulusLimbs).isInfinity, "\(C.name) naive [r]G = O")
    #expect(g.multiplied(by: limbs(r - 1)) == -g && g.multiplied(by: limbs(r + 1)) == g)
    #expect(g.multiplied(by: Fr.zero).isInfinity && g.multiplied(by: Fr.one) == g)
    #expect(JacobianPoint<C>.infinity.multiplied(by: Fr(5)).isInfinity)
    let (a, b) = (Fr.random(using: &generator), Fr.random(using: &generator))
    #expect(g.multiplied(by: a) + g.multiplied(by: b) == g.multiplied(by: a + b), "\(C.name) [a]G + [b]G")
    #expect(g.multiplied(by: a).multiplied(by: b) == g.multiplied(by: a * b), "\(C.name) [b][a]G")
    #expect(C.generator.multiplied(by: a) == g.multipliedNaive(by: a.canonicalLimbs), "\(C.name) affine [a]G against double-and-add")
}

@Suite("G1 and G2 group arithmetic")
struct CurveTests {
    @Test func generatorsAreOnTheCurves() {
        #expect(G1Curve.generator.isOnCurve && G2Curve.generator.isOnCurve)
        #expect(G2Curve.b * Fq2.xi == Fq2(Fq(3), .zero))
        #expect(!G1Affine(x: Fq(1), y: Fq(3)).isOnCurve)
    }

    @Test func g1JacobianGroupLaw() { checkJacobianGroupLaw(G1Curve.self, count: 40, seed: 1) }
    @Test func g2JacobianGroupLaw() { checkJacobianGroupLaw(G2Curve.self, count: 20, seed: 2) }
    @Test func g1XYZZGroupLaw() { checkXYZZGroupLaw(G1Curve.self, count: 40, seed: 3) }
    @Test func g2XYZZGroupLaw() { checkXYZZGroupLaw(G2Curve.self, count: 20, seed: 4) }
    @Test func g1BatchToAffine() { checkBatchToAffine(G1Curve.self, seed: 5) }
    @Test func g2BatchToAffine() { checkBatchToAffine(G2Curve.self, seed: 6) }
    @Test func g1ScalarMultiplication() { checkScalarMultiplication(G1Curve.self, randomCount: 40, seed: 7) }
    @Test func g2ScalarMultiplication() { checkScalarMultiplication(G2Curve.self, randomCount: 20, seed: 8) }

    /// [2]G1 from EIP-196 test data (go-ethereum's chfast1 doubles the generator too).
    @Test func g1KnownMultiple() throws {
        let twoG = G1Curve.generator.multiplied(by: Fr(2)).affine
        #expect(twoG.x == (try Fq("1368015179489954701390400359078579693043519447331113978918064868415326638035")))
        #expect(twoG.y == (try Fq("9918110051302171585080402603319702774565515993150576347155970296011118125764")))
    }
}
