import BN254

/// circomlibjs's optimized t = 3 constants (`poseidon_constants_opt.json`, after filecoin
/// neptune and ePrint 2019/458 appendix B): folded round constants, the pre-sparse matrix P
/// and one sparse matrix per partial round, so a partial round costs 2t − 1 products, not t².
struct PoseidonT3Constants: Sendable {
    let constants: [Fr]
    let mds: [Fr]
    let preSparse: [Fr]
    let sparse: [Fr]

    static let shared = PoseidonT3Constants(
        constants: fieldElements(poseidonOptimizedConstantsT3), mds: fieldElements(poseidonOptimizedMDST3),
        preSparse: fieldElements(poseidonPreSparseT3), sparse: fieldElements(poseidonSparseT3))
}

extension Poseidon {
    /// circomlib `Poseidon(2)` (t = 3), the Merkle-node hash, computed in circomlibjs's optimized
    /// form (`poseidon_opt.js`); equal to the reference permutation, without heap allocation.
    public static func hash(_ a: Fr, _ b: Fr) -> Fr {
        let tables = PoseidonT3Constants.shared
        return tables.constants.withUnsafeBufferPointer { c in
            tables.mds.withUnsafeBufferPointer { m in
                tables.preSparse.withUnsafeBufferPointer { p in
                    tables.sparse.withUnsafeBufferPointer { s in
                        optimizedT3(a, b, c: c, m: m, p: p, s: s)
                    }
                }
            }
        }
    }

    /// new[i] = Σ_j matrix[j][i]·s[j] for a row-major 3×3 matrix (circomlibjs's orientation).
    @inline(__always)
    static func mix(_ s0: inout Fr, _ s1: inout Fr, _ s2: inout Fr, _ m: UnsafeBufferPointer<Fr>) {
        let n0 = m[0] * s0 + m[3] * s1 + m[6] * s2
        let n1 = m[1] * s0 + m[4] * s1 + m[7] * s2
        let n2 = m[2] * s0 + m[5] * s1 + m[8] * s2
        (s0, s1, s2) = (n0, n1, n2)
    }

    /// The rounds of circomlibjs `poseidon_opt.js` for t = 3, state in registers.
    @inline(__always)
    static func optimizedT3(
        _ a: Fr, _ b: Fr, c: UnsafeBufferPointer<Fr>, m: UnsafeBufferPointer<Fr>,
        p: UnsafeBufferPointer<Fr>, s: UnsafeBufferPointer<Fr>
    ) -> Fr {
        let partialRounds = PoseidonParameters.partialRoundCounts[1]
        var s0 = c[0], s1 = a + c[1], s2 = b + c[2]
        for round in 0..<4 {
            s0 = pow5(s0) + c[(round + 1) * 3]
            s1 = pow5(s1) + c[(round + 1) * 3 + 1]
            s2 = pow5(s2) + c[(round + 1) * 3 + 2]
            mix(&s0, &s1, &s2, round < 3 ? m : p)
        }
        for round in 0..<partialRounds {
            s0 = pow5(s0) + c[15 + round]
            let sparse = 5 * round
            let n0 = s[sparse] * s0 + s[sparse + 1] * s1 + s[sparse + 2] * s2
            s1 += s0 * s[sparse + 3]
            s2 += s0 * s[sparse + 4]
            s0 = n0
        }
        let tail = 15 + partialRounds
        for round in 0..<3 {
            s0 = pow5(s0) + c[tail + round * 3]
            s1 = pow5(s1) + c[tail + round * 3 + 1]
            s2 = pow5(s2) + c[tail + round * 3 + 2]
            mix(&s0, &s1, &s2, m)
        }
        return m[0] * pow5(s0) + m[3] * pow5(s1) + m[6] * pow5(s2)
    }
}
