import BigInteger
import Foundation
import Testing

import BN254

private func fq2(_ pair: [String]) throws -> Fq2 { Fq2(try Fq(pair[0]), try Fq(pair[1])) }

@Suite("Pairing")
struct PairingTests {
    @Test func finalExponentiationMatchesDefinition() {
        var generator = InsecureSeededGenerator(seed: TestSeed.seed(31))
        for _ in 0..<12 {
            let f = Fq12.random(using: &generator)
            #expect(f.finalExponentiation() == f.finalExponentiationByDefinition(), "\(TestSeed.note)")
        }
    }

    /// snarkjs's `vk_alphabeta_12` is e(α, β) as ffjavascript computes it.
    @Test func alphaBetaMatchesSnarkjs() throws {
        let url = VectorSupport.url("snarkjs/ark-circom-groth16/verification_key.json")
        let key = try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as! [String: Any]
        let alpha = key["vk_alpha_1"] as! [String]
        let beta = key["vk_beta_2"] as! [[String]]
        let expected = key["vk_alphabeta_12"] as! [[[String]]]
        let p = try G1Affine(snarkjsJSON: alpha)
        let q = try G2Affine(snarkjsJSON: beta)
        let want = Fq12(
            Fq6(try fq2(expected[0][0]), try fq2(expected[0][1]), try fq2(expected[0][2])),
            Fq6(try fq2(expected[1][0]), try fq2(expected[1][1]), try fq2(expected[1][2])))
        #expect(pairing(p, q) == want)
    }

    @Test func bilinearAndNonDegenerate() {
        var generator = InsecureSeededGenerator(seed: TestSeed.seed(34))
        let g1 = G1Curve.generator, g2 = G2Curve.generator
        let e = pairing(g1, g2)
        #expect(!e.isOne)
        #expect(e.power(Fr.modulus).isOne)  // the value lies in μ_r
        for _ in 0..<12 {
            let a = Fr.random(using: &generator), b = Fr.random(using: &generator)
            let p = g1.multiplied(by: a).affine, q = g2.multiplied(by: b).affine
            let expected = e.power((a * b).bigInt)
            #expect(pairing(p, q) == expected, "\(TestSeed.note)")
            #expect(pairing(g1.multiplied(by: a * b).affine, g2) == expected, "\(TestSeed.note)")
            #expect(pairing(g1, g2.multiplied(by: a * b).affine) == expected, "\(TestSeed.note)")
            #expect(pairing(p, q) * pairing(p, g2) == pairing(p, (g2.multiplied(by: b) + JacobianPoint(g2)).affine), "\(TestSeed.note)")
        }
    }

    @Test func identityAndInverses() {
        let g1 = G1Curve.generator, g2 = G2Curve.generator
        #expect(pairing(.infinity, g2).isOne)
        #expect(pairing(g1, .infinity).isOne)
        #expect(pairing(-g1, g2) == pairing(g1, g2).inverse()!)
        #expect(pairingCheck([(g1, g2), (-g1, g2)]))
        #expect(!pairingCheck([(g1, g2), (g1, g2)]))
        #expect(pairingCheck([]))
        let prepared = G2Prepared(g2)
        #expect(multiPairing([(g1, prepared), (g1, prepared)]) == pairing(g1, g2).squared())
    }
}

@Suite("Cyclotomic arithmetic")
struct CyclotomicTests {
    @Test func cyclotomicSquareMatchesSquare() {
        var generator = InsecureSeededGenerator(seed: TestSeed.seed(32))
        for _ in 0..<20 {
            var f = Fq12.random(using: &generator)
            f = f.conjugate() * f.inverse()!  // the easy part puts f in the cyclotomic subgroup
            f = f.frobenius(2) * f
            #expect(f.cyclotomicSquared() == f.squared())
        }
    }

    @Test func halving() {
        var generator = InsecureSeededGenerator(seed: TestSeed.seed(33))
        for _ in 0..<100 {
            let a = Fq.random(using: &generator), b = Fr.random(using: &generator)
            #expect(a.halved().doubled() == a && b.halved().doubled() == b)
        }
        #expect(Fq.one.halved() * Fq(2) == .one && Fr.zero.halved().isZero)
    }
}
