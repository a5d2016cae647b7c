import BN254

extension CurveBenchmarks {
    /// `msm.g1.2^16`, `msm.g1.2^18`, `msm.g2.2^16`: one whole MSM with random full-size scalars.
    static func registerMSM(in suite: inout BenchmarkSuite, threads: Int) {
        var generator = InsecureSeededGenerator(seed: 7)  // benchmark inputs only
        let g1Bases = basePoints(G1Curve.self, count: 1 << 18, generator: &generator)
        let g2Bases = basePoints(G2Curve.self, count: 1 << 16, generator: &generator)
        let scalars = (0..<(1 << 18)).map { _ in Fr.random(using: &generator) }
        for (log2, iterations) in [(16, 3), (18, 1)] {
            let points = Array(g1Bases.prefix(1 << log2)), values = Array(scalars.prefix(1 << log2))
            suite.add("msm.g1.2^\(log2)", iterations: iterations) { n in
                for _ in 0..<n { blackHole(multiScalarMultiply(points: points, scalars: values, threads: threads)) }
            }
        }
        let g2Scalars = Array(scalars.prefix(1 << 16))
        suite.add("msm.g2.2^16", iterations: 1) { n in
            for _ in 0..<n { blackHole(multiScalarMultiply(points: g2Bases, scalars: g2Scalars, threads: threads)) }
        }
    }

    /// `count` distinct points: consecutive multiples k·P of a random P, cheap to generate.
    private static func basePoints<C: ShortWeierstrassCurve>(
        _: C.Type, count: Int, generator: inout InsecureSeededGenerator
    ) -> [AffinePoint<C>] {
        let step = C.generator.multiplied(by: Fr.random(using: &generator)).affine
        var points: [JacobianPoint<C>] = []
        points.reserveCapacity(count)
        var current = JacobianPoint(step)
        for _ in 0..<count {
            points.append(current)
            current = current.adding(step)
        }
        return JacobianPoint.batchToAffine(points)
    }
}
