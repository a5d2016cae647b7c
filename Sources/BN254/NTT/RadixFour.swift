import CBN254Kernel

/// The in-place kernels behind `EvaluationDomain`: a bit-reversal permutation, then the
/// decimation-in-time stages (Cooley and Tukey, Math. Comp. 19, 1965; Cormen et al.,
/// "Introduction to Algorithms", §30.3, ITERATIVE-FFT) two at a time as radix-4 passes, with one
/// radix-2 pass when the stage count is odd (Chu and George, "Inside the FFT Black Box", ch. 4).
/// The butterflies are the lazy-reduction kernels of `bn254_ntt.h`: values stay in [0, 2r)
/// between passes and the last pass makes them canonical.
///
/// Cache blocking (Bailey, "FFTs in external or hierarchical memory", J. Supercomputing 4, 1990,
/// the four-step idea without transposition): view the n values as rows of B = 2^log2Block
/// contiguous values. The first log2Block stages only combine values within a row, so each row
/// goes through all of them while it sits in L2. Every later stage pairs values B·2^s apart, so
/// it only combines values of the same column; a chunk of adjacent columns (about 2^14 values in
/// all) then goes through all of those stages at once. Rows and column chunks are independent:
/// they are the units of parallel work of the two phases, so every pass uses every worker.
///
/// Twiddles: the table built by `stageTwiddles(log2Size:)` holds, at offset 2^s, ω_2^(s+1)^j for
/// j < 2^s, the twiddles of stage s in order, so every pass reads them sequentially.
enum RadixFour {
    /// Domains smaller than this run on one worker whatever the thread count.
    static let parallelThreshold = 1 << 10
    /// log2 of the row the early stages work on: 2^14 values = 512 KiB, with their 512 KiB of
    /// twiddles within the 2 MiB L2.
    static let log2RowSize = 14
    /// log2 of the values in a column chunk of the late stages (512 KiB).
    static let log2ChunkSize = 14
    /// log2 of the side of the bit reversal's tiles: 16 rows of 16 values, 8 KiB.
    static let log2TileSize = 4

    /// The concatenated per-stage twiddle tables of the domain of order 2^log2Size with
    /// generator ω: entry 2^s + j = ω^(j·2^(log2Size−1−s)), a primitive 2^(s+1)-th root to the
    /// j-th power, for s < log2Size and j < 2^s; entry 0 is unused (n entries in all, none for
    /// n = 1). The last stage's ω^j come by repeated multiplication, each smaller stage takes
    /// every other entry of the next.
    static func stageTwiddles(log2Size: Int, generator: Fr) -> [Fr] {
        guard log2Size > 0 else { return [] }
        let n = 1 << log2Size
        var table = [Fr](repeating: .one, count: n)
        table.withUnsafeMutableBufferPointer { t in
            let top = n / 2
            for j in stride(from: 1, to: top, by: 1) { t[top + j] = t[top + j - 1] * generator }
            var half = top / 2
            while half >= 1 {
                for j in 0..<half { t[half + j] = t[2 * half + 2 * j] }
                half /= 2
            }
        }
        return table
    }

