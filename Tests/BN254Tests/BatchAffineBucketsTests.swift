import Testing

import BN254

/// The reference twin of a bucket set: one XYZZ sum per bucket, added in input order.
private func referenceWeightedSum<C>(_ inputs: [(point: AffinePoint<C>, bucket: Int)], bucketCount: Int) -> JacobianPoint<C> {
    var buckets = [XYZZPoint<C>](repeating: .infinity, count: bucketCount)
    for input in inputs { buckets[input.bucket] = buckets[input.bucket].adding(input.point) }
    var sum = JacobianPoint<C>.infinity
    for (k, bucket) in buckets.enumerated() {
        sum += bucket.jacobian.multipliedNaive(by: Fr(UInt64(k + 1)).canonicalLimbs)
    }
    return sum
}

/// A few distinct points and their negatives, so that bucket additions meet P + P and P + (−P).
private func smallPool<C>(_: C.Type, generator: inout InsecureSeededGenerator) -> [AffinePoint<C>] {
    let base = JacobianPoint(C.generator)
    let points = JacobianPoint.batchToAffine((0..<4).map { _ in base.multiplied(by: Fr.random(using: &generator)) })
    return points + points.map { -$0 }
}

/// The weighted sums of the batched buckets, by `weightedSum` and by `laneWeightedSum` with its
/// default lanes, two, three and one a bucket.
private func batchedWeightedSum<C>(_ inputs: [(point: AffinePoint<C>, bucket: Int)], bucketCount: Int, batchSize: Int, rounds: Int = 2) -> [JacobianPoint<C>] {
    var buckets = BatchAffineBuckets<C>(bucketCount: bucketCount, batchSize: batchSize)
    defer { buckets.deallocate() }
    // Reused across rounds as a worker reuses them across windows.
    return (0..<rounds).flatMap { _ in
        buckets.reset()
        for input in inputs { buckets.add(input.point, to: input.bucket) }
        buckets.finish()
        return [buckets.weightedSum(), buckets.laneWeightedSum()] + [2, 3, bucketCount].map { buckets.laneWeightedSum(lanes: $0) }
    }.map(\.jacobian)
}

@Suite("Batch-affine MSM buckets")
struct BatchAffineBucketsTests {
    /// Random points of a small pool into few buckets with short batches: conflicts, the queue,
    /// its overflow, doublings and cancellations all occur; G1 and G2.
    @Test(arguments: [(1, 1), (3, 2), (8, 4), (16, 64)])
    func randomInputsMatchTheXYZZReference(bucketCount: Int, batchSize: Int) {
        var generator = InsecureSeededGenerator(seed: TestSeed.seed(UInt64(900 + bucketCount)))
        let g1Pool = smallPool(G1Curve.self, generator: &generator)
        let g2Pool = smallPool(G2Curve.self, generator: &generator)
        for count in [0, 1, 2, 7, 50, 400] {
            let picks = (0..<count).map { _ in
                (Int(generator.next() % UInt64(g1Pool.count)), Int(generator.next() % UInt64(bucketCount)))
            }
            let g1 = picks.map { (point: g1Pool[$0.0], bucket: $0.1) }
            let g2 = picks.map { (point: g2Pool[$0.0], bucket: $0.1) }
            let g1Expected = referenceWeightedSum(g1, bucketCount: bucketCount)
            let g2Expected = referenceWeightedSum(g2, bucketCount: bucketCount)
            for sum in batchedWeightedSum(g1, bucketCount: bucketCount, batchSize: batchSize) {
                #expect(sum == g1Expected, "G1, \(count) points, \(bucketCount) buckets, batch \(batchSize), \(TestSeed.note)")
            }
            for sum in batchedWeightedSum(g2, bucketCount: bucketCount, batchSize: batchSize) {
                #expect(sum == g2Expected, "G2, \(count) points, \(bucketCount) buckets, batch \(batchSize), \(TestSeed.note)")
            }
        }
    }

