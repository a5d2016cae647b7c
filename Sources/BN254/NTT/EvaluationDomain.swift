/// The multiplicative subgroup {ω^0, …, ω^(n−1)} of F_r of size n = 2^log2Size, with the twiddle
/// table its number-theoretic transforms reuse (Cormen et al., "Introduction to Algorithms", §30.2).
///
/// ω is `Fr.rootOfUnity(log2Order: log2Size)`, the root snarkjs and circom use, so evaluations
/// match theirs index for index. Every transform takes and returns natural order. The Groth16
/// prover of snarkjs and rapidsnark evaluates on the odd coset of the 2n domain: pass
/// `shift: oddCosetShift` (= ω_2n, `Fr.rootOfUnity(log2Order: log2Size + 1)`) to
/// `cosetForward`/`cosetInverse`/`reevaluateOnCoset`.
///
/// Memory: the per-stage twiddle tables hold n elements in all, 32·n bytes (512 MiB at 2^24),
/// built once by `init` and shared by copies of the domain. The inverse transforms reuse them:
/// a transform with ω^-1 is the one with ω followed by the index reversal k → n − k.
public struct EvaluationDomain: Sendable {
    /// log2 of the domain size.
    public let log2Size: Int
    /// The domain size n = 2^log2Size.
    public let size: Int
    /// The generator ω, a primitive n-th root of unity.
    public let generator: Fr
    /// ω^-1.
    public let generatorInverse: Fr
    /// n^-1 in F_r, the scale of the inverse transform.
    public let sizeInverse: Fr
    /// The twiddles of every stage, stage s at offset 2^s (see `RadixFour.stageTwiddles`).
    let twiddles: [Fr]

    /// The domain of size 2^log2Size, log2Size in 0...28, with its per-stage twiddle tables.
    public init(log2Size: Int) {
        precondition((0...Fr.twoAdicity).contains(log2Size), "EvaluationDomain: log2Size must be in 0...28")
        self.log2Size = log2Size
        size = 1 << log2Size
        let omega = Fr.rootOfUnity(log2Order: log2Size)
        generator = omega
        generatorInverse = omega.inverse()!
        sizeInverse = Fr(UInt64(size)).inverse()!
        twiddles = RadixFour.stageTwiddles(log2Size: log2Size, generator: omega)
    }

    /// The smallest domain with at least `count` points, or nil if that exceeds 2^28 (the
    /// two-adicity of F_r, snarkjs's limit as well).
    public init?(covering count: Int) {
        var log2Size = 0
        while (1 << log2Size) < count {
            log2Size += 1
            if log2Size > Fr.twoAdicity { return nil }
        }
        self.init(log2Size: log2Size)
    }

    /// ω_2n = `Fr.rootOfUnity(log2Order: log2Size + 1)`: the shift of the odd coset of the 2n
    /// domain on which snarkjs/rapidsnark's Groth16 prover evaluates A·B − C (needs log2Size < 28).
    public var oddCosetShift: Fr {
        precondition(log2Size < Fr.twoAdicity, "EvaluationDomain: no 2n-th root of unity for n = 2^28")
        return Fr.rootOfUnity(log2Order: log2Size + 1)
    }
}

extension EvaluationDomain {
    /// Coefficients → evaluations at ω^0 … ω^(n−1), in place: radix-4 decimation in time after a
    /// bit-reversal permutation (Cormen et al. §30.3, ITERATIVE-FFT; see `RadixFour`).
    public func forward(_ values: UnsafeMutableBufferPointer<Fr>, threads: Int) {
        checkSize(values.count)
        transform(values, workers: workers(threads))
    }

    /// Evaluations at ω^0 … ω^(n−1) → coefficients, in place: the transform with ω, the index
    /// reversal k → n − k that makes it the one with ω^-1, and the scaling by n^-1 (Cormen et
    /// al. §30.2, interpolation at the complex roots of unity).
    public func inverse(_ values: UnsafeMutableBufferPointer<Fr>, threads: Int) {
        checkSize(values.count)
        let workers = workers(threads)
        transform(values, workers: workers)
        RadixFour.reverseAndScale(values, first: sizeInverse, ratio: .one, ratioInverse: .one, workers: workers)
    }

