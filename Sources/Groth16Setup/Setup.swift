import BN254
import Circuit
import Foundation
import SnarkjsBinary
import Groth16

/// Groth16 key generation (Groth, EUROCRYPT 2016, §3.2) in snarkjs's key layout.
public enum Setup {
    /// A proving key from a prepared powers-of-tau file, as `snarkjs zkey new` builds it (γ = 1,
    /// the Lagrange-basis points of the ceremony combined per wire), followed by one phase-2
    /// contribution of a fresh δ from the operating system's cryptographic generator. The
    /// result is secure if the ceremony was and δ is forgotten, which this function ensures.
    public static func fromPowersOfTau(_ r1cs: R1CS, ptau: PowersOfTau, threads: Int, observer: StageObserver? = nil) throws(SetupError) -> ProvingKey {
        try fromPowersOfTauWithTranscript(r1cs, ptau: ptau, threads: threads, observer: observer).key
    }

    /// `fromPowersOfTau` with the phase-2 transcript its `.zkey` should carry: snarkjs's circuit
    /// hash of the initial key and the record of the fresh-δ contribution, so that `snarkjs zkey
    /// verify` accepts the key and further participants can contribute to it.
    public static func fromPowersOfTauWithTranscript(
        _ r1cs: R1CS, ptau: PowersOfTau, threads: Int, observer: StageObserver? = nil
    ) throws(SetupError) -> (key: ProvingKey, transcript: PhaseTwoTranscript) {
        var stages = StageCounter(observer, stages: 8)
        var key = try initialKey(r1cs, ptau: ptau, threads: threads, stages: &stages)
        stages.begin("circuit hash (BLAKE2b-512)")
        var transcript: PhaseTwoTranscript
        do {
            transcript = PhaseTwoTranscript(circuitHash: try Ceremony.circuitHash(ofInitialKey: key, ptau: ptau))
        } catch {
            throw .powersOfTau(error)
        }
        stages.begin("phase-2 contribution (fresh δ)")
        Ceremony.contribute(to: &key, transcript: &transcript, threads: threads)
        return (key, transcript)
    }

    /// The key `snarkjs zkey new` writes (δ = 1, no contributions): the starting point of a
    /// phase-2 ceremony, and what `snarkjs zkey verify` rebuilds to check one.
    public static func initialKey(_ r1cs: R1CS, ptau: PowersOfTau, threads: Int, observer: StageObserver? = nil) throws(SetupError) -> ProvingKey {
        var stages = StageCounter(observer, stages: 6)
        return try initialKey(r1cs, ptau: ptau, threads: threads, stages: &stages)
    }

    private static func initialKey(_ r1cs: R1CS, ptau: PowersOfTau, threads: Int, stages: inout StageCounter) throws(SetupError) -> ProvingKey {
        stages.begin("QAP layout")
        let layout = try QAPLayout(r1cs)
        let n = layout.domainSize
        do {
            stages.begin("Lagrange points from the ceremony (domain \(n))")
            let lagrange = try ptau.lagrangeG1(size: n)
            let alphaLagrange = try ptau.lagrangeAlphaG1(size: n)
            let betaLagrange = try ptau.lagrangeBetaG1(size: n)
            let lagrangeG2 = try ptau.lagrangeG2(size: n)
            let oddLagrange = try ptau.oddLagrangeG1(size: n)
            let (alpha1, beta1) = try ptau.alphaBetaG1()
            let beta2 = try ptau.betaG2()

            stages.begin("A points (G1)")
            let a = combine(layout.a, [lagrange], threads: threads, msm: msmG1)
            stages.begin("B1 points (G1)")
            let b1 = combine(layout.b, [lagrange], threads: threads, msm: msmG1)
            stages.begin("B2 points (G2)")
            let b2 = combine(layout.b, [lagrangeG2], threads: threads, msm: msmG2)
            stages.begin("β·A + α·B + C points (G1)")
            // β·A_i + α·B_i + C_i: the same three matrices against β·L, α·L and L.
            let shifted = combine(
                [layout.a, layout.b, layout.c], [betaLagrange, alphaLagrange, lagrange], threads: threads, msm: msmG1)
            return ProvingKey(
                variableCount: layout.wireCount, publicInputCount: layout.publicCount, domainSize: n,
                alpha1: alpha1, beta1: beta1, beta2: beta2, gamma2: G2Curve.generator,
                delta1: G1Curve.generator, delta2: G2Curve.generator,
                ic: Array(shifted[0...layout.publicCount]), coefficients: layout.coefficients,
                a: a, b1: b1, b2: b2, c: Array(shifted[(layout.publicCount + 1)...]), h: oddLagrange)
        } catch {
            throw .powersOfTau(error)
        }
    }

