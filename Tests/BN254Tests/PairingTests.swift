import BigInteger
import Foundation
import Testing

import BN254

/// The repository's `Vectors/` folder, found from this file's path.
let vectorsDirectory = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("Vectors")

private func fq2(_ pair: [String]) throws -> Fq2 { Fq2(try Fq(pair[0]), try Fq(pair[1])) }

@Suite("Pairing")
struct PairingTests {
    @Test func finalExponentiationMatchesDefinition() {
        var generator = InsecureSeededGenerator(seed: 31)
        for _ in 0..<2 {
            let f = Fq12.random(using: &generator)
            #expect(f.finalExponentiation() == f.finalExponentiationByDefinition())
        }
    }

    @Test func alphaBetaMatchesSnarkjs() throws {
        let url = vectorsDirectory.appendingPathComponent("snarkjs/ark-circom-groth16/verification_key.json")
        let key = try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as! [String: Any]
        let alpha = key["vk_alpha_1"] as! [String]
        let beta = key["vk_beta_2"] as! [[String]]
        let expected = key["vk_alphabeta_12"] as! [[[String]]]
        let p = G1Affine(x: try Fq(alpha[0]), y: try Fq(alpha[1]))
        let q = G2Affine(x: try fq2(beta[0]), y: try fq2(beta[1]))
        let e = pairing(p, q)
        let want = Fq12(
            Fq6(try fq2(expected[0][0]), try fq2(expected[0][1]), try fq2(expected[0][2])),
            Fq6(try fq2(expected[1][0]), try fq2(expected[1][1]), try fq2(expected[1][2])))
        #expect(e == want)
    }
}

/// Affine double-and-add with one inversion per step: slow, obviously correct, for tests only.
func naiveAffineAdd<C>(_ a: AffinePoint<C>, _ b: AffinePoint<C>) -> AffinePoint<C> {
    if a.isInfinity { return b }
    if b.isInfinity { return a }
    let lambda: C.Field
    if a.x == b.x {
        if a.y != b.y || a.y.isZero { return .infinity }
        let x2 = a.x.squared()
        lambda = (x2.doubled() + x2) * a.y.doubled().inverse()!
    } else {
        lambda = (b.y - a.y) * (b.x - a.x).inverse()!
    }
    let x = lambda.squared() - a.x - b.x
    return AffinePoint(x: x, y: lambda * (a.x - x) - a.y)
}

func naiveAffineMultiply<C>(_ point: AffinePoint<C>, _ scalar: BigInt) -> AffinePoint<C> {
    var result = AffinePoint<C>.infinity
    for bit in stride(from: scalar.bitWidth - 1, through: 0, by: -1) {
        result = naiveAffineAdd(result, result)
        if scalar.bit(bit) { result = naiveAffineAdd(result, point) }
    }
    return result
}

@Suite("Pairing bilinearity (naive scalar multiplication)")
struct PairingBilinearityScratch {
    @Test func bilinear() {
        let p = G1Curve.generator, q = G2Curve.generator
        #expect(p.isOnCurve && q.isOnCurve)
        let e = pairing(p, q)
        #expect(!e.isOne)
        #expect(pairing(naiveAffineAdd(p, p), q) == e.squared())
        #expect(pairing(p, naiveAffineAdd(q, q)) == e.squared())
        #expect(e.power(Fr.modulus).isOne)
        #expect(naiveAffineMultiply(q, Fr.modulus).isInfinity)
    }
}

@Suite("Cyclotomic arithmetic")
struct CyclotomicTests {
    @Test func cyclotomicSquareMatchesSquare() {
        var generator = InsecureSeededGenerator(seed: 32)
        for _ in 0..<20 {
            var f = Fq12.random(using: &generator)
            f = f.conjugate() * f.inverse()!  // the easy part puts f in the cyclotomic subgroup
            f = f.frobenius(2) * f
            #expect(f.cyclotomicSquared() == f.squared())
        }
    }

    @Test func halving() {
        var generator = InsecureSeededGenerator(seed: 33)
        for _ in 0..<100 {
            let a = Fq.random(using: &generator), b = Fr.random(using: &generator)
            #expect(a.halved().doubled() == a && b.halved().doubled() == b)
        }
        #expect(Fq.one.halved() * Fq(2) == .one && Fr.zero.halved().isZero)
    }
}
