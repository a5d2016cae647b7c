import BigInteger
import CBN254Kernel

/// An element of the BN254 scalar field F_r, r = 2188824287183927522224640574525727508854836440041
/// 6034343698204186575808495617 (EIP-196's group order), in Montgomery form.
@frozen
public struct Fr: PrimeField {
    public var montgomeryLimbs: Limbs

    @inlinable
    public init(montgomeryLimbs: Limbs) { self.montgomeryLimbs = montgomeryLimbs }

    @inlinable public static var modulusLimbs: Limbs {
        Limbs(l0: BN254_FR_MODULUS_L0, l1: BN254_FR_MODULUS_L1, l2: BN254_FR_MODULUS_L2, l3: BN254_FR_MODULUS_L3)
    }
    @inlinable public static var montgomeryOneLimbs: Limbs {
        Limbs(l0: BN254_FR_R_L0, l1: BN254_FR_R_L1, l2: BN254_FR_R_L2, l3: BN254_FR_R_L3)
    }
    @inlinable public static var montgomeryR2Limbs: Limbs {
        Limbs(l0: BN254_FR_R2_L0, l1: BN254_FR_R2_L1, l2: BN254_FR_R2_L2, l3: BN254_FR_R2_L3)
    }
    @inlinable public static var montgomeryR3Limbs: Limbs {
        Limbs(l0: BN254_FR_R3_L0, l1: BN254_FR_R3_L1, l2: BN254_FR_R3_L2, l3: BN254_FR_R3_L3)
    }
    public static var fieldName: String { "Fr" }
    public static var twoAdicity: Int { 28 }

    /// 5^((r−1)/2^28): the primitive 2^28-th root of unity snarkjs and circom use (ffjavascript
    /// takes the smallest quadratic non-residue, 5), so NTT domains match their files.
    public static let twoAdicRootOfUnity = Fr(5).power((Fr.modulus - 1) >> 28)

    @inlinable public static func montgomeryMultiply(_ a: Limbs, _ b: Limbs) -> Limbs { bn254_fr_mul(a, b) }
    @inlinable public static func montgomerySquare(_ a: Limbs) -> Limbs { bn254_fr_square(a) }
    @inlinable public static func modularAdd(_ a: Limbs, _ b: Limbs) -> Limbs { bn254_fr_add(a, b) }
    @inlinable public static func modularSubtract(_ a: Limbs, _ b: Limbs) -> Limbs { bn254_fr_sub(a, b) }
    @inlinable public static func modularNegate(_ a: Limbs) -> Limbs { bn254_fr_neg(a) }
    @inlinable public static func modularHalve(_ a: Limbs) -> Limbs { bn254_fr_half(a) }
}

extension Fr {
    /// A primitive 2^log2Order-th root of unity (log2Order ≤ 28), the square chain of
    /// `twoAdicRootOfUnity` that snarkjs uses for its evaluation domains.
    public static func rootOfUnity(log2Order: Int) -> Fr {
        precondition((0...twoAdicity).contains(log2Order), "Fr has roots of unity of order up to 2^28")
        var root = twoAdicRootOfUnity
        for _ in log2Order..<twoAdicity { root = root.squared() }
        return root
    }
}
