import BN254
import Rollup
import SparseMerkleTree

extension CurveBenchmarks {
    /// `msm.g1.2^16`, `msm.g1.2^18`, `msm.g2.2^16`: one whole MSM with random full-size scalars;
    /// `msm.g1.witness`: one MSM of the real witness of a full `transfer32-d24` batch.
    static func registerMSM(in suite: inout BenchmarkSuite, threads: Int) throws {
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
        let witnessName = "msm.g1.witness"
        guard suite.options.filter.map({ witnessName.contains($0) }) ?? true else { return }
        let witness = try transfer32Witness()
        let witnessBases = basePoints(G1Curve.self, count: witness.count, generator: &generator)
        let histogram = WitnessHistogram(witness)
        suite.extraFields[witnessName] = histogram.description
        if !suite.options.json { print("# \(witnessName): \(histogram.description)") }
        suite.add(witnessName, iterations: 1) { n in
            for _ in 0..<n { blackHole(multiScalarMultiply(points: witnessBases, scalars: witness, threads: threads)) }
        }
    }

    /// The witness of one full generated `transfer32-d24` batch, built as `rollup bench rollup`
    /// builds it (circuit, generated batch, native execution), without a proving key.
    private static func transfer32Witness() throws -> [Fr] {
        let configuration = CircuitConfiguration.transfer32Depth24
        let circuit = BatchCircuit(configuration)
        var generator = try BatchGenerator(configuration: configuration, accountCount: 64, seed: 3)  // benchmark keys only
        let batch = try generator.nextBatch(transactions: configuration.slots)
        let state = try RollupState(shape: configuration.shape, store: InMemoryTreeStore())
        try state.applyGenesis(generator.genesis)
        return try circuit.witness(for: state.apply(batch, slots: configuration.slots)).values
    }

    /// The shares of a witness's values: 0, 1, other values below 2^16, r − k for 1 ≤ k < 2^16
    /// (small negatives), and the rest.
    private struct WitnessHistogram: CustomStringConvertible {
        var zero = 0, one = 0, small = 0, smallNegative = 0, other = 0
        let count: Int

        init(_ values: [Fr]) {
            count = values.count
            let bound = Limbs(l0: 1 << 16, l1: 0, l2: 0, l3: 0)
            for value in values {
                if value.isZero {
                    zero += 1
                } else if value.isOne {
                    one += 1
                } else if value.canonicalLimbs.isLess(than: bound) {
                    small += 1
                } else if (-value).canonicalLimbs.isLess(than: bound) {
                    smallNegative += 1
                } else {
                    other += 1
                }
            }
        }

        var description: String {
            func share(_ part: Int) -> String { String(format: "%.1f%%", 100 * Double(part) / Double(max(1, count))) }
            return "transfer32-d24 witness, \(count) wires: 0 \(share(zero)), 1 \(share(one)), 2…2^16−1 \(share(small)), "
                + "r−(2^16−1)…r−1 \(share(smallNegative)), other \(share(other))"
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
