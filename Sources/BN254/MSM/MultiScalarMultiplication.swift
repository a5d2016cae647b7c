import Foundation

/// Σ scalars[i]·points[i] in G1 by Pippenger's bucket method with signed window digits, XYZZ
/// buckets and the work shared out over `threads` workers of a fixed pool (never Swift's
/// cooperative pool).
///
/// The bucket method is Pippenger's ("On the evaluation of powers and related problems", FOCS
/// 1976) as Bernstein, Doumen, Lange and Oosterwijk describe it ("Faster batch forgery
/// identification", INDOCRYPT 2012, §4); signed digits halve the buckets, as in Botrel and El
/// Housni, "Faster Montgomery multiplication and multi-scalar-multiplication for SNARKs" (TCHES
/// 2023, §4.1). Zero scalars and points at infinity are skipped, and a scalar s > r/2 is taken as
/// (r − s)·(−P). The terms are then grouped by the bit length of that magnitude (`MSMPlan`), and
/// each group runs the bucket method with only the windows its longest magnitude needs: the 0, 1
/// and small values of a circuit witness cost about one addition each instead of ~254/c.
///
/// - Parameters:
///   - points: the bases, valid points of the curve (checked by the decoders).
///   - scalars: one scalar per point.
///   - threads: the number of workers, at least 1; 1 runs everything on the calling thread.
public func multiScalarMultiply(
    points: [G1Affine], scalars: [Fr], threads: Int = ProcessInfo.processInfo.activeProcessorCount
) -> G1Jacobian {
    pippenger(points: points, scalars: scalars, threads: threads)
}

/// Σ scalars[i]·points[i] in G2; see the G1 variant.
public func multiScalarMultiply(
    points: [G2Affine], scalars: [Fr], threads: Int = ProcessInfo.processInfo.activeProcessorCount
) -> G2Jacobian {
    pippenger(points: points, scalars: scalars, threads: threads)
}

/// The G1 MSM over buffers, for callers that keep their bases in place (proving keys).
public func multiScalarMultiply(points: UnsafeBufferPointer<G1Affine>, scalars: UnsafeBufferPointer<Fr>, threads: Int) -> G1Jacobian {
    pippenger(points: points, scalars: scalars, threads: threads)
}

/// The G2 MSM over buffers.
public func multiScalarMultiply(points: UnsafeBufferPointer<G2Affine>, scalars: UnsafeBufferPointer<Fr>, threads: Int) -> G2Jacobian {
    pippenger(points: points, scalars: scalars, threads: threads)
}

/// The bucket method over every term with one window of `windowBits` bits for all magnitudes,
/// whatever `MSMPlan` would choose: lets the tests reach the batch-affine windows on small inputs.
package func multiScalarMultiply<Curve: ShortWeierstrassCurve>(
    points: [AffinePoint<Curve>], scalars: [Fr], windowBits: Int, threads: Int
) -> JacobianPoint<Curve> {
    precondition(points.count == scalars.count && MSMPlan.windowSizes.contains(windowBits))
    let group = MSMPlan.Group(
        bitLengths: 1...MSMTerms.maximumBits, windowBits: windowBits,
        windowCount: MSMPlan.windows(bits: MSMTerms.maximumBits, windowBits: windowBits))
    return points.withUnsafeBufferPointer { pointBuffer in
        scalars.withUnsafeBufferPointer { scalarBuffer in
            let terms = MSMTerms(points: pointBuffer, scalars: scalarBuffer, threads: threads)
            defer { terms.deallocate() }
            return bucketMethod(points: pointBuffer, terms: UnsafeBufferPointer(terms.grouped), group: group, threads: threads)
        }
    }
}

/// The generic bucket method behind the public G1 and G2 entry points, which the compiler
/// specializes for each group inside this module.
func pippenger<Curve: ShortWeierstrassCurve>(
    points: [AffinePoint<Curve>], scalars: [Fr], threads: Int
) -> JacobianPoint<Curve> {
    precondition(points.count == scalars.count, "MSM needs one scalar per point")
    return points.withUnsafeBufferPointer { pointBuffer in
        scalars.withUnsafeBufferPointer { scalarBuffer in
            pippenger(points: pointBuffer, scalars: scalarBuffer, threads: threads)
        }
    }
}

