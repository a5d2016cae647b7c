import BigInteger
import Testing

import BN254

/// Reference twin for F_q12: an element as six F_q2 coefficients g_i of w^i (w^6 = ξ), multiplied
/// by schoolbook polynomial multiplication and reduced with w^6 = ξ.
private func naiveCoefficients(_ x: Fq12) -> [Fq2] {
    [x.c0.c0, x.c1.c0, x.c0.c1, x.c1.c1, x.c0.c2, x.c1.c2]
}

private func naiveProduct(_ a: Fq12, _ b: Fq12) -> [Fq2] {
    let f = naiveCoefficients(a), g = naiveCoefficients(b)
    var product = [Fq2](repeating: .zero, count: 11)
    for i in 0..<6 { for j in 0..<6 { product[i + j] += f[i] * g[j] } }
    var reduced = Array(product[0..<6])
    for k in 6..<11 { reduced[k - 6] += product[k] * Fq2.xi }
    return reduced
}

private func randomFq6(_ generator: inout InsecureSeededGenerator) -> Fq6 {
    Fq6(.random(using: &generator), .random(using: &generator), .random(using: &generator))
}

@Suite("Extension towers")
struct TowerTests {
    @Test func fq2MatchesComplexArithmetic() {
        var generator = InsecureSeededGenerator(seed: TestSeed.seed(21))
        let q = Fq.modulus
        for _ in 0..<300 {
            let a = Fq2.random(using: &generator), b = Fq2.random(using: &generator)
            let (a0, a1, b0, b1) = (a.c0.bigInt, a.c1.bigInt, b.c0.bigInt, b.c1.bigInt)
            let product = a * b
            #expect(product.c0.bigInt == (a0 * b0 - a1 * b1).modulo(q))
            #expect(product.c1.bigInt == (a0 * b1 + a1 * b0).modulo(q))
            #expect(a.squared() == a * a)
            #expect(a * a.inverse()! == .one)
            #expect(a.multipliedByXi() == a * Fq2.xi)
            #expect(a.frobenius(1) == a.power(q))
        }
        #expect(Fq2(.zero, .one).squared() == Fq2(-Fq.one, .zero))  // u² = −1
        #expect(Fq2.zero.inverse() == nil)
    }

    @Test func fq6Axioms() {
        var generator = InsecureSeededGenerator(seed: TestSeed.seed(22))
        for _ in 0..<100 {
            let a = randomFq6(&generator), b = randomFq6(&generator), c = randomFq6(&generator)
            #expect((a * b) * c == a * (b * c))
            #expect(a * b == b * a)
            #expect(a * (b + c) == a * b + a * c)
            #expect(a.squared() == a * a)
            #expect(a * a.inverse()! == .one)
            #expect(a.multipliedByV() == a * Fq6(.zero, .one, .zero))
        }
        let v = Fq6(.zero, .one, .zero)
        #expect(v * v * v == Fq6(.xi, .zero, .zero))  // v³ = ξ
        #expect(Fq6.zero.inverse() == nil)
    }

    @Test func fq12MatchesNaivePolynomialArithmetic() {
        var generator = InsecureSeededGenerator(seed: TestSeed.seed(23))
        for _ in 0..<100 {
            let a = Fq12.random(using: &generator), b = Fq12.random(using: &generator)
            #expect(naiveCoefficients(a * b) == naiveProduct(a, b))
            #expect(a.squared() == a * a)
        }
    }

    @Test func fq12Axioms() {
        var generator = InsecureSeededGenerator(seed: TestSeed.seed(24))
        for _ in 0..<60 {
            let a = Fq12.random(using: &generator), b = Fq12.random(using: &generator)
            let c = Fq12.random(using: &generator)
            #expect((a * b) * c == a * (b * c))
            #expect(a * (b + c) == a * b + a * c)
            #expect(a * a.inverse()! == .one)
            #expect(a.conjugate() == a.frobenius(6))
        }
        let w = Fq12(.zero, .one)
        #expect(w * w == Fq12(Fq6(.zero, .one, .zero), .zero))  // w² = v
        #expect(Fq12.zero.inverse() == nil)
    }

    @Test func frobeniusIsPowerOfQ() {
        var generator = InsecureSeededGenerator(seed: TestSeed.seed(25))
        let q = Fq.modulus
        for _ in 0..<5 {
            let a = Fq12.random(using: &generator)
            let a6 = randomFq6(&generator)
            #expect(a.frobenius(1) == a.power(q))
            #expect(Fq12(a6, .zero).frobenius(1) == Fq12(a6.frobenius(1), .zero))
            var iterated = a
            for k in 1...11 {
                iterated = iterated.frobenius(1)
                #expect(a.frobenius(k) == iterated, "frobenius(\(k))")
            }
            #expect(iterated.frobenius(1) == a)  // x^(q^12) = x
        }
    }
}
