import BN254

/// Why a proof could not even be checked (as opposed to a proof that is checked and rejected).
public enum VerificationError: Error, Equatable, CustomStringConvertible {
    /// The number of public inputs differs from the key's.
    case wrongPublicInputCount(expected: Int, actual: Int)

    public var description: String {
        switch self {
        case let .wrongPublicInputCount(expected, actual):
            return "the verification key takes \(expected) public inputs, got \(actual)"
        }
    }
}

/// A verification key with e(α, β) computed and −γ, −δ prepared for the Miller loop, so that each
/// verification costs one G2 preparation (for the proof's B) and one four-pair pairing product.
public struct PreparedVerificationKey: Sendable {
    public let key: VerificationKey
    /// e(α, β), the constant factor of every verification.
    public let alphaBeta: Fq12
    private let negatedGamma: G2Prepared
    private let negatedDelta: G2Prepared

    /// Prepares `key` (one pairing and two G2 line precomputations).
    public init(_ key: VerificationKey) {
        self.key = key
        alphaBeta = pairing(key.alpha1, key.beta2)
        negatedGamma = G2Prepared(-key.gamma2)
        negatedDelta = G2Prepared(-key.delta2)
    }

    /// Whether e(A, B) = e(α, β)·e(Σ x_i·IC_i, γ)·e(C, δ) (Groth 2016, §3.2).
    ///
    /// The proof's points must come from a decoder that checked them (on the curve; B in the
    /// order-r subgroup), and the inputs are field elements, so each is below r by construction.
    public func verify(_ proof: Proof, publicInputs: [Fr]) throws(VerificationError) -> Bool {
        guard publicInputs.count == key.publicInputCount else {
            throw .wrongPublicInputCount(expected: key.publicInputCount, actual: publicInputs.count)
        }
        var accumulated = JacobianPoint(key.ic[0])
        for (input, base) in zip(publicInputs, key.ic.dropFirst()) where !input.isZero {
            accumulated += JacobianPoint(base).multiplied(by: input)
        }
        let pairs: [(G1Affine, G2Prepared)] = [
            (proof.a, G2Prepared(proof.b)),
            (accumulated.affine, negatedGamma),
            (proof.c, negatedDelta),
        ]
        return multiPairing(pairs) == alphaBeta
    }
}
