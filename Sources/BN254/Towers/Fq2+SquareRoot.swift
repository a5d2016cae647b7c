import BigInteger

extension Fq2 {
    /// A square root, or nil when none exists: Adj and Rodríguez-Henríquez, "Square root
    /// computation over even extension fields", ePrint 2012/685, Algorithm 9 (q ≡ 3 mod 4).
    public func squareRoot() -> Fq2? {
        let q = Fq.modulus
        let a1 = power((q - 3) >> 2)
        let alpha = a1 * (a1 * self)  // self^((q−1)/2)
        let a0 = alpha.conjugate() * alpha  // alpha^(q+1), the norm of alpha
        if a0 == -Fq2.one { return nil }
        let x0 = a1 * self
        let root: Fq2
        if alpha == -Fq2.one {
            root = Fq2(-x0.c1, x0.c0)  // u·x0
        } else {
            root = (Fq2.one + alpha).power((q - 1) >> 1) * x0
        }
        return root.squared() == self ? root : nil
    }
}
