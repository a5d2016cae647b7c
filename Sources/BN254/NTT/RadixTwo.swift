import Dispatch

/// The in-place radix-2 kernels behind `EvaluationDomain`: bit-reversal permutation, then
/// decimation-in-time butterfly stages (Cormen et al., "Introduction to Algorithms", §30.3,
/// ITERATIVE-FFT; Chu and George, "Inside the FFT Black Box", ch. 4, the DIT "RN" ordering).
///
/// Stages with butterfly groups of up to 2^log2BlockSize points run block by block, each block
/// taken through all those stages while it sits in cache (the blocks are independent, so they
/// are also the unit of parallel work); the remaining stages, whose groups are larger, split
/// each stage's butterflies across workers. Parallel work goes through
/// `DispatchQueue.concurrentPerform` over a fixed number of chunks; one worker is sequential.
enum RadixTwo {
    /// Domains smaller than this run on one worker whatever the thread count.
    static let parallelThreshold = 1 << 10
    /// log2 of the block the early stages work on: 2^14 values = 512 KiB, within L2.
    static let log2BlockSize = 14

    /// The DFT of `values` (natural order in and out) with twiddles[i] = ω^i, i < n/2, where ω
    /// is a primitive n-th root of unity, n = values.count a power of two (Cormen et al. §30.3).
    static func transform(_ values: UnsafeMutableBufferPointer<Fr>, twiddles: UnsafeBufferPointer<Fr>, workers: Int) {
        let n = values.count
        guard n > 1, let data = values.baseAddress, let w = twiddles.baseAddress else { return }
        let log2Size = n.trailingZeroBitCount
        bitReversePermute(data, log2Size: log2Size, workers: workers)

        // Enough blocks for every worker to get one.
        var log2Block = min(log2BlockSize, log2Size)
        if workers > 1 {
            let log2Workers = Int.bitWidth - (workers - 1).leadingZeroBitCount
            log2Block = max(0, min(log2Block, log2Size - log2Workers))
        }
        let blockHalf = (1 << log2Block) / 2
        if log2Block > 0 {
            runInParallel(chunksOf: n >> log2Block, workers: workers) { blocks in
                for block in blocks {
                    let base = data + (block << log2Block)
                    for log2Half in 0..<log2Block {
                        butterflies(base, log2Half: log2Half, twiddles: w, twiddleStride: n >> (log2Half + 1),
                                    range: 0..<blockHalf)
                    }
                }
            }
        }
        for log2Half in log2Block..<log2Size {
            runInParallel(chunksOf: n / 2, workers: workers) { range in
                butterflies(data, log2Half: log2Half, twiddles: w, twiddleStride: n >> (log2Half + 1), range: range)
            }
        }
    }

    /// values[i] ← values[i]·first·ratio^i for every i (the coset and 1/n scalings).
    static func scale(_ values: UnsafeMutableBufferPointer<Fr>, first: Fr, ratio: Fr, workers: Int) {
        guard let data = values.baseAddress else { return }
        runInParallel(chunksOf: values.count, workers: workers) { range in
            if ratio.isOne {
                for i in range { data[i] = data[i] * first }
            } else {
                var factor = first * ratio.power(UInt64(range.lowerBound))
                for i in range {
                    data[i] = data[i] * factor
                    factor = factor * ratio
                }
            }
        }
    }

    /// Butterflies number range.lowerBound ..< range.upperBound of one DIT stage whose groups
    /// have 2·2^log2Half points: butterfly k pairs j = k mod 2^log2Half of group k / 2^log2Half
    /// with its partner 2^log2Half further on, twisted by ω^(j·twiddleStride).
    @inline(__always)
    private static func butterflies(
        _ data: UnsafeMutablePointer<Fr>, log2Half: Int, twiddles: UnsafePointer<Fr>, twiddleStride: Int,
        range: Range<Int>
    ) {
        let half = 1 << log2Half
        var k = range.lowerBound
        while k < range.upperBound {
            let first = k & (half - 1)
            let end = min(half, first + range.upperBound - k)
            let low = data + ((k >> log2Half) << (log2Half + 1))
            let high = low + half
            var j = first
            if j == 0 {  // ω^0 = 1: no multiplication
                let u = low[0], v = high[0]
                low[0] = u + v
                high[0] = u - v
                j = 1
            }
            var twiddle = twiddles + j * twiddleStride
            while j < end {
                let u = low[j], v = high[j] * twiddle.pointee
                low[j] = u + v
                high[j] = u - v
                twiddle += twiddleStride
                j += 1
            }
            k += end - first
        }
    }

    /// Swaps values[i] and values[reverse(i)] for all i (Cormen et al. §30.3, BIT-REVERSE-COPY,
    /// done in place).
    private static func bitReversePermute(_ data: UnsafeMutablePointer<Fr>, log2Size: Int, workers: Int) {
        let shift = UInt64(64 - log2Size)
        runInParallel(chunksOf: 1 << log2Size, workers: workers) { range in
            for i in range {
                let r = Int(truncatingIfNeeded: reverseBits(UInt64(i)) >> shift)
                if i < r { data.swapAt(i, r) }
            }
        }
    }

    /// The 64 bits of x in reverse order (Warren, "Hacker's Delight", §7-1).
    @inline(__always)
    private static func reverseBits(_ x: UInt64) -> UInt64 {
        var x = x
        x = (x & 0x5555_5555_5555_5555) << 1 | (x >> 1) & 0x5555_5555_5555_5555
        x = (x & 0x3333_3333_3333_3333) << 2 | (x >> 2) & 0x3333_3333_3333_3333
        x = (x & 0x0F0F_0F0F_0F0F_0F0F) << 4 | (x >> 4) & 0x0F0F_0F0F_0F0F_0F0F
        return x.byteSwapped
    }
}

extension UnsafeMutablePointer {
    /// Exchanges the pointees at offsets i and j.
    @inline(__always)
    fileprivate func swapAt(_ i: Int, _ j: Int) {
        let t = self[i]
        self[i] = self[j]
        self[j] = t
    }
}