    /// Coefficients → evaluations at shift·ω^i, in place: coefficient i times shift^i, then
    /// `forward` (Cormen et al. §30.2). For Groth16 use `shift: oddCosetShift`.
    public func cosetForward(_ values: UnsafeMutableBufferPointer<Fr>, shift: Fr, threads: Int) {
        checkSize(values.count)
        let workers = workers(threads)
        RadixFour.scale(values, first: .one, ratio: shift, workers: workers)
        transform(values, workers: workers)
    }

    /// Evaluations at shift·ω^i → coefficients, in place, undoing `cosetForward`: the inverse
    /// transform, its scaling by n^-1 merged with coefficient i times shift^-i. `shift` must be
    /// non-zero.
    public func cosetInverse(_ values: UnsafeMutableBufferPointer<Fr>, shift: Fr, threads: Int) {
        checkSize(values.count)
        guard let shiftInverse = shift.inverse() else {
            preconditionFailure("EvaluationDomain.cosetInverse: the coset shift must be non-zero")
        }
        let workers = workers(threads)
        transform(values, workers: workers)
        RadixFour.reverseAndScale(values, first: sizeInverse, ratio: shiftInverse, ratioInverse: shift, workers: workers)
    }

    /// Evaluations at ω^i → evaluations at shift·ω^i of the same polynomial of degree < n, in
    /// place: `inverse` then `cosetForward`, with their scalings by n^-1 and shift^i merged into
    /// the index reversal (one pass over memory instead of three). `shift` must be non-zero.
    public func reevaluateOnCoset(_ values: UnsafeMutableBufferPointer<Fr>, shift: Fr, threads: Int) {
        checkSize(values.count)
        guard let shiftInverse = shift.inverse() else {
            preconditionFailure("EvaluationDomain.reevaluateOnCoset: the coset shift must be non-zero")
        }
        let workers = workers(threads)
        transform(values, workers: workers)
        RadixFour.reverseAndScale(values, first: sizeInverse, ratio: shift, ratioInverse: shiftInverse, workers: workers)
        transform(values, workers: workers)
    }

    /// `forward` on an array of exactly n values (Cormen et al. §30.3).
    public func forward(_ values: inout [Fr], threads: Int) {
        values.withUnsafeMutableBufferPointer { forward($0, threads: threads) }
    }

    /// `inverse` on an array of exactly n values (Cormen et al. §30.2).
    public func inverse(_ values: inout [Fr], threads: Int) {
        values.withUnsafeMutableBufferPointer { inverse($0, threads: threads) }
    }

    /// `cosetForward` on an array of exactly n values (Cormen et al. §30.2).
    public func cosetForward(_ values: inout [Fr], shift: Fr, threads: Int) {
        values.withUnsafeMutableBufferPointer { cosetForward($0, shift: shift, threads: threads) }
    }

    /// `cosetInverse` on an array of exactly n values (Cormen et al. §30.2).
    public func cosetInverse(_ values: inout [Fr], shift: Fr, threads: Int) {
        values.withUnsafeMutableBufferPointer { cosetInverse($0, shift: shift, threads: threads) }
    }

    /// `reevaluateOnCoset` on an array of exactly n values (Cormen et al. §30.2).
    public func reevaluateOnCoset(_ values: inout [Fr], shift: Fr, threads: Int) {
        values.withUnsafeMutableBufferPointer { reevaluateOnCoset($0, shift: shift, threads: threads) }
    }

    /// The DFT with ω of `values`, natural order in and out (`RadixFour.transform`).
    private func transform(_ values: UnsafeMutableBufferPointer<Fr>, workers: Int) {
        twiddles.withUnsafeBufferPointer { RadixFour.transform(values, twiddles: $0, workers: workers) }
    }

    private func checkSize(_ count: Int) {
        precondition(count == size, "EvaluationDomain: expected \(size) values, got \(count)")
    }

    /// Worker count for this size: 1 (purely sequential) for small domains, where dispatch
    /// would cost more than it saves, and for `threads` < 1.
    private func workers(_ threads: Int) -> Int {
        size < RadixFour.parallelThreshold ? 1 : max(1, threads)
    }
}
