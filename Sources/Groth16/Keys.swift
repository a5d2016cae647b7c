import BN254

/// Why points cannot form a Groth16 proof or verification key.
public enum Groth16PointError: Error, Equatable, CustomStringConvertible {
    /// The named point ("A", "vk_gamma_2", "IC[3]", …) is off its curve or outside its subgroup.
    case invalidPoint(name: String, CurveDecodingError)
    /// A verification-key point is the identity: with γ or δ at infinity anyone can forge a proof
    /// (A = α, B = β, any C); α, β or an IC point at infinity is as degenerate.
    case pointAtInfinity(name: String)
    /// IC needs IC_0, the constant term of the input combination.
    case missingIC

    public var description: String {
        switch self {
        case let .invalidPoint(name, error): return "\(name): \(error)"
        case let .pointAtInfinity(name):
            return "\(name) is the point at infinity: a key with it is degenerate (proofs could be forged), so it is refused"
        case .missingIC: return "IC needs at least one point (IC_0)"
        }
    }
}

/// A Groth16 proof (Groth, "On the size of pairing-based non-interactive arguments",
/// EUROCRYPT 2016): A ∈ G1, B ∈ G2, C ∈ G1. Built only from checked points.
public struct Proof: Sendable, Equatable {
    public let a: G1Affine
    public let b: G2Affine
    public let c: G1Affine

    /// A proof from points that are checked: A and C on the curve, B on the twist and in G2.
    public init(a: G1Affine, b: G2Affine, c: G1Affine) throws(Groth16PointError) {
        try checkG1(a, name: "A", allowInfinity: true)
        try checkG2(b, name: "B", allowInfinity: true)
        try checkG1(c, name: "C", allowInfinity: true)
        self.a = a
        self.b = b
        self.c = c
    }
}

/// The verifying key: α ∈ G1, β, γ, δ ∈ G2 and IC_0…IC_ℓ ∈ G1 (one per public input, plus one).
/// Built only from checked, non-degenerate points.
public struct VerificationKey: Sendable, Equatable {
    public let alpha1: G1Affine
    public let beta2: G2Affine
    public let gamma2: G2Affine
    public let delta2: G2Affine
    public let ic: [G1Affine]

    /// The number of public inputs ℓ.
    public var publicInputCount: Int { ic.count - 1 }

    /// A key from checked points: each on its curve, the G2 points in G2, none at infinity, and
    /// at least IC_0.
    public init(alpha1: G1Affine, beta2: G2Affine, gamma2: G2Affine, delta2: G2Affine, ic: [G1Affine]) throws(Groth16PointError) {
        guard !ic.isEmpty else { throw .missingIC }
        try checkG1(alpha1, name: "vk_alpha_1", allowInfinity: false)
        try checkG2(beta2, name: "vk_beta_2", allowInfinity: false)
        try checkG2(gamma2, name: "vk_gamma_2", allowInfinity: false)
        try checkG2(delta2, name: "vk_delta_2", allowInfinity: false)
        for (index, point) in ic.enumerated() { try checkG1(point, name: "IC[\(index)]", allowInfinity: false) }
        self.alpha1 = alpha1
        self.beta2 = beta2
        self.gamma2 = gamma2
        self.delta2 = delta2
        self.ic = ic
    }
}

private func checkG1(_ point: G1Affine, name: String, allowInfinity: Bool) throws(Groth16PointError) {
    guard allowInfinity || !point.isInfinity else { throw .pointAtInfinity(name: name) }
    guard point.isOnCurve else { throw .invalidPoint(name: name, .notOnCurve(curve: G1Curve.name)) }
}

private func checkG2(_ point: G2Affine, name: String, allowInfinity: Bool) throws(Groth16PointError) {
    guard allowInfinity || !point.isInfinity else { throw .pointAtInfinity(name: name) }
    guard point.isOnCurve else { throw .invalidPoint(name: name, .notOnCurve(curve: G2Curve.name)) }
    guard point.isInSubgroup else { throw .invalidPoint(name: name, .notInSubgroup(curve: G2Curve.name)) }
}

