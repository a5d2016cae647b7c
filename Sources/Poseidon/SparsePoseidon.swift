import BN254

/// The Poseidon permutation of one width in the optimised form of ePrint 2019/458, appendix B,
/// derived here from circomlib's round constants and MDS (`PoseidonParameters`): the partial
/// rounds' constants folded onto lane 0, and their MDS products refactored into one dense matrix
/// before them and one sparse matrix per round, so a partial round costs 2t − 1 products, not t².
/// Equal to the reference permutation (`Poseidon.referencePermutation`), which the tests check.
struct SparsePoseidon: Sendable {
    /// The state width t.
    let width: Int
    /// The number of partial rounds.
    let partialRounds: Int
    /// The constants of the 8 full rounds, t per round; the first full round after the partial
    /// rounds also carries what the folding moved out of them.
    let fullRoundConstants: [Fr]
    /// The lane-0 constant of each partial round.
    let partialRoundConstants: [Fr]
    /// The MDS matrix M, row-major.
    let mds: [Fr]
    /// The matrix of the last full round before the partial rounds, M′·M (row-major), where M′
    /// is the dense factor pulled out of the first partial round.
    let preSparse: [Fr]
    /// Per partial round, its sparse factor [[a, ŵᵀ], [v, I]]: a and ŵ (t entries), then v (t − 1).
    let sparse: [Fr]

    /// Derives the optimised form from the reference parameters of the same width.
    init(_ parameters: PoseidonParameters) {
        let t = parameters.width, halfFull = PoseidonParameters.fullRounds / 2, partial = parameters.partialRounds
        width = t
        partialRounds = partial
        mds = parameters.mds
        let constants = parameters.roundConstants
        func roundConstants(_ round: Int) -> [Fr] { Array(constants[round * t..<(round + 1) * t]) }

        // Constants: in a partial round only lane 0 passes the S-box, so adding c[1…] before it
        // equals adding M·(0, c[1…]) after the round's matrix, i.e. to the next round's constants.
        var full = (0..<halfFull).flatMap(roundConstants)
        var laneZero: [Fr] = []
        var carry = [Fr](repeating: .zero, count: t)
        for round in halfFull..<halfFull + partial {
            var folded = zip(roundConstants(round), carry).map { $0 + $1 }
            laneZero.append(folded[0])
            folded[0] = .zero
            carry = Self.apply(parameters.mds, to: folded, width: t)
        }
        full += zip(roundConstants(halfFull + partial), carry).map { $0 + $1 }
        for round in halfFull + partial + 1..<halfFull * 2 + partial { full += roundConstants(round) }
        fullRoundConstants = full
        partialRoundConstants = laneZero

        // Matrices, last partial round first: A = M″·M′ with M′ = diag(1, Â) and M″ sparse;
        // M′ commutes with the lane-0 S-box and constant, so it moves into the previous round's
        // matrix, which becomes M′·M.
        var factors: [[Fr]] = []
        var matrix = parameters.mds
        for _ in 0..<partial {
            let (dense, sparseFactor) = Self.factor(matrix, width: t)
            factors.append(sparseFactor)
            matrix = Self.product(dense, parameters.mds, width: t)
        }
        preSparse = matrix
        sparse = factors.reversed().flatMap { $0 }
    }