func pippenger<Curve: ShortWeierstrassCurve>(
    points: UnsafeBufferPointer<AffinePoint<Curve>>, scalars: UnsafeBufferPointer<Fr>, threads: Int
) -> JacobianPoint<Curve> {
    precondition(points.count == scalars.count, "MSM needs one scalar per point")
    precondition(threads >= 1, "MSM needs at least one thread")
    let terms = MSMTerms(points: points, scalars: scalars, threads: threads)
    defer { terms.deallocate() }
    var result = JacobianPoint<Curve>.infinity
    for (group, range) in zip(terms.plan.groups, terms.groupRanges) where !range.isEmpty {
        let slice = UnsafeBufferPointer(rebasing: UnsafeBufferPointer(terms.grouped)[range])
        result += bucketMethod(points: points, terms: slice, group: group, threads: threads)
    }
    return result
}

/// Σ ±m·P over one group of terms: the group's windows, each split into `chunks` ranges of terms
/// when there are fewer windows than workers, every (window, chunk) task with its own buckets;
/// then Horner over the windows, most significant first: Σ 2^(c·w)·S_w.
func bucketMethod<Curve: ShortWeierstrassCurve>(
    points: UnsafeBufferPointer<AffinePoint<Curve>>, terms: UnsafeBufferPointer<MSMTerm>, group: MSMPlan.Group, threads: Int
) -> JacobianPoint<Curve> {
    let windows = group.windowCount, chunks = group.chunks(threads: threads)
    let digits = SignedDigits(terms: terms, windowBits: group.windowBits, windowCount: windows, threads: threads)
    defer { digits.deallocate() }
    let tasks = windows * chunks
    let partialSums = UnsafeMutableBufferPointer<JacobianPoint<Curve>>.allocate(capacity: tasks)
    defer { partialSums.deallocate() }
    let workers = min(threads, tasks)
    let batched = group.windowBits >= BatchAffineBuckets<Curve>.minimumWindowBits
    runInParallel(workers) { worker in
        // Tasks are striped over workers; each worker owns its buckets.
        if batched {
            var buckets = BatchAffineBuckets<Curve>(
                bucketCount: group.bucketCount, batchSize: BatchAffineBuckets<Curve>.batchSize(bucketCount: group.bucketCount))
            defer { buckets.deallocate() }
            for task in stride(from: worker, to: tasks, by: workers) {
                let window = task / chunks, chunk = task % chunks
                let range = terms.count * chunk / chunks..<terms.count * (chunk + 1) / chunks
                (partialSums.baseAddress! + task).initialize(
                    to: windowSum(points: points, terms: terms, digits: digits.row(window), range: range, buckets: &buckets))
            }
        } else {
            let buckets = UnsafeMutableBufferPointer<XYZZPoint<Curve>>.allocate(capacity: group.bucketCount)
            defer { buckets.deallocate() }
            for task in stride(from: worker, to: tasks, by: workers) {
                let window = task / chunks, chunk = task % chunks
                let range = terms.count * chunk / chunks..<terms.count * (chunk + 1) / chunks
                (partialSums.baseAddress! + task).initialize(
                    to: windowSum(points: points, terms: terms, digits: digits.row(window), range: range, buckets: buckets))
            }
        }
    }
    var result = JacobianPoint<Curve>.infinity
    for window in stride(from: windows - 1, through: 0, by: -1) {
        if !result.isInfinity {
            for _ in 0..<group.windowBits { result = result.doubled() }
        }
        for chunk in 0..<chunks { result += partialSums[window * chunks + chunk] }
    }
    partialSums.deinitialize()
    return result
}

/// Σ_j d_j·P_j over the terms of `range` for one window: each point goes into bucket |d| − 1
/// (negated when d < 0), then Σ_k (k + 1)·B_k by the running-sum trick.
func windowSum<Curve: ShortWeierstrassCurve>(
    points: UnsafeBufferPointer<AffinePoint<Curve>>, terms: UnsafeBufferPointer<MSMTerm>,
    digits: UnsafeMutableBufferPointer<Int32>, range: Range<Int>, buckets: UnsafeMutableBufferPointer<XYZZPoint<Curve>>
) -> JacobianPoint<Curve> {
    for k in 0..<buckets.count { buckets[k] = .infinity }
    for j in range {
        let digit = Int(digits[j])
        if digit == 0 { continue }
        let point = points[Int(terms[j].index)]
        if digit > 0 {
            buckets[digit - 1] = buckets[digit - 1].adding(point)
        } else {
            buckets[-digit - 1] = buckets[-digit - 1].adding(-point)
        }
    }
    var running = XYZZPoint<Curve>.infinity
    var sum = XYZZPoint<Curve>.infinity
    for k in stride(from: buckets.count - 1, through: 0, by: -1) {
        running += buckets[k]
        sum += running
    }
    return sum.jacobian
}