    /// The lanes of `laneWeightedSum` on bucket counts that they divide and that they do not,
    /// buckets left empty among full ones, and buckets equal to or opposite of their neighbours'
    /// running sums (a pool of four points), so that every lane addition's special case occurs;
    /// G1 and G2.
    @Test func laneReductionMatchesTheReference() {
        var generator = InsecureSeededGenerator(seed: TestSeed.seed(970))
        let g1Pool = smallPool(G1Curve.self, generator: &generator)
        let g2Pool = smallPool(G2Curve.self, generator: &generator)
        for bucketCount in [2, 5, 64, 100, 2048] {
            let picks = (0..<(3 * bucketCount)).compactMap { _ -> (Int, Int)? in
                let bucket = Int(generator.next() % UInt64(bucketCount))
                return bucket % 7 == 3 ? nil : (Int(generator.next() % UInt64(g1Pool.count)), bucket)  // some buckets stay empty
            }
            let g1 = picks.map { (point: g1Pool[$0.0], bucket: $0.1) }
            let g2 = picks.map { (point: g2Pool[$0.0], bucket: $0.1) }
            let g1Expected = referenceWeightedSum(g1, bucketCount: bucketCount)
            let g2Expected = referenceWeightedSum(g2, bucketCount: bucketCount)
            for sum in batchedWeightedSum(g1, bucketCount: bucketCount, batchSize: max(1, bucketCount / 16), rounds: 1) {
                #expect(sum == g1Expected, "G1, \(bucketCount) buckets, \(TestSeed.note)")
            }
            for sum in batchedWeightedSum(g2, bucketCount: bucketCount, batchSize: max(1, bucketCount / 16), rounds: 1) {
                #expect(sum == g2Expected, "G2, \(bucketCount) buckets, \(TestSeed.note)")
            }
        }
    }

    /// Buckets chosen so that, with two lanes of four, the running sums double (P + P), cancel
    /// (2P − 3P − … to infinity and back), meet an empty bucket (the sum then doubles) and sum to
    /// infinity (3P + (−3P)).
    @Test func laneAdditionsMeetEveryCase() {
        var generator = InsecureSeededGenerator(seed: TestSeed.seed(980))
        let p = smallPool(G1Curve.self, generator: &generator)[0]
        let minusFiveP = JacobianPoint(p).multiplied(by: -Fr(5)).affine
        let inputs = [(p, 0), (minusFiveP, 1), (p, 2), (p, 3), (p, 4), (-p, 5), (p, 7)].map { (point: $0.0, bucket: $0.1) }
        let expected = referenceWeightedSum(inputs, bucketCount: 8)
        for sum in batchedWeightedSum(inputs, bucketCount: 8, batchSize: 4, rounds: 1) { #expect(sum == expected) }
    }

    /// One point many times into one bucket: the sum is its multiple (doublings in the batch,
    /// the rest through the queue and the overflow bucket); P then −P leaves the bucket empty.
    @Test func repeatedPointIntoOneBucket() {
        var generator = InsecureSeededGenerator(seed: TestSeed.seed(950))
        let point = smallPool(G1Curve.self, generator: &generator)[0]
        let inputs = [(point: AffinePoint<G1Curve>, bucket: Int)](repeating: (point, 2), count: 100)
        let expected = JacobianPoint(point).multipliedNaive(by: Fr(300).canonicalLimbs)
        for sum in batchedWeightedSum(inputs, bucketCount: 4, batchSize: 3) { #expect(sum == expected) }
        let cancelling = [(point, 1), (-point, 1), (point, 0), (point, 0), (-point, 0), (-point, 0)]
        for sum in batchedWeightedSum(cancelling.map { (point: $0.0, bucket: $0.1) }, bucketCount: 2, batchSize: 2) {
            #expect(sum.isInfinity)
        }
    }

    /// The bucket method with a window large enough for the batched buckets, against the naive
    /// sum, on 1–3 workers (G1 and G2).
    @Test func batchedWindowsMatchTheNaiveSum() {
        var generator = InsecureSeededGenerator(seed: TestSeed.seed(960))
        let count = 700
        let g1Points = JacobianPoint.batchToAffine((0..<count).map { _ in JacobianPoint(G1Curve.generator).multiplied(by: Fr.random(using: &generator)) })
        let g2Points = JacobianPoint.batchToAffine((0..<count).map { _ in JacobianPoint(G2Curve.generator).multiplied(by: Fr.random(using: &generator)) })
        // Full scalars, with repeats so that buckets meet equal and opposite points.
        let scalars = (0..<count).map { i -> Fr in i % 5 == 0 ? Fr(12345) : (i % 7 == 0 ? -Fr(12345) : Fr.random(using: &generator)) }
        var g1Expected = JacobianPoint<G1Curve>.infinity, g2Expected = JacobianPoint<G2Curve>.infinity
        for i in 0..<count {
            g1Expected += JacobianPoint(g1Points[i]).multipliedNaive(by: scalars[i].canonicalLimbs)
            g2Expected += JacobianPoint(g2Points[i]).multipliedNaive(by: scalars[i].canonicalLimbs)
        }
        let windowBits = BatchAffineBuckets<G1Curve>.minimumWindowBits
        for threads in [1, 2, 3] {
            #expect(multiScalarMultiply(points: g1Points, scalars: scalars, windowBits: windowBits, threads: threads) == g1Expected, "G1, \(threads) threads, \(TestSeed.note)")
            #expect(multiScalarMultiply(points: g2Points, scalars: scalars, windowBits: windowBits, threads: threads) == g2Expected, "G2, \(threads) threads, \(TestSeed.note)")
        }
    }
}

