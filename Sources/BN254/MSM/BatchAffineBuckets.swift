import CBN254Kernel

/// MSM buckets kept in affine coordinates, their additions made in batches that share one field
/// inversion (Montgomery's trick, "Speeding the Pollard and elliptic curve methods of
/// factorization", Math. Comp. 1987, §10.3.1), the bucket form of Botrel and El Housni (TCHES
/// 2023, §4.2) and of gnark-crypto's large-window MSM.
///
/// An affine addition is λ = (y₂ − y₁)/(x₂ − x₁), x₃ = λ² − x₁ − x₂, y₃ = λ(x₁ − x₃) − y₁
/// (Hankerson, Menezes and Vanstone, "Guide to Elliptic Curve Cryptography", §3.1.2), 2M + 1S
/// once the inverse is known; the batch's inverses cost 3M each plus one inversion, about 6M + 1S
/// a point where an XYZZ bucket takes 8M + 2S. A batch holds at most one addition per bucket: a
/// point for a bucket already in the batch waits in a queue for the next one, and past the
/// queue's capacity (a scalar repeated very often) goes into an XYZZ overflow bucket allocated
/// at first need, so every input finishes in time linear in its size.
package struct BatchAffineBuckets<Curve: ShortWeierstrassCurve> {
    /// Window sizes from which the batched form pays: smaller windows have too few buckets for a
    /// batch long enough to amortise the inversion without conflicts.
    package static var minimumWindowBits: Int { 12 }

    /// The batch length for `bucketCount` buckets: a sixteenth of them (a point meets a busy
    /// bucket about one time in sixteen), between 64 and 1,024.
    static func batchSize(bucketCount: Int) -> Int { min(1024, max(64, bucketCount / 16)) }

    let buckets: UnsafeMutableBufferPointer<AffinePoint<Curve>>
    /// Whether a bucket has an addition in the current batch.
    private let busy: UnsafeMutableBufferPointer<Bool>
    private let batchBucket: UnsafeMutableBufferPointer<Int32>
    private let batchPoint: UnsafeMutableBufferPointer<AffinePoint<Curve>>
    /// x₂ − x₁ (or 2y for a doubling), then its inverse.
    private let denominators: UnsafeMutableBufferPointer<Curve.Field>
    private let prefixProducts: UnsafeMutableBufferPointer<Curve.Field>
    private let queuedBucket: UnsafeMutableBufferPointer<Int32>
    private let queuedPoint: UnsafeMutableBufferPointer<AffinePoint<Curve>>
    private var overflow: UnsafeMutableBufferPointer<XYZZPoint<Curve>>?
    private var batchCount = 0
    private var queuedCount = 0
    let batchSize: Int

    /// Buckets for `bucketCount` digit magnitudes, batches of `batchSize` additions.
    package init(bucketCount: Int, batchSize: Int) {
        precondition(bucketCount >= 1 && batchSize >= 1)
        self.batchSize = batchSize
        buckets = .allocate(capacity: bucketCount)
        busy = .allocate(capacity: bucketCount)
        batchBucket = .allocate(capacity: batchSize)
        batchPoint = .allocate(capacity: batchSize)
        denominators = .allocate(capacity: batchSize)
        prefixProducts = .allocate(capacity: batchSize)
        queuedBucket = .allocate(capacity: batchSize)
        queuedPoint = .allocate(capacity: batchSize)
        overflow = nil
        buckets.initialize(repeating: .infinity)
        busy.initialize(repeating: false)
    }

    package func deallocate() {
        buckets.deallocate()
        busy.deallocate()
        batchBucket.deallocate()
        batchPoint.deallocate()
        denominators.deallocate()
        prefixProducts.deallocate()
        queuedBucket.deallocate()
        queuedPoint.deallocate()
        overflow?.deallocate()
    }

    /// Empties every bucket for the next window.
    package mutating func reset() {
        precondition(batchCount == 0 && queuedCount == 0, "reset with additions pending")
        for k in 0..<buckets.count { buckets[k] = .infinity }
        if let overflow {
            for k in 0..<overflow.count { overflow[k] = .infinity }
        }
    }

    /// buckets[bucket] += point for a point other than infinity (the MSM skips those), completed
    /// by `finish`.
    @inline(__always)
    package mutating func add(_ point: AffinePoint<Curve>, to bucket: Int) {
        if busy[bucket] {
            if queuedCount < batchSize {
                queuedBucket[queuedCount] = Int32(bucket)
                queuedPoint[queuedCount] = point
                queuedCount += 1
            } else {
                addToOverflow(point, bucket: bucket)
            }
            return
        }
        if buckets[bucket].isInfinity {
            buckets[bucket] = point
            return
        }
        batchBucket[batchCount] = Int32(bucket)
        batchPoint[batchCount] = point
        busy[bucket] = true
        batchCount += 1
        if batchCount == batchSize { flush() }
    }

    /// Starts loading `bucket` into the cache: the windows' bucket reads are random over a few MB,
    /// and a read that misses stalls the batch.
    @inline(__always)
    package func prefetch(_ bucket: Int) {
        bn254_prefetch(buckets.baseAddress! + bucket, MemoryLayout<AffinePoint<Curve>>.stride)
    }

    /// Completes every pending addition.
    package mutating func finish() {
        while batchCount > 0 || queuedCount > 0 { flush() }
    }

    /// Σ_k (k + 1)·B_k by the running-sum trick, overflow buckets included.
    package func weightedSum() -> XYZZPoint<Curve> {
        precondition(batchCount == 0 && queuedCount == 0, "weighted sum with additions pending")
        var running = XYZZPoint<Curve>.infinity
        var sum = XYZZPoint<Curve>.infinity
        for k in stride(from: buckets.count - 1, through: 0, by: -1) {
            running = running.adding(buckets[k])
            if let overflow { running += overflow[k] }
            sum += running
        }
        return sum
    }

    /// `weightedSum` with its running sums in affine form, `lanes` of them at once so that their
    /// additions share inversions: the buckets are cut into `lanes` segments of L = ⌈m/lanes⌉,
    /// each segment's running sum R_s and sum of running sums T_s advance together from the
    /// segment's top (two batched additions a step, one inversion each), and
    /// Σ_k (k + 1)·B_k = Σ_s T_s + L·Σ_s s·R_s, the second sum by running sums over the lanes.
    /// About 12 products a bucket where the XYZZ running sums take about 24, for 2·L inversions:
    /// the batched form the accumulation already uses (Botrel and El Housni, above), applied to
    /// the reduction by cutting its one serial chain into independent ones; `weightedSum` is the
    /// reference twin. Overflow buckets are first folded into the affine ones.
    package mutating func laneWeightedSum(lanes: Int? = nil) -> XYZZPoint<Curve> {
        precondition(batchCount == 0 && queuedCount == 0, "weighted sum with additions pending")
        foldOverflow()
        let m = buckets.count
        let lanes = min(m, lanes ?? Self.laneCount(bucketCount: m))
        if lanes < 2 { return weightedSum() }
        let length = (m + lanes - 1) / lanes
        let running = AffineLanes<Curve>(count: lanes), sums = AffineLanes<Curve>(count: lanes)
        defer {
            running.deallocate()
            sums.deallocate()
        }
        for step in 0..<length {
            let offset = length - 1 - step
            for lane in 0..<lanes {
                let k = lane * length + offset
                running.addends[lane] = k < m ? buckets[k] : .infinity
                if offset > 0, k - 1 < m { bn254_prefetch(buckets.baseAddress! + k - 1, MemoryLayout<AffinePoint<Curve>>.stride) }
            }
            running.addAddends()
            for lane in 0..<lanes { sums.addends[lane] = running.points[lane] }
            sums.addAddends()
        }
        var total = XYZZPoint<Curve>.infinity, laneSum = XYZZPoint<Curve>.infinity, weighted = XYZZPoint<Curve>.infinity
        for lane in stride(from: lanes - 1, through: 0, by: -1) {
            total = total.adding(sums.points[lane])
            if lane > 0 {
                laneSum = laneSum.adding(running.points[lane])
                weighted += laneSum
            }
        }
        return total + XYZZPoint(weighted.jacobian.multiplied(by: Fr(UInt64(length))))
    }

    /// Adds each overflow bucket's sum into its affine bucket (one batch: a bucket gets at most
    /// one point) and empties it, so that the affine buckets alone hold the window's sums.
    private mutating func foldOverflow() {
        guard let overflow else { return }
        let used = (0..<overflow.count).filter { !overflow[$0].isInfinity }
        if used.isEmpty { return }
        let sums = JacobianPoint.batchToAffine(used.map { overflow[$0].jacobian })
        for (bucket, sum) in zip(used, sums) {
            overflow[bucket] = .infinity
            if !sum.isInfinity { add(sum, to: bucket) }
        }
        finish()
    }

    /// Lanes for `laneWeightedSum` on `bucketCount` buckets: the smallest power of two above
    /// √bucketCount (256 for the 2^15 buckets of a 16-bit window), near the 2·L inversions'
    /// balance against the lanes' final sums.
    static func laneCount(bucketCount: Int) -> Int {
        var lanes = 1
        while lanes * lanes <= bucketCount { lanes *= 2 }
        return lanes
    }

    /// Applies the batch, then moves queued points into the next batch until it is full or the
    /// queue holds only points for buckets busy again.
    private mutating func flush() {
        repeat {
            applyBatch()
            var kept = 0
            for i in 0..<queuedCount {
                let bucket = Int(queuedBucket[i]), point = queuedPoint[i]
                if busy[bucket] || batchCount == batchSize {
                    queuedBucket[kept] = queuedBucket[i]
                    queuedPoint[kept] = point
                    kept += 1
                } else if buckets[bucket].isInfinity {
                    buckets[bucket] = point
                } else {
                    batchBucket[batchCount] = Int32(bucket)
                    batchPoint[batchCount] = point
                    busy[bucket] = true
                    batchCount += 1
                }
            }
            queuedCount = kept
        } while batchCount == batchSize
    }

    /// The batch's additions with one inversion. Equal x: a doubling (λ = 3x²/2y) when the
    /// points are equal, the empty bucket when they are opposite (or y = 0).
    private mutating func applyBatch() {
        let n = batchCount
        if n == 0 { return }
        var product = Curve.Field.one
        for i in 0..<n {
            let bucket = buckets[Int(batchBucket[i])], point = batchPoint[i]
            var denominator = point.x - bucket.x
            if denominator.isZero {
                denominator = bucket.y == point.y && !point.y.isZero ? point.y.doubled() : .one
            }
            denominators[i] = denominator
            prefixProducts[i] = product
            product = product * denominator
        }
        var inverse = product.inverse()!  // a product of non-zero elements
        for i in stride(from: n - 1, through: 0, by: -1) {
            let index = Int(batchBucket[i])
            let bucket = buckets[index], point = batchPoint[i]
            let inverseDenominator = inverse * prefixProducts[i]
            inverse = inverse * denominators[i]
            busy[index] = false
            if point.x == bucket.x && (bucket.y != point.y || point.y.isZero) {
                buckets[index] = .infinity  // opposite points (or a point of order 2 doubled)
            } else {
                buckets[index] = bucket.adding(point, inverseDenominator: inverseDenominator)
            }
        }
        batchCount = 0
    }

    private mutating func addToOverflow(_ point: AffinePoint<Curve>, bucket: Int) {
        if overflow == nil {
            let storage = UnsafeMutableBufferPointer<XYZZPoint<Curve>>.allocate(capacity: buckets.count)
            storage.initialize(repeating: .infinity)
            overflow = storage
        }
        overflow![bucket] = overflow![bucket].adding(point)
    }
}