/// `windowSum` with affine buckets and batched additions (`BatchAffineBuckets`).
func windowSum<Curve: ShortWeierstrassCurve>(
    points: UnsafeBufferPointer<AffinePoint<Curve>>, terms: UnsafeBufferPointer<MSMTerm>,
    digits: UnsafeMutableBufferPointer<Int32>, range: Range<Int>, buckets: inout BatchAffineBuckets<Curve>
) -> JacobianPoint<Curve> {
    buckets.reset()
    let lookahead = 16  // terms between a bucket's prefetch and its read (8 to 64 measured alike)
    for j in range {
        if j + lookahead < range.upperBound, case let ahead = Int(digits[j + lookahead]), ahead != 0 { buckets.prefetch(abs(ahead) - 1) }
        let digit = Int(digits[j])
        if digit == 0 { continue }
        let point = points[Int(terms[j].index)]
        if digit > 0 {
            buckets.add(point, to: digit - 1)
        } else {
            buckets.add(-point, to: -digit - 1)
        }
    }
    buckets.finish()
    return buckets.laneWeightedSum().jacobian
}

/// One non-trivial term of an MSM: the point's index and the scalar's magnitude m, the term
/// being m·P, or m·(−P) when `negated` (the scalar was r − m).
struct MSMTerm {
    var magnitude: Limbs
    var index: UInt32
    var negated: Bool
}

/// The non-trivial terms of an MSM, classified by the bit length of their magnitudes and stored
/// group after group in the order of `plan` (each group in index order, so that the points are
/// read forwards).
struct MSMTerms {
    let plan: MSMPlan
    let grouped: UnsafeMutableBufferPointer<MSMTerm>
    let groupRanges: [Range<Int>]

