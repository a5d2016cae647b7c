/// The optimal ate pairing e: G1 × G2 → μ_r ⊂ F_q12 of BN254 (Vercauteren, "Optimal pairings"),
/// with the value gnark-crypto and snarkjs compute (`vk_alphabeta_12`); see `finalExponentiation`.
public func pairing(_ p: G1Affine, _ q: G2Affine) -> Fq12 {
    multiPairing([(p, G2Prepared(q))])
}

/// ∏ e(P_i, Q_i) with one shared Miller loop and a single final exponentiation.
public func multiPairing(_ pairs: [(G1Affine, G2Prepared)]) -> Fq12 {
    multiMillerLoop(pairs).finalExponentiation()
}

/// ∏ f_i(P_i) of the optimal ate Miller loop, before the final exponentiation.
public func multiMillerLoop(_ pairs: [(G1Affine, G2Prepared)]) -> Fq12 {
    MillerLoop.evaluate(pairs)
}

/// Whether ∏ e(P_i, Q_i) = 1, as Ethereum's ecPairing precompile (EIP-197) and Groth16 verifiers
/// use it. The points must already be validated (on the curve, in their subgroups).
public func pairingCheck(_ pairs: [(G1Affine, G2Affine)]) -> Bool {
    pairingCheck(prepared: pairs.map { ($0.0, G2Prepared($0.1)) })
}

/// `pairingCheck` with G2 points whose line coefficients are already computed.
public func pairingCheck(prepared pairs: [(G1Affine, G2Prepared)]) -> Bool {
    multiPairing(pairs).isOne
}
