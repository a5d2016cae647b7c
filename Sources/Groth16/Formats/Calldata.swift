import BN254

extension Proof {
    /// The arguments of a Solidity verifier's `verifyProof(a, b, c, input)` as snarkjs's
    /// `zkey export soliditycalldata` prints them: 0x-prefixed 32-byte hex words, G2 coordinates
    /// imaginary part first (EIP-197), e.g. `["0x…", "0x…"],[["0x…", …]],["0x…", "0x…"],["0x…"]`.
    public func solidityCalldata(publicInputs: [Fr]) -> String {
        func word(_ x: some PrimeField) -> String {
            "\"0x" + x.bigEndianBytes.map { String(format: "%02x", $0) }.joined() + "\""
        }
        let a = "[\(word(self.a.x)), \(word(self.a.y))]"
        let b = "[[\(word(self.b.x.c1)), \(word(self.b.x.c0))],[\(word(self.b.y.c1)), \(word(self.b.y.c0))]]"
        let c = "[\(word(self.c.x)), \(word(self.c.y))]"
        return "\(a),\(b),\(c),[\(publicInputs.map { word($0) }.joined(separator: ","))]"
    }
}

extension Proof {
    /// The proof as the eight 32-byte big-endian EVM words A.x, A.y, B.x (imaginary, real), B.y
    /// (imaginary, real), C.x, C.y: the `a`, `b`, `c` of `solidityCalldata`, flattened (EIP-196/197).
    public var evmWords: [[UInt8]] {
        [a.x.bigEndianBytes, a.y.bigEndianBytes, b.x.c1.bigEndianBytes, b.x.c0.bigEndianBytes,
         b.y.c1.bigEndianBytes, b.y.c0.bigEndianBytes, c.x.bigEndianBytes, c.y.bigEndianBytes]
    }
}

extension VerificationKey {
    /// The input of Ethereum's ecPairing precompile (EIP-197, address 0x08) that a Solidity
    /// verifier builds for `proof`: the pairs (−A, B), (α, β), (Σ x_i·IC_i, γ), (C, δ), whose
    /// pairing product is 1 exactly when the proof is valid. The inputs must already be below r.
    public func pairingPrecompileInput(proof: Proof, publicInputs: [Fr]) -> [UInt8] {
        precondition(publicInputs.count == publicInputCount, "one input per IC point after the first")
        var accumulated = JacobianPoint(ic[0])
        for (input, base) in zip(publicInputs, ic.dropFirst()) { accumulated += base.multiplied(by: input) }
        let pairs: [(G1Affine, G2Affine)] = [(-proof.a, proof.b), (alpha1, beta2), (accumulated.affine, gamma2), (proof.c, delta2)]
        return pairs.flatMap { $0.0.eip196Bytes + $0.1.eip197Bytes }
    }
}