    init<Curve>(points: UnsafeBufferPointer<AffinePoint<Curve>>, scalars: UnsafeBufferPointer<Fr>, threads: Int) {
        precondition(scalars.count < Int(UInt32.max), "MSM larger than 2^32 points")
        let n = scalars.count
        let chunks = max(1, min(threads, n))
        let halfOrder = Self.halfOrder
        // Pass 1: magnitudes and bit lengths (0 for a skipped term), one histogram per chunk.
        let classified = UnsafeMutableBufferPointer<MSMTerm>.allocate(capacity: max(1, n))
        defer { classified.deallocate() }
        let bitLengths = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: max(1, n))
        defer { bitLengths.deallocate() }
        var chunkHistograms = [[Int]](repeating: [Int](repeating: 0, count: Self.maximumBits + 1), count: chunks)
        chunkHistograms.withUnsafeMutableBufferPointer { histograms in
            runInParallel(chunks) { chunk in
                var histogram = [Int](repeating: 0, count: Self.maximumBits + 1)
                for i in n * chunk / chunks..<n * (chunk + 1) / chunks {
                    var magnitude = scalars[i].canonicalLimbs
                    var negated = false
                    if halfOrder.isLess(than: magnitude) {
                        magnitude = (-scalars[i]).canonicalLimbs
                        negated = true
                    }
                    let bits = points[i].isInfinity ? 0 : Self.bitLength(magnitude)
                    bitLengths[i] = UInt8(bits)
                    histogram[bits] += 1
                    (classified.baseAddress! + i).initialize(to: MSMTerm(magnitude: magnitude, index: UInt32(i), negated: negated))
                }
                histograms[chunk] = histogram
            }
        }
        var histogram = [Int](repeating: 0, count: Self.maximumBits + 1)
        for chunkHistogram in chunkHistograms {
            for bits in 1...Self.maximumBits { histogram[bits] += chunkHistogram[bits] }
        }
        let plan = MSMPlan(histogram: histogram, threads: threads)
        // Pass 2: a stable scatter by group, each chunk writing from its own offsets.
        var groupOfBits = [Int](repeating: -1, count: Self.maximumBits + 1)
        var ranges: [Range<Int>] = []
        var start = 0
        for (g, group) in plan.groups.enumerated() {
            for bits in group.bitLengths { groupOfBits[bits] = g }
            let count = group.bitLengths.reduce(0) { $0 + histogram[$1] }
            ranges.append(start..<(start + count))
            start += count
        }
        var offsetsOfChunks = [[Int]]()
        var next = ranges.map(\.lowerBound)
        for chunkHistogram in chunkHistograms {
            offsetsOfChunks.append(next)
            for bits in 1...Self.maximumBits where chunkHistogram[bits] > 0 { next[groupOfBits[bits]] += chunkHistogram[bits] }
        }
        let groupIndex = groupOfBits, chunkOffsets = offsetsOfChunks
        let grouped = UnsafeMutableBufferPointer<MSMTerm>.allocate(capacity: max(1, start))
        runInParallel(chunks) { chunk in
            var offsets = chunkOffsets[chunk]
            for i in n * chunk / chunks..<n * (chunk + 1) / chunks {
                let bits = Int(bitLengths[i])
                if bits == 0 { continue }
                let g = groupIndex[bits]
                (grouped.baseAddress! + offsets[g]).initialize(to: classified[i])
                offsets[g] += 1
            }
        }
        self.plan = plan
        self.grouped = grouped
        self.groupRanges = ranges
    }

    func deallocate() { grouped.deallocate() }

    /// Magnitudes are at most (r − 1)/2 < 2^253; 254 keeps the bound of a full scalar.
    static let maximumBits = 254

    /// (r − 1)/2: a canonical scalar above it is taken as r − s on the negated point.
    static let halfOrder: Limbs = (-Fr.one).canonicalLimbs.shiftedRightByOne

    /// The number of significant bits of `value` (0 for zero).
    static func bitLength(_ value: Limbs) -> Int {
        for limb in stride(from: 3, through: 0, by: -1) where value[limb] != 0 {
            return 64 * limb + 64 - value[limb].leadingZeroBitCount
        }
        return 0
    }
}

extension Limbs {
    /// ⌊self/2⌋.
    var shiftedRightByOne: Limbs {
        Limbs(l0: l0 >> 1 | l1 << 63, l1: l1 >> 1 | l2 << 63, l2: l2 >> 1 | l3 << 63, l3: l3 >> 1)
    }
}

/// How the terms of an MSM are grouped and each group's window size: the bit lengths 1…254 are
/// cut into contiguous ranges by dynamic programming over the cost model of `Group.cost`, so that
/// a group of short magnitudes runs only the few windows they need, and a split is made only when
/// the windows it saves outweigh the extra bucket reductions.
struct MSMPlan {
    /// A group of terms: the bit lengths it takes, and the window size c and count that cover its
    /// longest magnitude with signed digits.
    struct Group: Equatable {
        let bitLengths: ClosedRange<Int>
        let windowBits: Int
        let windowCount: Int
        var bucketCount: Int { 1 << (windowBits - 1) }

        /// Ranges of terms per window: enough for every worker to have a task when the windows are
        /// fewer than the workers.
        func chunks(threads: Int) -> Int {
            windowCount >= threads ? 1 : (threads + windowCount - 1) / windowCount
        }

        /// Estimated wall time in additions for `count` terms on `threads` workers: rounds of
        /// tasks, each task adding its share of the terms into buckets, then two additions per
        /// bucket for the running sums.
        static func cost(count: Int, windowBits: Int, windowCount: Int, threads: Int) -> Int {
            let group = Group(bitLengths: 1...1, windowBits: windowBits, windowCount: windowCount)
            let chunks = group.chunks(threads: threads)
            let rounds = (windowCount * chunks + threads - 1) / threads
            return rounds * (count / chunks + 2 * group.bucketCount)
        }
    }

    let groups: [Group]

    /// Window sizes tried: c = 16 keeps a worker's G2 buckets at 8 MB.
    static let windowSizes = 2...16

