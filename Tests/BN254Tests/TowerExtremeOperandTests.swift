import BigInteger
import Testing

import BN254

/// F_q elements whose Montgomery limbs are extreme: where the lazy reduction's carries and final subtractions matter.
private let extremeFq: [Fq] = {
    let q = Fq.modulus
    let one = BigInt(1)
    let values: [BigInt] = [
        0, 1, 2, q - 1, q - 2, q - 3, (q - 1) >> 1, (q + 1) >> 1,
        Fq.one.montgomeryLimbs.bigInt, Fq.montgomeryR2Limbs.bigInt,  // R mod q (the limbs of 1) and R² mod q
        (one << 64) - 1, one << 64, (one << 128) - 1, (one << 192) - 1, one << 253, (one << 253) - 1,
        ((one << 256) - 1).modulo(q), BigInt(limbs: [UInt64](repeating: 0xAAAA_AAAA_AAAA_AAAA, count: 4)).modulo(q),
    ]
    return values.map { Fq(montgomeryLimbs: limbs($0)) }
}()

/// Every pair of extreme F_q values as an F_q2 element (324 of them).
private let extremeFq2: [Fq2] = extremeFq.flatMap { c0 in extremeFq.map { c1 in Fq2(c0, c1) } }

/// F_q6 elements whose three coefficients run through the extreme F_q2 values at different strides.
private let extremeFq6: [Fq6] = extremeFq2.indices.map { k in
    let n = extremeFq2.count
    return Fq6(extremeFq2[k], extremeFq2[(7 * k + 3) % n], extremeFq2[(13 * k + 5) % n])
}

/// F_q12 elements made of two extreme F_q6 values.
private let extremeFq12: [Fq12] = extremeFq6.indices.map { k in Fq12(extremeFq6[k], extremeFq6[(5 * k + 1) % extremeFq6.count]) }

extension Limbs {
    /// The limbs as an integer (Montgomery limbs read as a plain number).
    fileprivate var bigInt: BigInt { BigInt(limbs: words) }
}

/// Reference twin of the F_q6 product: schoolbook multiplication in v over F_q2, reduced with v³ = ξ.
private func naiveFq6Product(_ a: Fq6, _ b: Fq6) -> Fq6 {
    let f = [a.c0, a.c1, a.c2], g = [b.c0, b.c1, b.c2]
    var product = [Fq2](repeating: .zero, count: 5)
    for i in 0..<3 { for j in 0..<3 { product[i + j] += f[i] * g[j] } }
    return Fq6(product[0] + product[3] * Fq2.xi, product[1] + product[4] * Fq2.xi, product[2])
}

/// Reference twin of the F_q12 product: schoolbook in w over F_q6, reduced with w² = v.
private func naiveFq12Product(_ a: Fq12, _ b: Fq12) -> Fq12 {
    let v = Fq6(.zero, .one, .zero)
    return Fq12(naiveFq6Product(a.c0, b.c0) + naiveFq6Product(naiveFq6Product(a.c1, b.c1), v),
                naiveFq6Product(a.c0, b.c1) + naiveFq6Product(a.c1, b.c0))
}

/// The tower products on all pairs of extreme operands (issue 15): the lazy F_q2 product against integer complex
/// arithmetic, F_q6 and F_q12 against schoolbook twins built on the checked F_q2 product.
@Suite("Extension towers at extreme operands")
struct TowerExtremeOperandTests {
    @Test func extremeOperandsAreCanonical() {
        #expect(extremeFq.allSatisfy { $0.montgomeryLimbs.isLess(than: Fq.modulusLimbs) })
        #expect(Set(extremeFq.map(\.montgomeryLimbs.bigInt)).count == extremeFq.count)
    }

    @Test func lazyFq2ProductOnAllPairs() {
        let q = Fq.modulus
        var failures = 0
        for a in extremeFq2 {
            let (a0, a1) = (a.c0.bigInt, a.c1.bigInt)
            #expect(a.squared() == a * a)
            for b in extremeFq2 {
                let (b0, b1) = (b.c0.bigInt, b.c1.bigInt)
                let product = a * b
                if product.c0.bigInt != (a0 * b0 - a1 * b1).modulo(q) || product.c1.bigInt != (a0 * b1 + a1 * b0).modulo(q)
                    || !product.c0.montgomeryLimbs.isLess(than: Fq.modulusLimbs) || !product.c1.montgomeryLimbs.isLess(than: Fq.modulusLimbs) {
                    failures += 1
                    if failures <= 5 { Issue.record("(\(a)) * (\(b)) = \(product)") }
                }
            }
        }
        #expect(failures == 0)
    }

    @Test func fq6ProductOnAllPairs() {
        var failures = 0
        for a in extremeFq6 {
            if a.squared() != naiveFq6Product(a, a) { failures += 1 }
            for b in extremeFq6 where a * b != naiveFq6Product(a, b) {
                failures += 1
                if failures <= 5 { Issue.record("(\(a)) * (\(b))") }
            }
        }
        #expect(failures == 0)
    }

    @Test func fq12ProductOnAllPairs() {
        var failures = 0
        for a in extremeFq12 {
            if a.squared() != naiveFq12Product(a, a) { failures += 1 }
            for b in extremeFq12 where a * b != naiveFq12Product(a, b) {
                failures += 1
                if failures <= 5 { Issue.record("(\(a)) * (\(b))") }
            }
        }
        #expect(failures == 0)
    }
}
