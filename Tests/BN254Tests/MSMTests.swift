import Testing

import BN254

/// Σ s_i·P_i by double-and-add on each term: the reference twin of the MSM.
private func naiveSum<C>(_ points: [AffinePoint<C>], _ scalars: [Fr]) -> JacobianPoint<C> {
    var sum = JacobianPoint<C>.infinity
    for (point, scalar) in zip(points, scalars) {
        sum += JacobianPoint(point).multipliedNaive(by: scalar.canonicalLimbs)
    }
    return sum
}

/// Random multiples of the generator, with the point at infinity at a few positions.
private func samplePoints<C>(_: C.Type, count: Int, generator: inout InsecureSeededGenerator) -> [AffinePoint<C>] {
    let base = JacobianPoint(C.generator)
    let points = (0..<count).map { i -> JacobianPoint<C> in
        i % 97 == 13 ? .infinity : base.multiplied(by: Fr.random(using: &generator))
    }
    return JacobianPoint.batchToAffine(points)
}

/// Random scalars with the edge values 0, 1 and r − 1 mixed in.
private func sampleScalars(count: Int, generator: inout InsecureSeededGenerator) -> [Fr] {
    (0..<count).map { i in
        switch i % 11 {
        case 3: return .zero
        case 5: return .one
        case 7: return -Fr.one
        default: return .random(using: &generator)
        }
    }
}

@Suite("Multi-scalar multiplication")
struct MSMTests {
    @Test(arguments: [0, 1, 2, 3, 100, 1000, 4096])
    func g1MatchesNaiveSum(size: Int) {
        var generator = InsecureSeededGenerator(seed: TestSeed.seed(UInt64(100 + size)))
        let points = samplePoints(G1Curve.self, count: size, generator: &generator)
        let scalars = sampleScalars(count: size, generator: &generator)
        let expected = naiveSum(points, scalars)
        for threads in [1, 2, 3] {
            #expect(multiScalarMultiply(points: points, scalars: scalars, threads: threads) == expected,
                    "G1 MSM of \(size) points with \(threads) threads")
        }
    }

    @Test(arguments: [0, 1, 2, 3, 100, 1000])
    func g2MatchesNaiveSum(size: Int) {
        var generator = InsecureSeededGenerator(seed: TestSeed.seed(UInt64(200 + size)))
        let points = samplePoints(G2Curve.self, count: size, generator: &generator)
        let scalars = sampleScalars(count: size, generator: &generator)
        let expected = naiveSum(points, scalars)
        for threads in [1, 2] {
            #expect(multiScalarMultiply(points: points, scalars: scalars, threads: threads) == expected,
                    "G2 MSM of \(size) points with \(threads) threads")
        }
    }

    @Test func edgeScalarsOnly() {
        var generator = InsecureSeededGenerator(seed: TestSeed.seed(300))
        let points = samplePoints(G1Curve.self, count: 64, generator: &generator)
        for scalar in [Fr.zero, .one, -Fr.one, Fr(2).power(UInt64(253))] {
            let scalars = [Fr](repeating: scalar, count: 64)
            #expect(multiScalarMultiply(points: points, scalars: scalars, threads: 2) == naiveSum(points, scalars))
        }
        // Σ (r−1)·P + Σ 1·P = O.
        let doubled = points + points
        let scalars = [Fr](repeating: -Fr.one, count: 64) + [Fr](repeating: .one, count: 64)
        #expect(multiScalarMultiply(points: doubled, scalars: scalars, threads: 2).isInfinity)
        // All points at infinity.
        let infinities = [G1Affine](repeating: .infinity, count: 10)
        #expect(multiScalarMultiply(points: infinities, scalars: sampleScalars(count: 10, generator: &generator)).isInfinity)
    }
}