    /// Signed c-bit digits of a b-bit magnitude: w windows with c·w ≥ b + 1.
    static func windows(bits: Int, windowBits: Int) -> Int { (bits + windowBits) / windowBits }

    /// The cheapest window for `count` terms of at most `bits` bits.
    static func bestWindow(count: Int, bits: Int, threads: Int) -> (windowBits: Int, windowCount: Int, cost: Int) {
        var best = (windowBits: 2, windowCount: windows(bits: bits, windowBits: 2), cost: Int.max)
        for windowBits in windowSizes {
            let windowCount = windows(bits: bits, windowBits: windowBits)
            let cost = Group.cost(count: count, windowBits: windowBits, windowCount: windowCount, threads: threads)
            if cost < best.cost { best = (windowBits, windowCount, cost) }
        }
        return best
    }

    /// The grouping for `histogram[b]` terms of bit length b (index 0, the skipped terms, is
    /// ignored): the cut of the present bit lengths into ranges of least total cost.
    init(histogram: [Int], threads: Int) {
        let present = (1..<histogram.count).filter { histogram[$0] > 0 }
        // cheapest[k]: the least cost of the first k present lengths, reached by a last group that starts at start[k].
        var cheapest = [0] + [Int](repeating: Int.max, count: present.count)
        var start = [Int](repeating: 0, count: present.count + 1)
        for end in stride(from: 1, through: present.count, by: 1) {
            var count = 0
            for first in stride(from: end - 1, through: 0, by: -1) {
                count += histogram[present[first]]
                let cost = cheapest[first] + Self.bestWindow(count: count, bits: present[end - 1], threads: threads).cost
                if cost < cheapest[end] {
                    cheapest[end] = cost
                    start[end] = first
                }
            }
        }
        var groups: [Group] = []
        var end = present.count
        while end > 0 {
            let first = start[end]
            let count = present[first...(end - 1)].reduce(0) { $0 + histogram[$1] }
            let window = Self.bestWindow(count: count, bits: present[end - 1], threads: threads)
            let lowest = first == 0 ? 1 : present[first - 1] + 1
            groups.append(Group(bitLengths: lowest...present[end - 1], windowBits: window.windowBits, windowCount: window.windowCount))
            end = first
        }
        self.groups = groups.reversed()
    }
}

/// The magnitudes of a group of terms recoded into signed base-2^c digits in [−2^(c−1), 2^(c−1)],
/// every digit negated for a negated term; window-major, so that each task reads one contiguous
/// row. Memory is terms·windows Int32.
struct SignedDigits: @unchecked Sendable {
    let storage: UnsafeMutableBufferPointer<Int32>
    let count: Int

    init(terms: UnsafeBufferPointer<MSMTerm>, windowBits: Int, windowCount: Int, threads: Int) {
        count = terms.count
        let storage = UnsafeMutableBufferPointer<Int32>.allocate(capacity: max(1, terms.count * windowCount))
        self.storage = storage
        let n = terms.count
        runInParallel(chunksOf: n, workers: threads) { range in
            let half = Int64(1) << (windowBits - 1), full = Int64(1) << windowBits
            for i in range {
                let value = terms[i].magnitude, sign: Int64 = terms[i].negated ? -1 : 1
                var carry: Int64 = 0
                for window in 0..<windowCount {
                    var digit = Int64(Self.bits(value, from: window * windowBits, count: windowBits)) + carry
                    carry = 0
                    if digit > half {
                        digit -= full
                        carry = 1
                    }
                    storage[window * n + i] = Int32(sign * digit)
                }
            }
        }
    }

    /// The digits of one window, one per term.
    func row(_ window: Int) -> UnsafeMutableBufferPointer<Int32> {
        UnsafeMutableBufferPointer(rebasing: storage[(window * count)..<((window + 1) * count)])
    }

    func deallocate() { storage.deallocate() }

    /// `count` bits of `value` starting at bit `start` (bits past 255 read as zero).
    static func bits(_ value: Limbs, from start: Int, count: Int) -> UInt64 {
        if start >= 256 { return 0 }
        let limb = start >> 6, shift = UInt64(start & 63)
        var word = value[limb] >> shift
        if shift != 0 && limb < 3 { word |= value[limb + 1] << (64 - shift) }
        return word & ((1 << UInt64(count)) - 1)
    }
}
