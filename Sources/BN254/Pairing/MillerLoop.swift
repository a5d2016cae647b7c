import BigInteger

/// The Miller loop of the optimal ate pairing on BN254 over 6x + 2, x = 4965661367192848881.
enum MillerLoop {
    /// The BN parameter x (positive for BN254, so no final conjugation is needed).
    static let x: UInt64 = 4_965_661_367_192_848_881

    /// 6x + 2 in non-adjacent form, most significant digit first (digits in {−1, 0, 1}).
    static let digits: [Int8] = {
        var n = BigInt(6) * BigInt(x) + 2
        var naf: [Int8] = []
        while !n.isZero {
            if n.isOdd {
                let digit: Int8 = (n.modulo(4) == 1) ? 1 : -1
                naf.append(digit)
                n = n - BigInt(Int(digit))
            } else {
                naf.append(0)
            }
            n = n >> 1
        }
        return naf.reversed()
    }()

    /// Lines per prepared G2 point: one per doubling, one per non-zero digit, two corrections.
    static let lineCount = digits.count - 1 + digits.dropFirst().filter { $0 != 0 }.count + 2

    /// ∏ f_{6x+2,Q_i}(P_i) times the correction lines, sharing the squarings across pairs.
    static func evaluate(_ pairs: [(G1Affine, G2Prepared)]) -> Fq12 {
        let active = pairs.filter { !$0.0.isInfinity && !$0.1.isInfinity }
        var f = Fq12.one
        var lineIndex = 0
        for (step, digit) in digits.dropFirst().enumerated() {
            if step > 0 { f = f.squared() }
            for (p, q) in active { f.multiplyByLine(q.lines[lineIndex], at: p) }
            lineIndex += 1
            if digit != 0 {
                for (p, q) in active { f.multiplyByLine(q.lines[lineIndex], at: p) }
                lineIndex += 1
            }
        }
        for _ in 0..<2 {
            for (p, q) in active { f.multiplyByLine(q.lines[lineIndex], at: p) }
            lineIndex += 1
        }
        return f
    }
}

extension Fq12 {
    /// self ← self · ((c0·y_P) + (c1·x_P)·w + c2·v·w), a sparse product of 13 F_q2 multiplications
    /// instead of 18.
    @inlinable
    mutating func multiplyByLine(_ line: LineCoefficients, at p: G1Affine) {
        let l0 = line.c0 * p.y  // coefficient of 1
        let l3 = line.c1 * p.x  // coefficient of w
        let l4 = line.c2  // coefficient of v·w
        let a = c0 * l0
        let b = c1.multipliedBySparse(l3, l4)
        let mixed = (c0 + c1).multipliedBySparse(l3 + l0, l4)
        c1 = mixed - a - b
        c0 = a + b.multipliedByV()
    }
}

extension Fq6 {
    /// self · (s0 + s1·v), five F_q2 multiplications (Karatsuba on the two low coefficients).
    @inlinable
    func multipliedBySparse(_ s0: Fq2, _ s1: Fq2) -> Fq6 {
        let t0 = c0 * s0
        let t1 = c1 * s1
        let r0 = (c2 * s1).multipliedByXi() + t0
        let r1 = (c0 + c1) * (s0 + s1) - t0 - t1
        let r2 = c2 * s0 + t1
        return Fq6(r0, r1, r2)
    }
}
