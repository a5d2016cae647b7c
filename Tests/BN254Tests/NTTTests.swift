import Testing

import BN254

/// The polynomial Σ c_i·x^i at x, by Horner's rule.
private func evaluate(_ coefficients: [Fr], at x: Fr) -> Fr {
    coefficients.reversed().reduce(Fr.zero) { $0 * x + $1 }
}

private func randomValues(_ count: Int, seed: UInt64) -> [Fr] {
    var generator = InsecureSeededGenerator(seed: TestSeed.seed(seed))
    return (0..<count).map { _ in Fr.random(using: &generator) }
}

/// Random input plus the edge inputs: all zero, all one, a single 1, all p − 1.
private func inputs(_ n: Int, seed: UInt64) -> [[Fr]] {
    var single = [Fr](repeating: .zero, count: n)
    single[n / 2] = .one
    return [
        randomValues(n, seed: seed),
        [Fr](repeating: .zero, count: n),
        [Fr](repeating: .one, count: n),
        single,
        [Fr](repeating: -Fr.one, count: n),
    ]
}

@Suite("NTT")
struct NTTTests {
    @Test(arguments: Array(0...12))
    func forwardMatchesNaiveDFT(log2Size: Int) {
        let domain = EvaluationDomain(log2Size: log2Size)
        for input in inputs(domain.size, seed: UInt64(log2Size)) {
            let expected = naiveDFT(input, root: domain.generator)
            for threads in [1, 2, 3] {
                var values = input
                domain.forward(&values, threads: threads)
                #expect(values == expected, "n = \(domain.size), threads = \(threads)")
            }
        }
    }

    @Test(arguments: [0, 1, 2, 3, 5, 8, 11])
    func inverseMatchesNaiveDFT(log2Size: Int) {
        let domain = EvaluationDomain(log2Size: log2Size)
        for input in inputs(domain.size, seed: 50 + UInt64(log2Size)) {
            let expected = naiveDFT(input, root: domain.generatorInverse).map { $0 * domain.sizeInverse }
            for threads in [1, 2, 3] {
                var values = input
                domain.inverse(&values, threads: threads)
                #expect(values == expected, "n = \(domain.size), threads = \(threads)")
            }
        }
    }

    /// Sizes past the naive DFT's reach, every entry point against the radix-2 path the radix-4
    /// kernels replaced (a test twin), on random and edge inputs.
    @Test(arguments: [13, 14, 15, 16, 17])
    func matchesRadixTwoReference(log2Size: Int) {
        let domain = EvaluationDomain(log2Size: log2Size)
        let root = domain.generator, shift = domain.oddCosetShift
        for input in inputs(domain.size, seed: 800 + UInt64(log2Size)) {
            var forward = input, inverse = input, coset = input
            RadixTwoReference.forward(&forward, root: root, threads: 2)
            RadixTwoReference.inverse(&inverse, root: root, threads: 2)
            RadixTwoReference.cosetForward(&coset, shift: shift, root: root, threads: 2)
            var reevaluated = inverse
            RadixTwoReference.cosetForward(&reevaluated, shift: shift, root: root, threads: 2)
            for threads in [1, 2, 3] {
                var values = input
                domain.forward(&values, threads: threads)
                #expect(values == forward, "forward, n = \(domain.size), threads = \(threads)")
                values = input
                domain.inverse(&values, threads: threads)
                #expect(values == inverse, "inverse, n = \(domain.size), threads = \(threads)")
                values = input
                domain.cosetForward(&values, shift: shift, threads: threads)
                #expect(values == coset, "coset, n = \(domain.size), threads = \(threads)")
                values = input
                domain.reevaluateOnCoset(&values, shift: shift, threads: threads)
                #expect(values == reevaluated, "reevaluate, n = \(domain.size), threads = \(threads)")
            }
        }
    }

    @Test(arguments: [18, 20])
    func inverseUndoesForwardLarge(log2Size: Int) {
        let domain = EvaluationDomain(log2Size: log2Size)
        let input = randomValues(domain.size, seed: 900 + UInt64(log2Size))
        var values = input
        domain.forward(&values, threads: 2)
        var single = input
        domain.forward(&single, threads: 1)
        #expect(values == single, "n = \(domain.size)")
        domain.inverse(&values, threads: 2)
        #expect(values == input, "n = \(domain.size)")
    }

    @Test(arguments: [0, 1, 2, 3, 6, 10, 13])
    func reevaluateOnCosetIsInverseThenCosetForward(log2Size: Int) {
        let domain = EvaluationDomain(log2Size: log2Size)
        var generator = InsecureSeededGenerator(seed: TestSeed.seed(1000 + UInt64(log2Size)))
        for shift in [domain.oddCosetShift, Fr.random(using: &generator), Fr.one] {
            for input in inputs(domain.size, seed: 1001 + UInt64(log2Size)) {
                var expected = input
                domain.inverse(&expected, threads: 1)
                domain.cosetForward(&expected, shift: shift, threads: 1)
                for threads in [1, 2, 3] {
                    var values = input
                    domain.reevaluateOnCoset(&values, shift: shift, threads: threads)
                    #expect(values == expected, "n = \(domain.size), threads = \(threads)")
                }
            }
        }
    }

