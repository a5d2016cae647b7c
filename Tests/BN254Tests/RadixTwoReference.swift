import BN254

/// The test twin of `EvaluationDomain`'s radix-4 kernels: the radix-2 path they replaced, a
/// bit-reversal permutation then decimation-in-time butterfly stages with fully reduced field
/// operations and the twiddles ω^i read at a stride (Cormen et al., "Introduction to Algorithms",
/// §30.3, ITERATIVE-FFT). Stages with groups of up to 2^14 points run block by block, the rest
/// split each stage across workers, as the old code did.
enum RadixTwoReference {
    /// ω^i for i < n/2, n = 2^log2Size, ω = root.
    static func twiddles(root: Fr, log2Size: Int) -> [Fr] {
        let half = (1 << log2Size) / 2
        var table = [Fr](repeating: .one, count: half)
        for i in stride(from: 1, to: half, by: 1) { table[i] = table[i - 1] * root }
        return table
    }

    /// The DFT of `values` at the powers of `root`, a primitive n-th root of unity.
    static func forward(_ values: inout [Fr], root: Fr, threads: Int) {
        let log2Size = values.count.trailingZeroBitCount
        let table = twiddles(root: root, log2Size: log2Size)
        values.withUnsafeMutableBufferPointer { buffer in
            table.withUnsafeBufferPointer { transform(buffer, twiddles: $0, workers: threads) }
        }
    }

    /// The inverse DFT: the transform at the powers of root^-1, then scaling by n^-1.
    static func inverse(_ values: inout [Fr], root: Fr, threads: Int) {
        forward(&values, root: root.inverse()!, threads: threads)
        let scale = Fr(UInt64(values.count)).inverse()!
        for i in values.indices { values[i] *= scale }
    }

    /// Evaluations at shift·root^i: coefficient i times shift^i, then `forward`.
    static func cosetForward(_ values: inout [Fr], shift: Fr, root: Fr, threads: Int) {
        var factor = Fr.one
        for i in values.indices {
            values[i] *= factor
            factor *= shift
        }
        forward(&values, root: root, threads: threads)
    }

    private static let log2BlockSize = 14

    private static func transform(_ values: UnsafeMutableBufferPointer<Fr>, twiddles: UnsafeBufferPointer<Fr>, workers: Int) {
        let n = values.count
        guard n > 1, let data = values.baseAddress, let w = twiddles.baseAddress else { return }
        let log2Size = n.trailingZeroBitCount
        let shift = UInt64(64 - log2Size)
        for i in 0..<n {
            let r = Int(truncatingIfNeeded: reverseBits(UInt64(i)) >> shift)
            if i < r { values.swapAt(i, r) }
        }
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

    /// Butterflies range of one DIT stage whose groups have 2·2^log2Half points.
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
            for j in first..<end {
                let u = low[j], v = high[j] * twiddles[j * twiddleStride]
                low[j] = u + v
                high[j] = u - v
            }
            k += end - first
        }
    }

    /// The 64 bits of x in reverse order (Warren, "Hacker's Delight", §7-1).
    private static func reverseBits(_ x: UInt64) -> UInt64 {
        var x = x
        x = (x & 0x5555_5555_5555_5555) << 1 | (x >> 1) & 0x5555_5555_5555_5555
        x = (x & 0x3333_3333_3333_3333) << 2 | (x >> 2) & 0x3333_3333_3333_3333
        x = (x & 0x0F0F_0F0F_0F0F_0F0F) << 4 | (x >> 4) & 0x0F0F_0F0F_0F0F_0F0F
        return x.byteSwapped
    }
}