/// A proving key laid out as snarkjs's Groth16 `.zkey` holds it (sections 2–9).
public struct ProvingKey: Sendable {
    /// One entry of the zkey's coefficient section: `value` times signal `signal` contributes to
    /// row `constraint` of matrix A (`matrix` = 0) or B (`matrix` = 1). Stored in 40 bytes (the
    /// matrix in the top bit of the row: rows are below the domain size, at most 2^28), since a
    /// large key holds tens of millions of them.
    public struct Coefficient: Sendable, Equatable {
        public var value: Fr
        public var signal: UInt32
        private var row: UInt32

        /// 0 for A, 1 for B.
        public var matrix: UInt32 {
            get { row >> 31 }
            set {
                precondition(newValue <= 1, "a coefficient is in matrix A (0) or B (1)")
                row = newValue << 31 | row & 0x7FFF_FFFF
            }
        }

        /// The row (constraint) index, below 2^31.
        public var constraint: UInt32 {
            get { row & 0x7FFF_FFFF }
            set {
                precondition(newValue < 1 << 31, "a coefficient row is below 2^31")
                row = row & 0x8000_0000 | newValue
            }
        }

        public init(matrix: UInt32, constraint: UInt32, signal: UInt32, value: Fr) {
            precondition(matrix <= 1 && constraint < 1 << 31, "a coefficient is in matrix A (0) or B (1), its row below 2^31")
            self.value = value
            self.signal = signal
            row = matrix << 31 | constraint
        }
    }

    /// Wires, including wire 0 (the constant 1).
    public var variableCount: Int
    /// Public inputs ℓ (wires 1…ℓ).
    public var publicInputCount: Int
    /// The evaluation domain size n, a power of two.
    public var domainSize: Int
    public var alpha1: G1Affine
    public var beta1: G1Affine
    public var beta2: G2Affine
    public var gamma2: G2Affine
    public var delta1: G1Affine
    public var delta2: G2Affine
    /// IC_0…IC_ℓ.
    public var ic: [G1Affine]
    /// The sparse A and B matrices, including the rows snarkjs adds for the public inputs.
    public var coefficients: [Coefficient]
    /// A_i(τ)·G1 for every wire.
    public var a: [G1Affine]
    /// B_i(τ)·G1 for every wire.
    public var b1: [G1Affine]
    /// B_i(τ)·G2 for every wire.
    public var b2: [G2Affine]
    /// (β·A_i(τ) + α·B_i(τ) + C_i(τ))/δ·G1 for the private wires ℓ+1…m.
    public var c: [G1Affine]
    /// The H query: for i < n, the odd 2n-domain Lagrange basis L_{2i+1}(τ)/δ·G1 (snarkjs's layout).
    public var h: [G1Affine]

    /// A key from its parts (see the properties for their meaning).
    public init(
        variableCount: Int, publicInputCount: Int, domainSize: Int,
        alpha1: G1Affine, beta1: G1Affine, beta2: G2Affine, gamma2: G2Affine, delta1: G1Affine, delta2: G2Affine,
        ic: [G1Affine], coefficients: [Coefficient], a: [G1Affine], b1: [G1Affine], b2: [G2Affine],
        c: [G1Affine], h: [G1Affine]
    ) {
        self.variableCount = variableCount
        self.publicInputCount = publicInputCount
        self.domainSize = domainSize
        self.alpha1 = alpha1
        self.beta1 = beta1
        self.beta2 = beta2
        self.gamma2 = gamma2
        self.delta1 = delta1
        self.delta2 = delta2
        self.ic = ic
        self.coefficients = coefficients
        self.a = a
        self.b1 = b1
        self.b2 = b2
        self.c = c
        self.h = h
    }

    /// The key's log2 domain size.
    public var domainLog2: Int { domainSize.trailingZeroBitCount }

    /// The verification key contained in this proving key; throws when its points are degenerate.
    public var verificationKey: VerificationKey {
        get throws(Groth16PointError) {
            try VerificationKey(alpha1: alpha1, beta2: beta2, gamma2: gamma2, delta2: delta2, ic: ic)
        }
    }
}