    /// A proving key from toxic waste drawn from a seeded generator: INSECURE, for tests,
    /// benchmarks and demos only. Anyone who knows the seed can forge proofs for this key.
    public static func insecureDevelopment(_ r1cs: R1CS, seed: UInt64, threads: Int, observer: StageObserver? = nil) throws(SetupError) -> ProvingKey {
        var stages = StageCounter(observer, stages: 9)
        stages.begin("QAP layout")
        let layout = try QAPLayout(r1cs)
        let n = layout.domainSize
        let waste = InsecureDevelopmentToxicWaste(seed: seed)
        let (tau, alpha, beta, gamma, delta) = (waste.tau, waste.alpha, waste.beta, waste.gamma, waste.delta)
        let domain = EvaluationDomain(log2Size: n.trailingZeroBitCount)
        stages.begin("Lagrange bases at tau (domain \(n))")
        let lagrange = lagrangeBasis(at: tau, size: n, root: domain.generator)
        let oddLagrange = lagrangeBasis(at: tau, size: 2 * n, root: domain.oddCosetShift)
            .enumerated().filter { $0.offset % 2 == 1 }.map(\.element)
        stages.begin("A, B, C polynomials at tau (\(layout.wireCount) wires)")
        let u = layout.evaluate(layout.a, at: lagrange)
        let v = layout.evaluate(layout.b, at: lagrange)
        let w = layout.evaluate(layout.c, at: lagrange)
        let gammaInverse = gamma.inverse()!, deltaInverse = delta.inverse()!
        let combined = (0..<layout.wireCount).map { beta * u[$0] + alpha * v[$0] + w[$0] }
        let ic = combined[0...layout.publicCount].map { $0 * gammaInverse }
        let c = combined[(layout.publicCount + 1)...].map { $0 * deltaInverse }

        let g1 = FixedBaseTable(base: G1Curve.generator), g2 = FixedBaseTable(base: G2Curve.generator)
        let points1 = g1.multiply([alpha, beta, delta], threads: 1)
        let points2 = g2.multiply([beta, gamma, delta], threads: 1)
        stages.begin("IC points (G1)")
        let icPoints = g1.multiply(ic, threads: threads)
        stages.begin("A points (G1, \(u.count))")
        let aPoints = g1.multiply(u, threads: threads)
        stages.begin("B1 points (G1, \(v.count))")
        let b1Points = g1.multiply(v, threads: threads)
        stages.begin("B2 points (G2, \(v.count))")
        let b2Points = g2.multiply(v, threads: threads)
        stages.begin("C points (G1, \(c.count))")
        let cPoints = g1.multiply(c, threads: threads)
        stages.begin("H points (G1, \(n))")
        let hPoints = g1.multiply(oddLagrange.map { $0 * deltaInverse }, threads: threads)
        return ProvingKey(
            variableCount: layout.wireCount, publicInputCount: layout.publicCount, domainSize: n,
            alpha1: points1[0], beta1: points1[1], beta2: points2[0], gamma2: points2[1],
            delta1: points1[2], delta2: points2[2],
            ic: icPoints, coefficients: layout.coefficients,
            a: aPoints, b1: b1Points, b2: b2Points, c: cPoints, h: hPoints)
    }

