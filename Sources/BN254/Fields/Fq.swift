import CBN254Kernel

/// An element of the BN254 base field F_q, q = 2188824287183927522224640574525727508869631115729
/// 7823662689037894645226208583 (EIP-196's field modulus), in Montgomery form.
@frozen
public struct Fq: PrimeField {
    public var montgomeryLimbs: Limbs

    @inlinable
    public init(montgomeryLimbs: Limbs) { self.montgomeryLimbs = montgomeryLimbs }

    @inlinable public static var modulusLimbs: Limbs {
        Limbs(l0: BN254_FQ_MODULUS_L0, l1: BN254_FQ_MODULUS_L1, l2: BN254_FQ_MODULUS_L2, l3: BN254_FQ_MODULUS_L3)
    }
    @inlinable public static var montgomeryOneLimbs: Limbs {
        Limbs(l0: BN254_FQ_R_L0, l1: BN254_FQ_R_L1, l2: BN254_FQ_R_L2, l3: BN254_FQ_R_L3)
    }
    @inlinable public static var montgomeryR2Limbs: Limbs {
        Limbs(l0: BN254_FQ_R2_L0, l1: BN254_FQ_R2_L1, l2: BN254_FQ_R2_L2, l3: BN254_FQ_R2_L3)
    }
    @inlinable public static var montgomeryR3Limbs: Limbs {
        Limbs(l0: BN254_FQ_R3_L0, l1: BN254_FQ_R3_L1, l2: BN254_FQ_R3_L2, l3: BN254_FQ_R3_L3)
    }
    public static var fieldName: String { "Fq" }
    /// q ≡ 3 (mod 4).
    public static var twoAdicity: Int { 1 }
    /// −1, the only element of order 2.
    public static var twoAdicRootOfUnity: Fq { -Fq.one }

    @inlinable public static func montgomeryMultiply(_ a: Limbs, _ b: Limbs) -> Limbs { bn254_fq_mul(a, b) }
    @inlinable public static func montgomerySquare(_ a: Limbs) -> Limbs { bn254_fq_square(a) }
    @inlinable public static func modularAdd(_ a: Limbs, _ b: Limbs) -> Limbs { bn254_fq_add(a, b) }
    @inlinable public static func modularSubtract(_ a: Limbs, _ b: Limbs) -> Limbs { bn254_fq_sub(a, b) }
    @inlinable public static func modularNegate(_ a: Limbs) -> Limbs { bn254_fq_neg(a) }
    @inlinable public static func modularHalve(_ a: Limbs) -> Limbs { bn254_fq_half(a) }
}
