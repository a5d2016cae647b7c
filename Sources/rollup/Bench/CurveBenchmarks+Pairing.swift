import BN254

extension CurveBenchmarks {
    /// `pairing` (one full pairing), `pairing_check.4` (a verifier-shaped check of four pairs),
    /// and its two halves on one pair.
    static func registerPairing(in suite: inout BenchmarkSuite) {
        let p = G1Curve.generator, q = G2Curve.generator
        let prepared = G2Prepared(q)
        suite.add("pairing", iterations: 200) { n in
            var result = Fq12.one
            for _ in 0..<n { result = pairing(p, q) }
            blackHole(result)
        }
        suite.add("pairing_check.4", iterations: 100) { n in
            var accepted = false
            for _ in 0..<n { accepted = pairingCheck([(p, q), (-p, q), (p, q), (-p, q)]) }
            blackHole(accepted)
        }
        suite.add("pairing.g2_prepare", iterations: 500) { n in
            for _ in 0..<n { blackHole(G2Prepared(q)) }
        }
        suite.add("pairing.miller_loop", iterations: 300) { n in
            var result = Fq12.one
            for _ in 0..<n { result = multiMillerLoop([(p, prepared)]) }
            blackHole(result)
        }
        let f = multiMillerLoop([(p, prepared)])
        suite.add("pairing.final_exp", iterations: 300) { n in
            var result = f
            for _ in 0..<n { result = result.finalExponentiation() }
            blackHole(result)
        }
    }
}