    @Test func generatorIsSnarkjsRoot() {
        let domain = EvaluationDomain(log2Size: 5)
        #expect(domain.generator == Fr.rootOfUnity(log2Order: 5))
        #expect(domain.generator.power(UInt64(16)) == -Fr.one)
        #expect(domain.generator * domain.generatorInverse == .one)
        #expect(domain.sizeInverse * Fr(32) == .one)
        #expect(EvaluationDomain(covering: 33)?.log2Size == 6)
        #expect(EvaluationDomain(covering: 1)?.log2Size == 0)
        #expect(EvaluationDomain(covering: (1 << 28) + 1) == nil)
    }

    @Test(arguments: [0, 1, 2, 5, 9, 10, 11, 12])
    func inverseUndoesForward(log2Size: Int) {
        let domain = EvaluationDomain(log2Size: log2Size)
        let input = randomValues(domain.size, seed: 100 + UInt64(log2Size))
        for threads in [1, 2, 3] {
            var values = input
            domain.forward(&values, threads: threads)
            domain.inverse(&values, threads: threads)
            #expect(values == input, "n = \(domain.size), threads = \(threads)")
            domain.inverse(&values, threads: threads)
            domain.forward(&values, threads: threads)
            #expect(values == input, "n = \(domain.size), threads = \(threads), inverse first")
        }
    }

    @Test(arguments: [0, 1, 3, 6, 8])
    func cosetForwardMatchesNaiveEvaluation(log2Size: Int) {
        let domain = EvaluationDomain(log2Size: log2Size)
        let input = randomValues(domain.size, seed: 200 + UInt64(log2Size))
        for shift in [Fr(7), domain.oddCosetShift] {
            var point = shift
            var expected: [Fr] = []
            for _ in 0..<domain.size {
                expected.append(evaluate(input, at: point))
                point *= domain.generator
            }
            for threads in [1, 2] {
                var values = input
                domain.cosetForward(&values, shift: shift, threads: threads)
                #expect(values == expected, "n = \(domain.size), threads = \(threads)")
            }
        }
    }

    /// snarkjs/rapidsnark's Groth16 prover: the odd coset of the 2n domain, ω_2n·ω_n^i, is
    /// exactly the odd-indexed half of the 2n domain.
    @Test(arguments: [1, 4, 10, 12])
    func oddCosetIsOddHalfOfDoubleDomain(log2Size: Int) {
        let domain = EvaluationDomain(log2Size: log2Size)
        let double = EvaluationDomain(log2Size: log2Size + 1)
        #expect(domain.oddCosetShift == Fr.rootOfUnity(log2Order: log2Size + 1))
        let input = randomValues(domain.size, seed: 300 + UInt64(log2Size))
        var padded = input + [Fr](repeating: .zero, count: domain.size)
        double.forward(&padded, threads: 2)
        for threads in [1, 2, 3] {
            var values = input
            domain.cosetForward(&values, shift: domain.oddCosetShift, threads: threads)
            #expect(values == (0..<domain.size).map { padded[2 * $0 + 1] }, "threads = \(threads)")
            domain.cosetInverse(&values, shift: domain.oddCosetShift, threads: threads)
            #expect(values == input, "threads = \(threads)")
        }
    }

    @Test(arguments: [0, 2, 7, 11, 12])
    func cosetInverseUndoesCosetForward(log2Size: Int) {
        let domain = EvaluationDomain(log2Size: log2Size)
        let input = randomValues(domain.size, seed: 400 + UInt64(log2Size))
        var generator = InsecureSeededGenerator(seed: TestSeed.seed(401))
        let shift = Fr.random(using: &generator)
        for threads in [1, 2, 3] {
            var values = input
            domain.cosetForward(&values, shift: shift, threads: threads)
            domain.cosetInverse(&values, shift: shift, threads: threads)
            #expect(values == input, "n = \(domain.size), threads = \(threads)")
        }
    }

    @Test(arguments: [10, 11, 12, 15, 16])
    func threadCountsAgree(log2Size: Int) {
        let domain = EvaluationDomain(log2Size: log2Size)
        let input = randomValues(domain.size, seed: 500 + UInt64(log2Size))
        let shift = domain.oddCosetShift
        var reference = (input, input, input, input)
        domain.forward(&reference.0, threads: 1)
        domain.inverse(&reference.1, threads: 1)
        domain.cosetForward(&reference.2, shift: shift, threads: 1)
        domain.cosetInverse(&reference.3, shift: shift, threads: 1)
        for threads in [2, 3, 4, 5, 8] {
            var values = (input, input, input, input)
            domain.forward(&values.0, threads: threads)
            domain.inverse(&values.1, threads: threads)
            domain.cosetForward(&values.2, shift: shift, threads: threads)
            domain.cosetInverse(&values.3, shift: shift, threads: threads)
            #expect(values.0 == reference.0, "forward, threads = \(threads)")
            #expect(values.1 == reference.1, "inverse, threads = \(threads)")
            #expect(values.2 == reference.2, "coset, threads = \(threads)")
            #expect(values.3 == reference.3, "coset inverse, threads = \(threads)")
        }
    }

    @Test func bufferEntryPointsMatchArrays() {
        let domain = EvaluationDomain(log2Size: 11)
        let input = randomValues(domain.size, seed: 600)
        var array = input
        domain.forward(&array, threads: 2)
        var storage = input
        storage.withUnsafeMutableBufferPointer { domain.forward($0, threads: 2) }
        #expect(storage == array)
        storage.withUnsafeMutableBufferPointer { domain.inverse($0, threads: 2) }
        #expect(storage == input)
    }
}
