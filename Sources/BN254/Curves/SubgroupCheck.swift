import BigInteger

/// Constants of the untwist-Frobenius-twist endomorphism ψ of BN254's G2 twist.
enum G2Endomorphism {
    /// ξ^((q−1)/3): ψ(x, y) = (x^q · γx, y^q · γy) (Galbraith and Scott, "Exponentiation in
    /// pairing-friendly groups using homomorphisms", §3).
    static let gammaX: Fq2 = Fq2.xi.power((Fq.modulus - 1) / 3)
    /// ξ^((q−1)/2).
    static let gammaY: Fq2 = Fq2.xi.power((Fq.modulus - 1) / 2)
    /// 6x² for the BN parameter x = 4965661367192848881: ψ acts on G2 as [6x²] = [q mod r].
    static let sixXSquared = Limbs(l0: 0xF83E_9682_E87C_FD46, l1: 0x6F4D_8248_EEB8_59FB, l2: 0, l3: 0)
}

extension JacobianPoint where Curve == G2Curve {
    /// ψ(P) = (X^q·γx, Y^q·γy, Z^q), the endomorphism of the twist induced by the q-power
    /// Frobenius; it acts on G2 as multiplication by q ≡ 6x² (mod r).
    public func psi() -> G2Jacobian {
        G2Jacobian(
            x: x.conjugate() * G2Endomorphism.gammaX,
            y: y.conjugate() * G2Endomorphism.gammaY,
            z: z.conjugate())
    }
}

extension AffinePoint {
    /// Whether [r]P = O, by a full scalar multiplication (the definition of the order-r subgroup;
    /// the reference for the faster `isInSubgroup` checks).
    public var isInSubgroupByOrder: Bool {
        isOnCurve && JacobianPoint(self).multipliedNaive(by: Fr.modulusLimbs).isInfinity
    }
}

extension AffinePoint where Curve == G1Curve {
    /// Whether P is in G1: G1 has cofactor 1, so every point on the curve is (EIP-196).
    public var isInSubgroup: Bool { isOnCurve }
}

extension AffinePoint where Curve == G2Curve {
    /// Whether P is on the twist and in G2, by ψ(P) = [6x²]P (Scott, "A note on group membership
    /// tests for G1, G2 and GT on BLS pairing-friendly curves", ePrint 2021/1130, §4 on BN curves;
    /// El Housni, Guillevic, Piellard, ePrint 2022/352); tests check it against [r]P = O.
    public var isInSubgroup: Bool {
        guard isOnCurve else { return false }
        if isInfinity { return true }
        let point = G2Jacobian(self)
        return point.psi() == point.multiplied(by: G2Endomorphism.sixXSquared)
    }
}
