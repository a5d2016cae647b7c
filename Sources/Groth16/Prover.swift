import BN254
import Dispatch
import Foundation

/// Why a proof was not produced.
public enum ProvingError: Error, Equatable, CustomStringConvertible {
    /// The witness has a different number of wires than the key.
    case witnessLengthMismatch(expected: Int, actual: Int)
    /// Wire 0 of the witness must be the constant 1.
    case witnessConstantWire(found: String)
    /// The witness does not satisfy the circuit (with the failing constraint's description).
    case unsatisfied(String)
    /// The key's points gave a proof point off its curve or outside G2 (a key built from unchecked points).
    case invalidKey(Groth16PointError)

    public var description: String {
        switch self {
        case let .witnessLengthMismatch(expected, actual):
            return "the witness has \(actual) values but the proving key expects \(expected)"
        case let .witnessConstantWire(found):
            return "witness[0] must be 1 (the constant wire), found \(found)"
        case let .unsatisfied(reason):
            return "the witness does not satisfy the circuit: \(reason)"
        case let .invalidKey(error):
            return "the proving key is invalid: the proof's \(error)"
        }
    }
}

/// Where the time of one proof went, in seconds.
public struct ProvingTimings: Sendable {
    public var witnessCheck: Double = 0
    public var quotient: Double = 0
    public var msmA: Double = 0
    public var msmB1: Double = 0
    public var msmB2: Double = 0
    public var msmC: Double = 0
    public var msmH: Double = 0
    /// All stages zero, to be filled by `prove`.
    public init() {}
    public var total: Double { witnessCheck + quotient + msmA + msmB1 + msmB2 + msmC + msmH }
}

/// The Groth16 prover over a snarkjs-layout proving key (Groth, EUROCRYPT 2016, §3.2), computing
/// the quotient as snarkjs and rapidsnark do so that their `.zkey` files work unchanged: A·w and
/// B·w on the n-domain, C = (A·w)∘(B·w), all three moved to the odd coset ω_2n·⟨ω_n⟩ by an
/// inverse NTT and a coset NTT, and P = A·B − C there paired with the zkey's H points (the odd
/// Lagrange basis of the 2n-domain divided by δ). Every MSM and NTT uses `threads` workers.
public struct Prover: Sendable {
    public let key: ProvingKey
    public let threads: Int
    private let domain: EvaluationDomain

    /// A prover for `key` using `threads` workers (default: every core).
    public init(key: ProvingKey, threads: Int = ProcessInfo.processInfo.activeProcessorCount) {
        precondition(threads >= 1, "the prover needs at least one thread")
        self.key = key
        self.threads = threads
        self.domain = EvaluationDomain(log2Size: key.domainLog2)
    }

    /// A proof for `witness` (all wires, wire 0 = 1) with fresh randomness r, s from the
    /// operating system's cryptographic generator. `witnessCheck`, when given, runs first (the
    /// circuit's satisfiability check: see `Groth16Setup`'s `prove(witness:checkedAgainst:)`)
    /// and returns a description of the first failing constraint.
    public func prove(witness: [Fr], witnessCheck: (([Fr]) -> String?)? = nil, observer: StageObserver? = nil) throws(ProvingError) -> Proof {
        var generator = SystemRandomNumberGenerator()
        var timings = ProvingTimings()
        return try prove(witness: witness, witnessCheck: witnessCheck, using: &generator, timings: &timings, observer: observer)
    }

