import BigInteger
import Testing

import BN254

/// Random points of the twist E'(F_q2) from random x (y by the F_q2 square root), almost all
/// outside G2 since nothing clears the cofactor.
func randomTwistPoints(count: Int, seed: UInt64) -> [G2Affine] {
    var generator = InsecureSeededGenerator(seed: TestSeed.seed(seed))
    var points: [G2Affine] = []
    while points.count < count {
        let x = Fq2.random(using: &generator)
        if let y = (x.squared() * x + G2Curve.b).squareRoot() { points.append(G2Affine(x: x, y: y)) }
    }
    return points
}

@Suite("Subgroup checks and the F_q2 square root")
struct SubgroupTests {
    /// The cofactor of G2 in E'(F_q2): #E'(F_q2) = r·(2q − r).
    static let g2Cofactor = Fq.modulus * 2 - Fr.modulus

    @Test func fq2SquareRoot() {
        var generator = InsecureSeededGenerator(seed: TestSeed.seed(11))
        var nonSquares = 0
        for _ in 0..<200 {
            let a = Fq2.random(using: &generator)
            #expect(a.squared().squareRoot().map { $0.squared() == a.squared() } == true, "sqrt of \(a)²")
            if let root = a.squareRoot() {
                #expect(root.squared() == a)
            } else {
                nonSquares += 1
                // a is a non-square exactly when its norm is a non-square in F_q.
                #expect(a.norm.legendre() == -1, "no sqrt for square \(a)")
            }
        }
        #expect(nonSquares > 50 && nonSquares < 150)
        #expect(Fq2.zero.squareRoot() == .zero)
        #expect(Fq2(-Fq.one, .zero).squareRoot().map { $0.squared() } == Fq2(-Fq.one, .zero))
        #expect(Fq2(Fq(0), Fq(5)).squareRoot().map { $0.squared() } == Fq2(Fq(0), Fq(5)))
    }

    @Test func psiActsAsQModR() {
        let g = G2Jacobian(G2Curve.generator)
        let qModR = Fq.modulus.modulo(Fr.modulus)
        #expect(qModR == BigInt(6) * BigInt(4965661367192848881) * BigInt(4965661367192848881))
        #expect(g.psi() == g.multiplied(by: limbs(qModR)))
        #expect(g.psi().isOnCurve && G2Jacobian.infinity.psi().isInfinity)
    }

    @Test func g2SubgroupCheckAcceptsG2() {
        let g = G2Curve.generator
        #expect(g.isInSubgroup && g.isInSubgroupByOrder && G2Affine.infinity.isInSubgroup)
        for point in randomPoints(G2Curve.self, count: 10, seed: 12) {
            #expect(point.affine.isInSubgroup && point.affine.isInSubgroupByOrder)
        }
    }

    /// The ψ-based check agrees with [r]P = O on random twist points, which are outside G2, and
    /// on the same points with the cofactor cleared, which are inside.
    @Test func g2SubgroupCheckAgreesWithOrderCheck() {
        let cofactor = limbs(Self.g2Cofactor)
        for (index, point) in randomTwistPoints(count: 30, seed: 13).enumerated() {
            #expect(point.isOnCurve)
            #expect(!point.isInSubgroupByOrder, "twist point #\(index) unexpectedly in G2")
            #expect(point.isInSubgroup == point.isInSubgroupByOrder, "ψ check disagrees on twist point #\(index)")
            let cleared = point.multiplied(by: cofactor).affine
            #expect(cleared.isInSubgroupByOrder, "[h]P #\(index) not in G2")
            #expect(cleared.isInSubgroup == cleared.isInSubgroupByOrder, "ψ check disagrees on [h]P #\(index)")
            let mixed = (G2Jacobian(cleared) + G2Jacobian(point)).affine
            #expect(!mixed.isInSubgroup && !mixed.isInSubgroupByOrder, "G2 point + non-G2 point #\(index)")
        }
    }

    @Test func offCurvePointsAreNotInSubgroups() {
        #expect(!G1Affine(x: Fq(1), y: Fq(3)).isInSubgroup)
        #expect(!G2Affine(x: Fq2.one, y: Fq2.one).isInSubgroup)
        #expect(!G2Affine(x: Fq2.one, y: Fq2.one).isInSubgroupByOrder)
    }

    @Test func g1PointsOnTheCurveAreInG1() {
        var generator = InsecureSeededGenerator(seed: TestSeed.seed(14))
        var checked = 0
        while checked < 10 {
            let x = Fq.random(using: &generator)
            guard let y = (x.squared() * x + Fq(3)).squareRoot() else { continue }
            let point = G1Affine(x: x, y: y)
            #expect(point.isInSubgroup && point.isInSubgroupByOrder)
            checked += 1
        }
    }
}
