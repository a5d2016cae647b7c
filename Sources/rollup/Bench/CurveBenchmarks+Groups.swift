import BN254

extension CurveBenchmarks {
    /// G1/G2 group operations: latency of dependent chains, plus scalar multiplication against
    /// its double-and-add twin in the same run.
    static func registerGroups(in suite: inout BenchmarkSuite) {
        var generator = InsecureSeededGenerator(seed: 43)  // benchmark operands only
        let scalars = (0..<64).map { _ in Fr.random(using: &generator) }
        let g1a = G1Curve.generator.multiplied(by: Fr.random(using: &generator))
        let g1b = G1Curve.generator.multiplied(by: Fr.random(using: &generator))
        let g2a = G2Curve.generator.multiplied(by: Fr.random(using: &generator))
        let g2b = G2Curve.generator.multiplied(by: Fr.random(using: &generator))
        let g1bAffine = g1b.affine, g2bAffine = g2b.affine

        suite.add("g1.add", iterations: 500_000) { n in
            var x = g1a
            for _ in 0..<n { x = x + g1b }
            blackHole(x)
        }
        suite.add("g1.add_mixed", iterations: 500_000) { n in
            var x = g1a
            for _ in 0..<n { x = x.adding(g1bAffine) }
            blackHole(x)
        }
        suite.add("g1.double", iterations: 1_000_000) { n in
            var x = g1a
            for _ in 0..<n { x = x.doubled() }
            blackHole(x)
        }
        suite.add("g1.xyzz_add_mixed", iterations: 500_000) { n in
            var x = XYZZPoint(g1a)
            for _ in 0..<n { x = x.adding(g1bAffine) }
            blackHole(x)
        }
        suite.add("g1.scalar_mul", iterations: 5_000) { n in
            var x = g1a
            for i in 0..<n { x = x.multiplied(by: scalars[i & 63]) }
            blackHole(x)
        }
        suite.add("g1.scalar_mul_naive", iterations: 2_000) { n in
            var x = g1a
            for i in 0..<n { x = x.multipliedNaive(by: scalars[i & 63].canonicalLimbs) }
            blackHole(x)
        }
        let batch = (0..<1024).map { i in g1a.multiplied(by: Fr(UInt64(i + 1))) }
        suite.add("g1.batch_to_affine", iterations: 1024 * 20) { n in
            var last = G1Affine.infinity
            for _ in 0..<max(1, n / batch.count) { last = G1Jacobian.batchToAffine(batch)[1023] }
            blackHole(last)
        }
        suite.add("g2.add", iterations: 200_000) { n in
            var x = g2a
            for _ in 0..<n { x = x + g2b }
            blackHole(x)
        }
        suite.add("g2.add_mixed", iterations: 200_000) { n in
            var x = g2a
            for _ in 0..<n { x = x.adding(g2bAffine) }
            blackHole(x)
        }
        suite.add("g2.double", iterations: 500_000) { n in
            var x = g2a
            for _ in 0..<n { x = x.doubled() }
            blackHole(x)
        }
        suite.add("g2.scalar_mul", iterations: 2_000) { n in
            var x = g2a
            for i in 0..<n { x = x.multiplied(by: scalars[i & 63]) }
            blackHole(x)
        }
        let g2Affine = g2a.affine
        suite.add("g2.subgroup_check", iterations: 2_000) { n in
            var accepted = 0
            for _ in 0..<n where g2Affine.isInSubgroup { accepted += 1 }
            blackHole(accepted)
        }
    }
}
