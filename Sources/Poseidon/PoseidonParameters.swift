import BN254

/// The circomlib Poseidon parameters for one width t = inputs + 1 (circomlib `poseidon.circom`,
/// ePrint 2019/458 with x^5 S-box, 8 full rounds and circomlib's partial round counts).
struct PoseidonParameters: Sendable {
    /// The state width t.
    let width: Int
    /// The number of partial rounds.
    let partialRounds: Int
    /// Round constants, t per round, round-major (circomlibjs `C[t-2]`).
    let roundConstants: [Fr]
    /// The MDS matrix, row-major: new[i] = Σ_j M[i][j]·s[j] (circomlibjs `M[t-2]`).
    let mds: [Fr]

    /// Full rounds: 4 before and 4 after the partial rounds.
    static let fullRounds = 8
    /// Partial rounds for t = 2...17 (circomlib `poseidon.circom` N_ROUNDS_P).
    static let partialRoundCounts = [56, 57, 56, 60, 60, 63, 64, 63, 60, 66, 60, 65, 70, 60, 64, 68]

    /// The total number of rounds.
    var rounds: Int { Self.fullRounds + partialRounds }

    /// Whether round `round` applies the S-box to every lane.
    @inline(__always)
    func isFullRound(_ round: Int) -> Bool {
        round < Self.fullRounds / 2 || round >= Self.fullRounds / 2 + partialRounds
    }

    init(width: Int, roundConstants: [UInt64], mds: [UInt64]) {
        self.width = width
        partialRounds = Self.partialRoundCounts[width - 2]
        self.roundConstants = fieldElements(roundConstants)
        self.mds = fieldElements(mds)
        precondition(self.roundConstants.count == width * (Self.fullRounds + partialRounds) && self.mds.count == width * width)
    }

    /// Parameters for t = 2...17, converted from the generated limbs on first use.
    static let all: [PoseidonParameters] = [
        PoseidonParameters(width: 2, roundConstants: poseidonRoundConstantsT2, mds: poseidonMDST2),
        PoseidonParameters(width: 3, roundConstants: poseidonRoundConstantsT3, mds: poseidonMDST3),
        PoseidonParameters(width: 4, roundConstants: poseidonRoundConstantsT4, mds: poseidonMDST4),
        PoseidonParameters(width: 5, roundConstants: poseidonRoundConstantsT5, mds: poseidonMDST5),
        PoseidonParameters(width: 6, roundConstants: poseidonRoundConstantsT6, mds: poseidonMDST6),
        PoseidonParameters(width: 7, roundConstants: poseidonRoundConstantsT7, mds: poseidonMDST7),
        PoseidonParameters(width: 8, roundConstants: poseidonRoundConstantsT8, mds: poseidonMDST8),
        PoseidonParameters(width: 9, roundConstants: poseidonRoundConstantsT9, mds: poseidonMDST9),
        PoseidonParameters(width: 10, roundConstants: poseidonRoundConstantsT10, mds: poseidonMDST10),
        PoseidonParameters(width: 11, roundConstants: poseidonRoundConstantsT11, mds: poseidonMDST11),
        PoseidonParameters(width: 12, roundConstants: poseidonRoundConstantsT12, mds: poseidonMDST12),
        PoseidonParameters(width: 13, roundConstants: poseidonRoundConstantsT13, mds: poseidonMDST13),
        PoseidonParameters(width: 14, roundConstants: poseidonRoundConstantsT14, mds: poseidonMDST14),
        PoseidonParameters(width: 15, roundConstants: poseidonRoundConstantsT15, mds: poseidonMDST15),
        PoseidonParameters(width: 16, roundConstants: poseidonRoundConstantsT16, mds: poseidonMDST16),
        PoseidonParameters(width: 17, roundConstants: poseidonRoundConstantsT17, mds: poseidonMDST17),
    ]

    /// The parameters for width t (2...17).
    static func forWidth(_ width: Int) -> PoseidonParameters { all[width - 2] }
}

/// Field elements from consecutive groups of four little-endian Montgomery limbs.
func fieldElements(_ limbs: [UInt64]) -> [Fr] {
    stride(from: 0, to: limbs.count, by: 4).map { i in
        Fr(montgomeryLimbs: Limbs(l0: limbs[i], l1: limbs[i + 1], l2: limbs[i + 2], l3: limbs[i + 3]))
    }
}

/// x^5, the Poseidon S-box: two squarings and a product.
@inlinable @inline(__always)
func pow5(_ x: Fr) -> Fr {
    let x4 = x.squared().squared()
    return x4 * x
}
