import BN254

/// The toxic waste of an INSECURE development setup, drawn from `InsecureSeededGenerator(seed)`:
/// anyone who knows the seed knows τ, α, β, γ and δ and can forge proofs for every key made from
/// it. Shared by the setup that makes such keys and the checks that recognise them.
public struct InsecureDevelopmentToxicWaste: Sendable {
    /// The seeds `seed(of:)` tries: the dev seeds the project's scripts, tests and docs use lie far below this.
    public static let recognisedSeeds: Range<UInt64> = 0..<256

    public let tau: Fr, alpha: Fr, beta: Fr, gamma: Fr, delta: Fr

    /// The five secrets in the order the setup draws them (each non-zero).
    public init(seed: UInt64) {
        var generator = InsecureSeededGenerator(seed: seed)
        func nonZero() -> Fr {
            while true {
                let value = Fr.random(using: &generator)
                if !value.isZero { return value }
            }
        }
        tau = nonZero()
        alpha = nonZero()
        beta = nonZero()
        gamma = nonZero()
        delta = nonZero()
    }

    /// The development seed `key` was made from, when its α·G1 is that of a seed in
    /// `recognisedSeeds` (the α of a development key does not depend on the circuit); nil otherwise.
    public static func seed(of key: VerificationKey) -> UInt64? { alphaOfSeed[key.alpha1] }

    /// α·G1 of every recognised seed, computed once.
    private static let alphaOfSeed: [G1Affine: UInt64] = Dictionary(uniqueKeysWithValues: recognisedSeeds.map {
        (JacobianPoint(G1Curve.generator).multiplied(by: Self(seed: $0).alpha).affine, $0)
    })
}
