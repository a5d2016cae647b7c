import Foundation

/// Σ scalars[i]·points[i] in G1 by Pippenger's bucket method with signed window digits, XYZZ
/// buckets and the windows shared out over `threads` workers of a fixed pool (never Swift's
/// cooperative pool).
///
/// The bucket method is Pippenger's ("On the evaluation of powers and related problems", FOCS
/// 1976) as Bernstein, Doumen, Lange and Oosterwijk describe it ("Faster batch forgery
/// identification", INDOCRYPT 2012, §4); signed digits halve the buckets, as in Botrel and El
/// Housni, "Faster Montgomery multiplication and multi-scalar-multiplication for SNARKs" (TCHES
/// 2023, §4.1). Zero scalars and points at infinity are skipped.
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
    let plan = PippengerPlan(count: points.count)
    let digits = SignedDigits(scalars: scalars, windowBits: plan.windowBits, windowCount: plan.windowCount, threads: threads)
    let windowSums = UnsafeMutableBufferPointer<JacobianPoint<Curve>>.allocate(capacity: plan.windowCount)
    defer { windowSums.deallocate() }
    let workers = min(threads, plan.windowCount)
    runInParallel(workers) { worker in
        // Windows are striped over workers; each worker owns its buckets.
        let buckets = UnsafeMutableBufferPointer<XYZZPoint<Curve>>.allocate(capacity: plan.bucketCount)
        defer { buckets.deallocate() }
        for window in stride(from: worker, to: plan.windowCount, by: workers) {
            (windowSums.baseAddress! + window).initialize(
                to: windowSum(window: window, points: points, digits: digits, buckets: buckets))
        }
    }
    // Horner over the windows, most significant first: Σ 2^(c·w)·S_w.
    var result = JacobianPoint<Curve>.infinity
    for window in stride(from: plan.windowCount - 1, through: 0, by: -1) {
        if !result.isInfinity {
            for _ in 0..<plan.windowBits { result = result.doubled() }
        }
        result += windowSums[window]
    }
    windowSums.deinitialize()
    digits.deallocate()
    return result
}

/// S_w = Σ_i d_{i,w}·P_i for one window: each point goes into bucket |d| − 1 (negated when d < 0),
/// then Σ_k (k + 1)·B_k by the running-sum trick.
func windowSum<Curve: ShortWeierstrassCurve>(
    window: Int, points: UnsafeBufferPointer<AffinePoint<Curve>>, digits: SignedDigits,
    buckets: UnsafeMutableBufferPointer<XYZZPoint<Curve>>
) -> JacobianPoint<Curve> {
    for k in 0..<buckets.count { buckets[k] = .infinity }
    let row = digits.row(window)
    for i in 0..<points.count {
        let digit = Int(row[i])
        if digit == 0 { continue }
        let point = points[i]
        if point.isInfinity { continue }
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

/// The window size and count for n points: c minimizing (windows)·(n + 2^(c−1)), the additions
/// into buckets plus the bucket reductions.
struct PippengerPlan {
    let windowBits: Int
    let windowCount: Int
    var bucketCount: Int { 1 << (windowBits - 1) }

    init(count: Int) {
        var best = (bits: 2, cost: Int.max)
        for bits in 2...16 {
            let windows = Self.windows(bits)
            let cost = windows * (count + (1 << (bits - 1)) * 2)
            if cost < best.cost { best = (bits, cost) }
        }
        windowBits = best.bits
        windowCount = Self.windows(best.bits)
    }

    /// Windows needed for 254-bit scalars whose signed digits may carry one bit further.
    static func windows(_ bits: Int) -> Int { (254 + bits) / bits }
}

/// The scalars recoded into signed base-2^c digits in [−2^(c−1), 2^(c−1)], window-major so that
/// each worker reads one contiguous row. Memory is n·windows Int32.
@usableFromInline
struct SignedDigits: @unchecked Sendable {
    @usableFromInline let storage: UnsafeMutableBufferPointer<Int32>
    @usableFromInline let count: Int

    init(scalars: UnsafeBufferPointer<Fr>, windowBits: Int, windowCount: Int, threads: Int) {
        count = scalars.count
        let storage = UnsafeMutableBufferPointer<Int32>.allocate(capacity: max(1, scalars.count * windowCount))
        self.storage = storage
        let n = scalars.count
        runInParallel(chunksOf: n, workers: threads) { range in
            let half = Int64(1) << (windowBits - 1), full = Int64(1) << windowBits
            for i in range {
                let value = scalars[i].canonicalLimbs
                var carry: Int64 = 0
                for window in 0..<windowCount {
                    var digit = Int64(Self.bits(value, from: window * windowBits, count: windowBits)) + carry
                    carry = 0
                    if digit > half {
                        digit -= full
                        carry = 1
                    }
                    storage[window * n + i] = Int32(digit)
                }
            }
        }
    }

    /// The digits of one window, one per scalar.
    @inlinable
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