    /// The permutation in place on a state of `width` lanes.
    @inline(__always)
    func permute(_ state: UnsafeMutableBufferPointer<Fr>) {
        let t = width
        fullRoundConstants.withUnsafeBufferPointer { full in
            partialRoundConstants.withUnsafeBufferPointer { partial in
                mds.withUnsafeBufferPointer { m in
                    preSparse.withUnsafeBufferPointer { p in
                        sparse.withUnsafeBufferPointer { s in
                            withUnsafeTemporaryAllocation(of: Fr.self, capacity: t) { scratch in
                                for round in 0..<4 {
                                    Self.fullRound(state, constants: full.baseAddress! + round * t, matrix: round == 3 ? p : m, scratch: scratch)
                                }
                                let stride = 2 * t - 1
                                for round in 0..<partialRounds {
                                    let row = s.baseAddress! + round * stride
                                    let lane = pow5(state[0] + partial[round])
                                    var first = row[0] * lane
                                    for i in 1..<t { first += row[i] * state[i] }
                                    for i in 1..<t { state[i] += row[t - 1 + i] * lane }
                                    state[0] = first
                                }
                                for round in 4..<8 {
                                    Self.fullRound(state, constants: full.baseAddress! + round * t, matrix: m, scratch: scratch)
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    /// Adds the round's constants, applies the S-box to every lane, then the dense `matrix`.
    @inline(__always)
    static func fullRound(_ state: UnsafeMutableBufferPointer<Fr>, constants: UnsafePointer<Fr>, matrix: UnsafeBufferPointer<Fr>,
                          scratch: UnsafeMutableBufferPointer<Fr>) {
        let t = state.count
        for i in 0..<t { scratch[i] = pow5(state[i] + constants[i]) }
        for i in 0..<t {
            var sum = matrix[i * t] * scratch[0]
            for j in 1..<t { sum += matrix[i * t + j] * scratch[j] }
            state[i] = sum
        }
    }

    /// M·v for a row-major t×t matrix.
    static func apply(_ matrix: [Fr], to vector: [Fr], width t: Int) -> [Fr] {
        (0..<t).map { i in (0..<t).reduce(Fr.zero) { $0 + matrix[i * t + $1] * vector[$1] } }
    }

    /// The product A·B of row-major t×t matrices.
    static func product(_ a: [Fr], _ b: [Fr], width t: Int) -> [Fr] {
        (0..<t * t).map { entry in
            let (i, j) = (entry / t, entry % t)
            return (0..<t).reduce(Fr.zero) { $0 + a[i * t + $1] * b[$1 * t + j] }
        }
    }

    /// A = [[a, ŵᵀ], [v, I]]·diag(1, Â) for A = [[a, wᵀ], [v, Â]], with ŵ = Â⁻ᵀ·w: the dense
    /// factor diag(1, Â) (row-major t×t) and the sparse one as a, ŵ, then v.
    static func factor(_ matrix: [Fr], width t: Int) -> (dense: [Fr], sparse: [Fr]) {
        var dense = [Fr](repeating: .zero, count: t * t)
        dense[0] = .one
        for i in 1..<t { for j in 1..<t { dense[i * t + j] = matrix[i * t + j] } }
        let transposed = (1..<t).map { i in (1..<t).map { j in matrix[j * t + i] } }
        let row = Array(matrix[1..<t]), column = (1..<t).map { matrix[$0 * t] }
        return (dense, [matrix[0]] + solve(transposed, row) + column)
    }

    /// x with A·x = b for an invertible square matrix A, by Gauss–Jordan elimination.
    static func solve(_ matrix: [[Fr]], _ rightSide: [Fr]) -> [Fr] {
        let n = rightSide.count
        var rows = zip(matrix, rightSide).map { $0 + [$1] }
        for column in 0..<n {
            guard let pivot = (column..<n).first(where: { !rows[$0][column].isZero }) else {
                preconditionFailure("the MDS submatrix is singular; the Poseidon parameters are not MDS")
            }
            rows.swapAt(column, pivot)
            let inverse = rows[column][column].inverse()!
            rows[column] = rows[column].map { $0 * inverse }
            for row in 0..<n where row != column && !rows[row][column].isZero {
                let factor = rows[row][column]
                rows[row] = zip(rows[row], rows[column]).map { $0 - factor * $1 }
            }
        }
        return rows.map { $0[n] }
    }

    /// The optimised permutation of width t = 2...17, derived on first use.
    static func forWidth(_ width: Int) -> SparsePoseidon {
        switch width {
        case 2: return t2
        case 3: return t3
        case 4: return t4
        case 5: return t5
        case 6: return t6
        case 7: return t7
        case 8: return t8
        case 9: return t9
        case 10: return t10
        case 11: return t11
        case 12: return t12
        case 13: return t13
        case 14: return t14
        case 15: return t15
        case 16: return t16
        case 17: return t17
        default: preconditionFailure("Poseidon widths are 2...17, got \(width)")
        }
    }

    private static let t2 = SparsePoseidon(.forWidth(2)), t3 = SparsePoseidon(.forWidth(3))
    private static let t4 = SparsePoseidon(.forWidth(4)), t5 = SparsePoseidon(.forWidth(5))
    private static let t6 = SparsePoseidon(.forWidth(6)), t7 = SparsePoseidon(.forWidth(7))
    private static let t8 = SparsePoseidon(.forWidth(8)), t9 = SparsePoseidon(.forWidth(9))
    private static let t10 = SparsePoseidon(.forWidth(10)), t11 = SparsePoseidon(.forWidth(11))
    private static let t12 = SparsePoseidon(.forWidth(12)), t13 = SparsePoseidon(.forWidth(13))
    private static let t14 = SparsePoseidon(.forWidth(14)), t15 = SparsePoseidon(.forWidth(15))
    private static let t16 = SparsePoseidon(.forWidth(16)), t17 = SparsePoseidon(.forWidth(17))
}
