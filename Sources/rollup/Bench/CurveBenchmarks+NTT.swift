import BN254

extension CurveBenchmarks {
    /// NTT entries: ns per whole transform, in place on one buffer (domains and twiddle tables
    /// are built before timing, as a prover reuses them).
    static func registerNTT(in suite: inout BenchmarkSuite, threads: Int) {
        var generator = InsecureSeededGenerator(seed: 42)  // benchmark operands only
        let small = EvaluationDomain(log2Size: 16), large = EvaluationDomain(log2Size: 20)
        let smallInput = (0..<small.size).map { _ in Fr.random(using: &generator) }
        let largeInput = (0..<large.size).map { _ in Fr.random(using: &generator) }

        suite.add("ntt.2^16", iterations: 40) { n in
            var values = smallInput
            for _ in 0..<n { small.forward(&values, threads: threads) }
            blackHole(values[0])
        }
        suite.add("ntt.2^20", iterations: 3) { n in
            var values = largeInput
            for _ in 0..<n { large.forward(&values, threads: threads) }
            blackHole(values[0])
        }
        suite.add("intt.2^16", iterations: 40) { n in
            var values = smallInput
            for _ in 0..<n { small.inverse(&values, threads: threads) }
            blackHole(values[0])
        }
        let shift = small.oddCosetShift
        suite.add("coset_ntt.2^16", iterations: 40) { n in
            var values = smallInput
            for _ in 0..<n { small.cosetForward(&values, shift: shift, threads: threads) }
            blackHole(values[0])
        }
    }
}