    /// The DFT of `values` (natural order in and out, n = values.count a power of two) with the
    /// stage twiddles of `stageTwiddles` for a primitive n-th root ω (Cormen et al. §30.3).
    static func transform(_ values: UnsafeMutableBufferPointer<Fr>, twiddles: UnsafeBufferPointer<Fr>, workers: Int) {
        let n = values.count
        guard n > 1, let data = values.baseAddress, let table = twiddles.baseAddress else { return }
        precondition(twiddles.count == n, "RadixFour: twiddle table of the wrong domain")
        let log2Size = n.trailingZeroBitCount
        bitReversePermute(data, log2Size: log2Size, workers: workers)

        let log2Workers = Int.bitWidth - (max(1, workers) - 1).leadingZeroBitCount
        // Rows: at least four per worker; columns: chunks of about 2^log2ChunkSize values, at
        // least four per worker.
        var log2Row = min(log2RowSize, log2Size)
        if workers > 1 { log2Row = max(1, min(log2Row, log2Size - log2Workers - 2)) }
        var log2Width = max(3, log2ChunkSize - (log2Size - log2Row))
        if workers > 1 { log2Width = min(log2Width, log2Row - log2Workers - 2) }
        log2Width = max(0, min(log2Width, log2Row))

        data.withMemoryRebound(to: Limbs.self, capacity: n) { x in
            table.withMemoryRebound(to: Limbs.self, capacity: n) { w in
                runInParallel(chunksOf: n >> log2Row, workers: workers) { rows in
                    for row in rows {
                        rowStages(x + (row << log2Row), log2Row: log2Row, twiddles: w, last: log2Row == log2Size)
                    }
                }
                guard log2Row < log2Size else { return }
                runInParallel(chunksOf: 1 << (log2Row - log2Width), workers: workers) { chunks in
                    for chunk in chunks {
                        columnStages(x, column: chunk << log2Width, width: 1 << log2Width, log2Row: log2Row,
                                     log2Size: log2Size, twiddles: w)
                    }
                }
            }
        }
    }

    /// Stages 0 ..< log2Row on the 2^log2Row contiguous values at `x` (canonical on entry, as
    /// the transform's input); `last` when these are all the transform's stages.
    private static func rowStages(_ x: UnsafeMutablePointer<Limbs>, log2Row: Int, twiddles w: UnsafePointer<Limbs>, last: Bool) {
        let size = 1 << log2Row
        var stage: Int
        if log2Row & 1 == 1 {
            bn254_ntt_radix2_first(x, size / 2, last && log2Row == 1 ? 1 : 0)
            stage = 1
        } else {
            bn254_ntt_radix4_first(x, size / 4, w[3], last && log2Row == 2 ? 1 : 0)  // w[2 + 1] = ω_4
            stage = 2
        }
        while stage < log2Row {
            let quarter = 1 << stage
            let canonical: Int32 = last && stage + 2 == log2Row ? 1 : 0
            for group in stride(from: 0, to: size, by: 4 * quarter) {
                bn254_ntt_radix4(x + group, quarter, w + quarter, w + 2 * quarter, w + 3 * quarter, quarter, canonical)
            }
            stage += 2
        }
    }

    /// Stages log2Row ..< log2Size on the columns column ..< column + width of the rows of
    /// 2^log2Row values at `x`: radix-4 passes, then one radix-2 pass if their count is odd.
    /// Stage s pairs rows 2^(s−log2Row) apart, and value (row, c) takes twiddle entry
    /// 2^s + (row mod 2^(s−log2Row))·2^log2Row + c.
    private static func columnStages(
        _ x: UnsafeMutablePointer<Limbs>, column: Int, width: Int, log2Row: Int, log2Size: Int,
        twiddles w: UnsafePointer<Limbs>
    ) {
        let rows = 1 << (log2Size - log2Row)
        var stage = log2Row
        while stage + 1 < log2Size {
            let quarter = 1 << stage, rowQuarter = 1 << (stage - log2Row)
            let canonical: Int32 = stage + 2 == log2Size ? 1 : 0
            for group in stride(from: 0, to: rows, by: 4 * rowQuarter) {
                for offset in 0..<rowQuarter {
                    let j = (offset << log2Row) + column
                    let start: UnsafeMutablePointer<Limbs> = x + ((group + offset) << log2Row) + column
                    let w1: UnsafePointer<Limbs> = w + (quarter + j)
                    let w2: UnsafePointer<Limbs> = w1 + quarter, w3: UnsafePointer<Limbs> = w2 + quarter
                    bn254_ntt_radix4(start, quarter, w1, w2, w3, width, canonical)
                }
            }
            stage += 2
        }
        if stage < log2Size {
            let half = 1 << stage, rowHalf = 1 << (stage - log2Row)
            for group in stride(from: 0, to: rows, by: 2 * rowHalf) {
                for offset in 0..<rowHalf {
                    let j = (offset << log2Row) + column
                    let start: UnsafeMutablePointer<Limbs> = x + ((group + offset) << log2Row) + column
                    bn254_ntt_radix2(start, half, w + (half + j), width, 1)
                }
            }
        }
    }

