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

/// Scalars shaped like a circuit witness: mostly 0 and 1, then small values below 2^16, small
/// negatives r − k, magnitudes of every length, and full-size values.
private func witnessLikeScalars(count: Int, generator: inout InsecureSeededGenerator) -> [Fr] {
    (0..<count).map { _ in
        switch UInt64.random(in: 0..<100, using: &generator) {
        case 0..<40: return .zero
        case 40..<65: return .one
        case 65..<67: return -Fr.one
        case 67..<82: return Fr(UInt64.random(in: 2..<(1 << 16), using: &generator))
        case 82..<87: return -Fr(UInt64.random(in: 2..<(1 << 16), using: &generator))
        case 87..<92:
            let bits = Int.random(in: 17...253, using: &generator)
            return Fr(2).power(UInt64(bits - 1)) + Fr(UInt64.random(in: 0..<(1 << 16), using: &generator))
        default: return .random(using: &generator)
        }
    }
}

@Suite("Multi-scalar multiplication of witness-like scalars")
struct WitnessMSMTests {
    @Test(arguments: [0, 1, 2, 3, 5, 64, 1000, 5000])
    func g1WitnessLikeMatchesNaiveSum(size: Int) {
        var generator = InsecureSeededGenerator(seed: TestSeed.seed(UInt64(400 + size)))
        let points = samplePoints(G1Curve.self, count: size, generator: &generator)
        let scalars = witnessLikeScalars(count: size, generator: &generator)
        let expected = naiveSum(points, scalars)
        for threads in [1, 2, 3] {
            #expect(multiScalarMultiply(points: points, scalars: scalars, threads: threads) == expected,
                    "G1 MSM of \(size) witness-like scalars with \(threads) threads, \(TestSeed.note)")
        }
    }

    @Test(arguments: [0, 1, 2, 3, 64, 600])
    func g2WitnessLikeMatchesNaiveSum(size: Int) {
        var generator = InsecureSeededGenerator(seed: TestSeed.seed(UInt64(500 + size)))
        let points = samplePoints(G2Curve.self, count: size, generator: &generator)
        let scalars = witnessLikeScalars(count: size, generator: &generator)
        let expected = naiveSum(points, scalars)
        for threads in [1, 2] {
            #expect(multiScalarMultiply(points: points, scalars: scalars, threads: threads) == expected,
                    "G2 MSM of \(size) witness-like scalars with \(threads) threads, \(TestSeed.note)")
        }
    }

    /// One uniform scalar class at a time: all zero, all one, all r − 1, all small, all 2^k.
    @Test(arguments: [1, 2, 3, 257])
    func uniformClasses(size: Int) {
        var generator = InsecureSeededGenerator(seed: TestSeed.seed(UInt64(600 + size)))
        let points = samplePoints(G1Curve.self, count: size, generator: &generator)
        let g2Points = samplePoints(G2Curve.self, count: size, generator: &generator)
        let classes: [[Fr]] = [
            [Fr](repeating: .zero, count: size), [Fr](repeating: .one, count: size), [Fr](repeating: -Fr.one, count: size),
            (0..<size).map { _ in Fr(UInt64.random(in: 2..<(1 << 16), using: &generator)) },
            (0..<size).map { _ in -Fr(UInt64.random(in: 2..<(1 << 16), using: &generator)) },
            (0..<size).map { i in Fr(2).power(UInt64(i % 254)) },
        ]
        for scalars in classes {
            for threads in [1, 2] {
                #expect(multiScalarMultiply(points: points, scalars: scalars, threads: threads) == naiveSum(points, scalars),
                        "G1, \(size) points, first scalar \(scalars[0]), \(threads) threads, \(TestSeed.note)")
                #expect(multiScalarMultiply(points: g2Points, scalars: scalars, threads: threads) == naiveSum(g2Points, scalars),
                        "G2, \(size) points, first scalar \(scalars[0]), \(threads) threads, \(TestSeed.note)")
            }
        }
    }

    /// Magnitudes of every bit length 1…254, around each power of two and near r/2, so that every
    /// grouping of lengths and the negation boundary are crossed.
    @Test func everyBitLength() {
        var generator = InsecureSeededGenerator(seed: TestSeed.seed(700))
        var scalars: [Fr] = []
        for k in 0..<254 {
            let power = Fr(2).power(UInt64(k))
            scalars += [power, power - .one, power + .one, -power]
        }
        let half = Fr(2).inverse()!  // (r + 1)/2
        scalars += [half, half - .one, half + .one, half + Fr(2)]
        let points = samplePoints(G1Curve.self, count: scalars.count, generator: &generator)
        let expected = naiveSum(points, scalars)
        for threads in [1, 2, 3] {
            #expect(multiScalarMultiply(points: points, scalars: scalars, threads: threads) == expected,
                    "\(threads) threads, \(TestSeed.note)")
        }
    }

    /// The same point many times with 1, −1 and small scalars: buckets meet P = Q (doubling) and
    /// P = −Q (infinity); points at infinity with every class of scalar contribute nothing.
    @Test func duplicatedPointsAndInfinities() {
        var generator = InsecureSeededGenerator(seed: TestSeed.seed(800))
        let point = samplePoints(G1Curve.self, count: 2, generator: &generator)[1]
        let g2Point = samplePoints(G2Curve.self, count: 2, generator: &generator)[1]
        let scalars = witnessLikeScalars(count: 300, generator: &generator) + [.one, -Fr.one, .one, .one, Fr(3), -Fr(3)]
        let points = [G1Affine](repeating: point, count: scalars.count)
        let g2Points = [G2Affine](repeating: g2Point, count: scalars.count)
        for threads in [1, 2] {
            #expect(multiScalarMultiply(points: points, scalars: scalars, threads: threads) == naiveSum(points, scalars),
                    "G1, \(threads) threads, \(TestSeed.note)")
            #expect(multiScalarMultiply(points: g2Points, scalars: scalars, threads: threads) == naiveSum(g2Points, scalars),
                    "G2, \(threads) threads, \(TestSeed.note)")
        }
        // Σ P − Σ P with all the terms in the 1-bit class: O.
        let cancelling = [Fr](repeating: .one, count: 40) + [Fr](repeating: -Fr.one, count: 40)
        #expect(multiScalarMultiply(points: [G1Affine](repeating: point, count: 80), scalars: cancelling, threads: 2).isInfinity)
        let infinities = [G1Affine](repeating: .infinity, count: scalars.count)
        #expect(multiScalarMultiply(points: infinities, scalars: scalars, threads: 2).isInfinity)
    }
}