    /// L_i(x) = ω^i·(x^n − 1)/(n·(x − ω^i)) for i < n, the Lagrange basis of the domain ⟨ω⟩ of
    /// size n at a point x outside it, with one batch inversion.
    static func lagrangeBasis(at x: Fr, size n: Int, root: Fr) -> [Fr] {
        var powers = [Fr](repeating: .one, count: n)
        for i in 1..<max(n, 1) { powers[i] = powers[i - 1] * root }
        var denominators = powers.map { x - $0 }
        Fr.batchInvert(&denominators)
        let scale = (x.power(UInt64(n)) - .one) * Fr(UInt64(n)).inverse()!
        return (0..<n).map { scale * powers[$0] * denominators[$0] }
    }

    static func nonZeroRandom<G: RandomNumberGenerator>(_ generator: inout G) -> Fr {
        while true {
            let value = Fr.random(using: &generator)
            if !value.isZero { return value }
        }
    }

    static func msmG1(_ points: [G1Affine], _ scalars: [Fr]) -> G1Jacobian { multiScalarMultiply(points: points, scalars: scalars, threads: 1) }
    static func msmG2(_ points: [G2Affine], _ scalars: [Fr]) -> G2Jacobian { multiScalarMultiply(points: points, scalars: scalars, threads: 1) }

    /// For each wire, Σ over the given matrices of coefficient·bases[row], on `threads` workers.
    static func combine<C>(
        _ columns: [QAPLayout.Columns], _ bases: [[AffinePoint<C>]], threads: Int,
        msm: ([AffinePoint<C>], [Fr]) -> JacobianPoint<C>
    ) -> [AffinePoint<C>] {
        let wires = columns[0].starts.count - 1
        var sums = [JacobianPoint<C>](repeating: .infinity, count: wires)
        sums.withUnsafeMutableBufferPointer { out in
            runInParallel(chunksOf: wires, workers: threads) { range in
                for wire in range {
                    var points: [AffinePoint<C>] = [], scalars: [Fr] = []
                    for (matrix, base) in zip(columns, bases) {
                        for entry in matrix[wire] {
                            points.append(base[Int(entry.row)])
                            scalars.append(entry.coefficient)
                        }
                    }
                    out[wire] = weightedSum(points, scalars, msm: msm)
                }
            }
        }
        return JacobianPoint.batchToAffine(sums)
    }

    static func combine<C>(
        _ columns: QAPLayout.Columns, _ bases: [[AffinePoint<C>]], threads: Int,
        msm: ([AffinePoint<C>], [Fr]) -> JacobianPoint<C>
    ) -> [AffinePoint<C>] {
        combine([columns], bases, threads: threads, msm: msm)
    }

    /// Σ s_i·P_i for a short list: additions for ±1 coefficients, scalar multiplications for the
    /// rest, and an MSM when the list is long.
    static func weightedSum<C>(_ points: [AffinePoint<C>], _ scalars: [Fr], msm: ([AffinePoint<C>], [Fr]) -> JacobianPoint<C>) -> JacobianPoint<C> {
        if points.count > 16 { return msm(points, scalars) }
        var sum = JacobianPoint<C>.infinity
        for (point, scalar) in zip(points, scalars) {
            if scalar.isOne {
                sum = sum.adding(point)
            } else if (-scalar).isOne {
                sum = sum.adding(-point)
            } else {
                sum += point.multiplied(by: scalar)
            }
        }
        return sum
    }
}

extension ProvingKey {
    /// A phase-2 contribution: δ ← δ·d, so δ1, δ2 are multiplied by d and the C and H queries by
    /// 1/d (snarkjs `zkey contribute`; `Ceremony.contribute` adds its transcript record).
    mutating func contributeDelta(_ d: Fr, threads: Int) {
        let inverse = d.inverse()!
        delta1 = delta1.multiplied(by: d).affine
        delta2 = delta2.multiplied(by: d).affine
        c = Self.scaled(c, by: inverse, threads: threads)
        h = Self.scaled(h, by: inverse, threads: threads)
    }

    private static func scaled(_ points: [G1Affine], by scalar: Fr, threads: Int) -> [G1Affine] {
        var products = [G1Jacobian](repeating: .infinity, count: points.count)
        products.withUnsafeMutableBufferPointer { out in
            runInParallel(chunksOf: points.count, workers: threads) { range in
                for i in range {
                    out[i] = points[i].multiplied(by: scalar)
                }
            }
        }
        return G1Jacobian.batchToAffine(products)
    }
}