    /// values[i] ← values[i]·first·ratio^i for every i (the coset scaling before a transform).
    static func scale(_ values: UnsafeMutableBufferPointer<Fr>, first: Fr, ratio: Fr, workers: Int) {
        guard let data = values.baseAddress else { return }
        runInParallel(chunksOf: values.count, workers: workers) { range in
            var factor = first * ratio.power(UInt64(range.lowerBound))
            for i in range {
                data[i] = data[i] * factor
                factor = factor * ratio
            }
        }
    }

    /// values[k] ← values[(n − k) mod n]·first·ratio^k for every k, n = values.count, where
    /// ratioInverse·ratio = 1: the index reversal that turns a transform with ω into one with
    /// ω^-1 (y_(n−k) = Σ_i x_i·ω^(−ik); Cormen et al. §30.2), merged with the scaling by n^-1
    /// and by a coset's powers.
    static func reverseAndScale(
        _ values: UnsafeMutableBufferPointer<Fr>, first: Fr, ratio: Fr, ratioInverse: Fr, workers: Int
    ) {
        let n = values.count
        guard let data = values.baseAddress else { return }
        data[0] = data[0] * first
        guard n > 1 else { return }
        // Pairs (k, n − k) for k in 1 ... n/2; k = n/2 pairs with itself.
        runInParallel(chunksOf: n / 2, workers: workers) { range in
            let low = range.lowerBound + 1
            var up = first * ratio.power(UInt64(low))
            var down = first * ratio.power(UInt64(n - low))
            for k in low..<range.upperBound + 1 {
                let mirrored = data[n - k]
                data[n - k] = data[k] * down
                data[k] = mirrored * up
                up = up * ratio
                down = down * ratioInverse
            }
        }
    }

    /// Swaps values[i] and values[reverse(i)] for all i, in place, tile by tile (Carter and
    /// Gatlin, "Towards an optimal bit-reversal permutation program", FOCS 1998): with i split
    /// into top, middle and low bits (a, b, c), t bits each for a and c, reverse(i) is
    /// (reverse(c), reverse(b), reverse(a)), so the 2^t rows of 2^t contiguous values with middle
    /// b trade places with those with middle reverse(b), and both tiles stay in L1 meanwhile.
    private static func bitReversePermute(_ data: UnsafeMutablePointer<Fr>, log2Size: Int, workers: Int) {
        let log2Tile = min(log2TileSize, log2Size / 2), middleBits = log2Size - 2 * log2Tile
        let tile = 1 << log2Tile, rowStride = 1 << (log2Size - log2Tile)
        runInParallel(chunksOf: 1 << middleBits, workers: workers) { middles in
            for middle in middles {
                let mirror = reverse(middle, bits: middleBits)
                guard middle <= mirror else { continue }
                let low = data + (middle << log2Tile), high = data + (mirror << log2Tile)
                for a in 0..<tile {
                    let reversedA = reverse(a, bits: log2Tile)
                    for c in 0..<tile {
                        let i = a * rowStride + c, r = reverse(c, bits: log2Tile) * rowStride + reversedA
                        if middle < mirror || i < r {
                            let t = low[i]
                            low[i] = high[r]
                            high[r] = t
                        }
                    }
                }
            }
        }
    }

    /// The low `bits` bits of x in reverse order.
    @inline(__always)
    private static func reverse(_ x: Int, bits: Int) -> Int {
        Int(truncatingIfNeeded: reverseBits(UInt64(x)) >> UInt64(64 - bits))
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
