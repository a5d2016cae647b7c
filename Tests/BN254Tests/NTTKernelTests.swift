import CBN254Kernel
import Testing

import BN254

/// The lazy-reduction butterflies of bn254_ntt.h against the same butterflies in `Fr`, on inputs
/// given by non-canonical representatives (x and x + r, so values up to 2r − 1) and on edge values.
@Suite("NTT lazy butterflies")
struct NTTKernelTests {
    private static let modulus = Fr.modulusLimbs
    private static let twiceModulus = bn254_ntt_add(modulus, modulus)

    /// The field element a representative in [0, 4r) stands for.
    private static func value(_ x: Limbs) -> Fr {
        Fr(montgomeryLimbs: bn254_reduce_sum(bn254_reduce_sum(x, twiceModulus), modulus))
    }

    /// v's limbs, or v + r when `lifted`.
    private static func representative(_ v: Fr, lifted: Bool) -> Limbs {
        lifted ? bn254_ntt_add(v.montgomeryLimbs, modulus) : v.montgomeryLimbs
    }

    /// Edge values (0, 1, 2, r − 1, r − 2, ω_4) followed by random ones, count in all.
    private static func operands(_ count: Int, seed: UInt64) -> [Fr] {
        var generator = InsecureSeededGenerator(seed: TestSeed.seed(seed))
        let edges: [Fr] = [.zero, .one, Fr(2), -Fr.one, -Fr(2), Fr.rootOfUnity(log2Order: 2)]
        return (0..<count).map { $0 < edges.count ? edges[$0] : Fr.random(using: &generator) }
    }

    /// Every edge value in every slot of a quad, against every edge representative choice.
    private static func quads(seed: UInt64) -> [[Fr]] {
        let values = operands(64, seed: seed)
        var result: [[Fr]] = []
        for a in 0..<6 { for b in 0..<6 { result.append([values[a], values[b], values[(a + b) % 6], values[5 - a]]) } }
        for i in stride(from: 0, to: values.count - 3, by: 4) { result.append(Array(values[i..<i + 4])) }
        return result
    }

    private static func check(_ out: Limbs, equals expected: Fr, canonical: Bool, _ comment: Comment) {
        let bound = canonical ? modulus : twiceModulus
        #expect(out.isLess(than: bound), comment)
        #expect(value(out) == expected, comment)
    }

    @Test(arguments: [false, true])
    func radix2FirstMatchesField(canonical: Bool) {
        for quad in Self.quads(seed: 700) {
            var x = quad.map(\.montgomeryLimbs)
            x.withUnsafeMutableBufferPointer { bn254_ntt_radix2_first($0.baseAddress, 2, canonical ? 1 : 0) }
            let expected = [quad[0] + quad[1], quad[0] - quad[1], quad[2] + quad[3], quad[2] - quad[3]]
            for i in 0..<4 { Self.check(x[i], equals: expected[i], canonical: canonical, "\(quad), \(i)") }
        }
    }

    @Test(arguments: [false, true])
    func radix4FirstMatchesField(canonical: Bool) {
        let omega4 = Fr.rootOfUnity(log2Order: 2)
        for quad in Self.quads(seed: 701) {
            var x = quad.map(\.montgomeryLimbs)
            x.withUnsafeMutableBufferPointer { bn254_ntt_radix4_first($0.baseAddress, 1, omega4.montgomeryLimbs, canonical ? 1 : 0) }
            let a0 = quad[0] + quad[1], a1 = quad[0] - quad[1], a2 = quad[2] + quad[3], a3 = (quad[2] - quad[3]) * omega4
            let expected = [a0 + a2, a1 + a3, a0 - a2, a1 - a3]
            for i in 0..<4 { Self.check(x[i], equals: expected[i], canonical: canonical, "\(quad), \(i)") }
        }
    }

    @Test(arguments: [false, true])
    func radix2MatchesField(canonical: Bool) {
        let quads = Self.quads(seed: 702)
        let twiddles = Self.operands(quads.count, seed: 703)
        for (index, quad) in quads.enumerated() {
            // Pairs (q0, q2) and (q1, q3), half = 2, with representatives alternately lifted.
            var x = quad.enumerated().map { Self.representative($1, lifted: ($0 + index) & 1 == 1) }
            let w = [twiddles[index], twiddles[(index + 1) % twiddles.count]]
            let wLimbs = w.map(\.montgomeryLimbs)
            x.withUnsafeMutableBufferPointer { xs in
                wLimbs.withUnsafeBufferPointer { bn254_ntt_radix2(xs.baseAddress, 2, $0.baseAddress, 2, canonical ? 1 : 0) }
            }
            let expected = [quad[0] + w[0] * quad[2], quad[1] + w[1] * quad[3], quad[0] - w[0] * quad[2], quad[1] - w[1] * quad[3]]
            for i in 0..<4 { Self.check(x[i], equals: expected[i], canonical: canonical, "\(quad), \(w), \(i)") }
        }
    }

    @Test(arguments: [false, true])
    func radix4MatchesField(canonical: Bool) {
        let quads = Self.quads(seed: 704)
        let twiddles = Self.operands(3 * quads.count, seed: 705)
        for (index, quad) in quads.enumerated() {
            for lifted in [0, 0xF, index & 0xF] {
                var x = quad.enumerated().map { Self.representative($1, lifted: lifted >> $0 & 1 == 1) }
                let w = (0..<3).map { twiddles[(3 * index + $0 * 7) % twiddles.count] }
                let wLimbs = w.map(\.montgomeryLimbs)
                x.withUnsafeMutableBufferPointer { xs in
                    wLimbs.withUnsafeBufferPointer { t in
                        let base = t.baseAddress!
                        bn254_ntt_radix4(xs.baseAddress, 1, base, base + 1, base + 2, 1, canonical ? 1 : 0)
                    }
                }
                let a0 = quad[0] + w[0] * quad[1], a1 = quad[0] - w[0] * quad[1]
                let a2 = w[1] * (quad[2] + w[0] * quad[3]), a3 = w[2] * (quad[2] - w[0] * quad[3])
                let expected = [a0 + a2, a1 + a3, a0 - a2, a1 - a3]
                for i in 0..<4 { Self.check(x[i], equals: expected[i], canonical: canonical, "\(quad), \(w), lifted \(lifted), \(i)") }
            }
        }
    }

    /// The largest operand the products see, 4r − 1 (a difference or sum before settling; the
    /// kernels keep them below 4r), times the largest twiddle r − 1.
    @Test func twistAcceptsOperandsBelowFourR() {
        let fourR = bn254_ntt_add(Self.twiceModulus, Self.twiceModulus)
        let largest = Limbs(l0: fourR.l0 - 1, l1: fourR.l1, l2: fourR.l2, l3: fourR.l3)  // fourR.l0 > 0
        let value = Self.value(largest)
        for w in Self.operands(40, seed: 706) {
            let product = bn254_ntt_twist(largest, w.montgomeryLimbs)
            #expect(product.isLess(than: Self.modulus))
            #expect(Fr(montgomeryLimbs: product) == value * w, "w = \(w)")
        }
    }
}