/// Affine points advanced together by batched additions: points[i] += addends[i] for every lane,
/// with one inversion for all of them (Montgomery's trick, as in `BatchAffineBuckets`).
struct AffineLanes<Curve: ShortWeierstrassCurve> {
    let points: UnsafeMutableBufferPointer<AffinePoint<Curve>>
    let addends: UnsafeMutableBufferPointer<AffinePoint<Curve>>
    /// The lanes with an addition or a doubling pending, their denominators and prefix products.
    private let pending: UnsafeMutableBufferPointer<Int32>
    private let denominators: UnsafeMutableBufferPointer<Curve.Field>
    private let prefixProducts: UnsafeMutableBufferPointer<Curve.Field>

    /// `count` lanes at infinity.
    init(count: Int) {
        points = .allocate(capacity: count)
        points.initialize(repeating: .infinity)
        addends = .allocate(capacity: count)
        addends.initialize(repeating: .infinity)
        pending = .allocate(capacity: count)
        denominators = .allocate(capacity: count)
        prefixProducts = .allocate(capacity: count)
    }

    func deallocate() {
        points.deallocate()
        addends.deallocate()
        pending.deallocate()
        denominators.deallocate()
        prefixProducts.deallocate()
    }

    /// points[i] += addends[i] for every lane. Infinity on either side and opposite points are
    /// settled at once; equal points double (λ = 3x²/2y); the rest share one inversion.
    @inline(__always)
    func addAddends() {
        var count = 0
        var product = Curve.Field.one
        for lane in 0..<points.count {
            let point = points[lane], addend = addends[lane]
            if addend.isInfinity { continue }
            if point.isInfinity {
                points[lane] = addend
                continue
            }
            var denominator = addend.x - point.x
            if denominator.isZero {
                guard addend.y == point.y && !point.y.isZero else {
                    points[lane] = .infinity
                    continue
                }
                denominator = point.y.doubled()
            }
            pending[count] = Int32(lane)
            denominators[count] = denominator
            prefixProducts[count] = product
            product = product * denominator
            count += 1
        }
        if count == 0 { return }
        var inverse = product.inverse()!  // a product of non-zero elements
        for i in stride(from: count - 1, through: 0, by: -1) {
            let lane = Int(pending[i])
            let point = points[lane], addend = addends[lane]
            let inverseDenominator = inverse * prefixProducts[i]
            inverse = inverse * denominators[i]
            points[lane] = point.adding(addend, inverseDenominator: inverseDenominator)
        }
    }
}

extension AffinePoint {
    /// self + other for two affine points, not opposite and neither at infinity, given the inverse
    /// of the slope's denominator (x₂ − x₁, or 2y for a doubling): λ = (y₂ − y₁)/(x₂ − x₁), or
    /// 3x²/2y when the points are equal; x₃ = λ² − x₁ − x₂, y₃ = λ(x₁ − x₃) − y₁.
    @inline(__always)
    func adding(_ other: AffinePoint, inverseDenominator: Curve.Field) -> AffinePoint {
        let slope: Curve.Field
        if other.x == x {
            let xx = x.squared()
            slope = (xx.doubled() + xx) * inverseDenominator
        } else {
            slope = (other.y - y) * inverseDenominator
        }
        let x3 = slope.squared() - x - other.x
        return AffinePoint(x: x3, y: slope * (x - x3) - y)
    }
}