    /// `prove` with the randomness drawn from `generator` and the stage timings reported.
    /// Only tests may pass a seeded generator: a predictable r or s reveals the witness.
    public func prove<G: RandomNumberGenerator>(
        witness: [Fr], witnessCheck: (([Fr]) -> String?)?, using generator: inout G, timings: inout ProvingTimings,
        observer: StageObserver? = nil
    ) throws(ProvingError) -> Proof {
        var clock = StageClock()
        var stages = StageCounter(observer, stages: 7)
        stages.begin("witness check")
        guard witness.count == key.variableCount else {
            throw .witnessLengthMismatch(expected: key.variableCount, actual: witness.count)
        }
        guard witness[0].isOne else { throw .witnessConstantWire(found: witness[0].description) }
        if let witnessCheck, let failure = witnessCheck(witness) { throw .unsatisfied(failure) }
        timings.witnessCheck = clock.lap()

        stages.begin("quotient: 3 inverse and 3 coset NTTs of size \(key.domainSize)")
        let quotient = quotientOnOddCoset(witness)
        timings.quotient = clock.lap()

        let r = Fr.random(using: &generator), s = Fr.random(using: &generator)
        stages.begin("MSM A (G1, \(key.a.count) points)")
        let piA = JacobianPoint(key.alpha1) + multiScalarMultiply(points: key.a, scalars: witness, threads: threads)
            + JacobianPoint(key.delta1).multiplied(by: r)
        timings.msmA = clock.lap()
        stages.begin("MSM B1 (G1, \(key.b1.count) points)")
        let piB1 = JacobianPoint(key.beta1) + multiScalarMultiply(points: key.b1, scalars: witness, threads: threads)
            + JacobianPoint(key.delta1).multiplied(by: s)
        timings.msmB1 = clock.lap()
        stages.begin("MSM B2 (G2, \(key.b2.count) points)")
        let piB = JacobianPoint(key.beta2) + multiScalarMultiply(points: key.b2, scalars: witness, threads: threads)
            + JacobianPoint(key.delta2).multiplied(by: s)
        timings.msmB2 = clock.lap()
        let privateWitness = Array(witness[(key.publicInputCount + 1)...])
        stages.begin("MSM C (G1, \(key.c.count) points)")
        var piC = multiScalarMultiply(points: key.c, scalars: privateWitness, threads: threads)
        timings.msmC = clock.lap()
        stages.begin("MSM H (G1, \(key.h.count) points)")
        piC += multiScalarMultiply(points: key.h, scalars: quotient, threads: threads)
        timings.msmH = clock.lap()
        piC += piA.multiplied(by: s) + piB1.multiplied(by: r) - JacobianPoint(key.delta1).multiplied(by: r * s)

        let affine = G1Jacobian.batchToAffine([piA, piC])
        // Checked like any other proof (about a millisecond): a key assembled from unchecked points
        // cannot yield a Proof off the curves.
        do { return try Proof(a: affine[0], b: piB.affine, c: affine[1]) } catch { throw .invalidKey(error) }
    }

    /// P(ω_2n·ω_n^i) = A(x)·B(x) − C(x) on the odd coset, for i < n.
    func quotientOnOddCoset(_ witness: [Fr]) -> [Fr] {
        let n = key.domainSize
        var a = [Fr](repeating: .zero, count: n)
        var b = [Fr](repeating: .zero, count: n)
        var c = [Fr](repeating: .zero, count: n)
        a.withUnsafeMutableBufferPointer { a in
            b.withUnsafeMutableBufferPointer { b in
                c.withUnsafeMutableBufferPointer { c in
                    // A·w and B·w: with two workers or more, one sums A's terms and one B's, so that
                    // each row is written by one worker whatever the order of the key's coefficients.
                    let split = threads >= 2
                    runInParallel(split ? 2 : 1) { worker in
                        for coefficient in key.coefficients where !split || Int(coefficient.matrix) == worker {
                            let term = coefficient.value * witness[Int(coefficient.signal)]
                            if coefficient.matrix == 0 {
                                a[Int(coefficient.constraint)] += term
                            } else {
                                b[Int(coefficient.constraint)] += term
                            }
                        }
                    }
                    runInParallel(chunksOf: n, workers: threads) { range in
                        for i in range { c[i] = a[i] * b[i] }
                    }
                }
            }
        }
        let shift = domain.oddCosetShift
        // The three transforms are independent: with three or more workers each gets a third of
        // them; otherwise they run one after the other, each on every worker.
        let concurrent = threads >= 3
        let perTransform = concurrent ? threads / 3 : threads
        a.withUnsafeMutableBufferPointer { aBuffer in
            b.withUnsafeMutableBufferPointer { bBuffer in
                c.withUnsafeMutableBufferPointer { cBuffer in
                    let buffers = [aBuffer, bBuffer, cBuffer]
                    runInParallel(concurrent ? 3 : 1) { worker in
                        for index in (concurrent ? worker...worker : 0...2) {
                            domain.reevaluateOnCoset(buffers[index], shift: shift, threads: perTransform)
                        }
                    }
                }
            }
        }
        a.withUnsafeMutableBufferPointer { a in
            b.withUnsafeBufferPointer { b in
                c.withUnsafeBufferPointer { c in
                    runInParallel(chunksOf: n, workers: threads) { range in
                        for i in range { a[i] = a[i] * b[i] - c[i] }
                    }
                }
            }
        }
        return a
    }
}

/// Seconds between successive `lap()` calls.
struct StageClock {
    private var last = DispatchTime.now().uptimeNanoseconds

    mutating func lap() -> Double {
        let now = DispatchTime.now().uptimeNanoseconds
        defer { last = now }
        return Double(now - last) / 1e9
    }
}
