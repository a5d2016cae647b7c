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
            let g = CyclotomicTests.cyclotomicElement(using: &generator)
            #expect(g.cyclotomicSquared() == g.squared() && g.conjugate().cyclotomicSquared() == g.squared().conjugate())
        }
        #expect(Fq12.one.cyclotomicSquared().isOne)
    }

    /// The BN parameter x, written out here so the test does not read it from the code it checks.
    static let x = BigInt(4_965_661_367_192_848_881 as UInt64)

    /// Elements of the cyclotomic subgroup made by definition: f^((q^6 − 1)(q^2 + 1)).
    static func cyclotomicElement<G: RandomNumberGenerator>(using generator: inout G) -> Fq12 {
        let q = Fq.modulus
        return Fq12.random(using: &generator).power((q.power(6) - 1) * (q.power(2) + 1))
    }

    @Test func powerByXMatchesSquareAndMultiply() {
        var generator = InsecureSeededGenerator(seed: TestSeed.seed(35))
        var inputs: [Fq12] = [.one, pairing(G1Curve.generator, G2Curve.generator)]
        for _ in 0..<6 {
            let f = CyclotomicTests.cyclotomicElement(using: &generator)
            inputs += [f, f.conjugate(), f.cyclotomicSquared()]
        }
        for f in inputs {
            #expect(f.cyclotomicPowerByX() == f.power(CyclotomicTests.x), "\(TestSeed.note)")
            #expect(f.conjugate().cyclotomicPowerByX() == f.cyclotomicPowerByX().conjugate(), "\(TestSeed.note)")
        }
    }

    @Test func finalExponentiationEdgeInputs() {
        var generator = InsecureSeededGenerator(seed: TestSeed.seed(36))
        #expect(Fq12.one.finalExponentiation().isOne)
        #expect(Fq12.zero.finalExponentiation().isZero)  // not a pairing value; defined as 0
        let constant = Fq12(Fq6(Fq2(Fq.random(using: &generator), .zero), .zero, .zero), .zero)
        #expect(constant.finalExponentiation().isOne)  // F_q* is killed by q^6 − 1
        #expect(Fq12(Fq6(.one, .zero, .zero), Fq6(.one, .zero, .zero)).finalExponentiation()
            == Fq12(Fq6(.one, .zero, .zero), Fq6(.one, .zero, .zero)).finalExponentiationByDefinition())
        for _ in 0..<4 {
            let f = Fq12.random(using: &generator)
            let value = f.finalExponentiation()
            #expect(f.conjugate().finalExponentiation() == value.conjugate(), "\(TestSeed.note)")  // (f^(q^6))^e = (f^e)^(q^6)
            #expect(value.power(Fr.modulus).isOne, "\(TestSeed.note)")
            let cyclotomic = CyclotomicTests.cyclotomicElement(using: &generator)
            #expect(cyclotomic.finalExponentiation() == cyclotomic.finalExponentiationByDefinition(), "\(TestSeed.note)")
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
