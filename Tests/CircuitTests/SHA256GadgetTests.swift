import BN254
import Circuit
import Digest
import Testing

/// A circuit hashing a private message of `byteCount` bytes, given as boolean inputs "m[i]".
struct SHA256Circuit {
    let system: ConstraintSystem
    let digest: [LinearCombination]

    init(byteCount: Int) {
        var cs = ConstraintSystem()
        let bits = (0..<8 * byteCount).map { cs.privateInput("m[\($0)]") }
        for bit in bits { cs.assertBoolean(bit) }
        digest = cs.sha256(bits)
        system = cs
    }

    /// The witness for `message` (FIPS 180-4 bit order: most significant bit of each byte first).
    func witness(_ message: [UInt8]) throws -> Witness {
        var inputs: [String: Fr] = [:]
        for (index, byte) in message.enumerated() {
            for bit in 0..<8 { inputs["m[\(8 * index + bit)]"] = (byte >> UInt8(7 - bit)) & 1 == 1 ? .one : .zero }
        }
        return try system.generateWitness(inputs: inputs)
    }

    /// ⟨combination, witness⟩.
    func evaluate(_ combination: LinearCombination, _ witness: Witness) -> Fr {
        combination.terms.reduce(Fr.zero) { $0 + $1.coefficient * system.value(of: $1.variable, in: witness) }
    }

    /// The digest the witness assigns, as bytes.
    func digestBytes(_ witness: Witness) -> [UInt8] {
        stride(from: 0, to: 256, by: 8).map { start in
            (0..<8).reduce(UInt8(0)) { byte, bit in byte << 1 | (evaluate(digest[start + bit], witness).isOne ? 1 : 0) }
        }
    }
}

@Suite("SHA-256 gadget")
struct SHA256GadgetTests {
    /// FIPS 180-4 examples (NIST CSRC "SHA256.pdf"): one block, and the 56-byte two-block message.
    @Test(arguments: ["abc", "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"])
    func fipsVectors(text: String) throws {
        let message = Array(text.utf8)
        let circuit = SHA256Circuit(byteCount: message.count)
        let witness = try circuit.witness(message)
        #expect(try circuit.system.check(witness) == nil)
        #expect(circuit.digestBytes(witness) == SHA256.hash(message))
    }

    /// Lengths on both sides of the one- and two-block boundaries (55/56, 64, 119/120) and random bytes.
    @Test(arguments: [0, 1, 31, 55, 56, 64, 97, 119, 120])
    func matchesTheNativeDigest(byteCount: Int) throws {
        var generator = InsecureSeededGenerator(seed: TestSeed.seed(UInt64(byteCount) + 1))
        let message = (0..<byteCount).map { _ in UInt8.random(in: 0...255, using: &generator) }
        let circuit = SHA256Circuit(byteCount: byteCount)
        let witness = try circuit.witness(message)
        #expect(try circuit.system.check(witness) == nil)
        #expect(circuit.digestBytes(witness) == SHA256.hash(message))
    }

    /// The digest reduced into Fr (top 3 bits cleared) is the same natively and in the circuit,
    /// and is the big-endian value of the masked bytes.
    @Test func fieldElementAgreesNativelyAndInTheCircuit() throws {
        let message = Array("rollup batch".utf8)
        let circuit = SHA256Circuit(byteCount: message.count)
        let witness = try circuit.witness(message)
        var digest = SHA256.hash(message)
        let native = Fr(sha256Digest: digest)
        #expect(circuit.evaluate(ConstraintSystem.sha256FieldElement(circuit.digest), witness) == native)
        digest[0] &= 0x1f
        #expect(native == (try Fr(bigEndianBytes: digest)))
        #expect(Fr(sha256Digest: [UInt8](repeating: 0xff, count: 32)) == (try Fr(bigEndianBytes: [0x1f] + [UInt8](repeating: 0xff, count: 31))))
    }

    /// Every wire the gadget creates is constrained: changing any sampled one, or one message bit
    /// without recomputing the rest, leaves the system unsatisfied.
    @Test func forgedWitnessesAreRejected() throws {
        let message = Array("abc".utf8)
        let circuit = SHA256Circuit(byteCount: message.count)
        let witness = try circuit.witness(message)
        var generator = InsecureSeededGenerator(seed: TestSeed.seed(7))
        let firstInternal = 1 + 8 * message.count
        for _ in 0..<40 {
            let wire = Int.random(in: firstInternal..<witness.values.count, using: &generator)
            var forged = witness
            forged.values[wire] += .one
            #expect(try circuit.system.check(forged) != nil, "wire \(wire) is unconstrained")
        }
        var flipped = witness
        flipped.values[1] = flipped.values[1].isZero ? .one : .zero
        #expect(try circuit.system.check(flipped) != nil)
    }

    /// A 512-bit block with a variable chaining value and message costs at most circomlib's ~29,000
    /// (pinned, so a change to the count is seen); the first block is cheaper, H(0) being constant.
    @Test func constraintsPerBlock() {
        // 128 bytes are two message blocks and a padding block; 64 bytes one of each. The message
        // bits' own boolean constraints (8 per byte) are not the gadget's.
        func gadget(_ byteCount: Int) -> Int { SHA256Circuit(byteCount: byteCount).system.constraintCount - 8 * byteCount }
        let perBlock = gadget(128) - gadget(64)
        print("SHA-256 gadget: \(perBlock) constraints per 512-bit block, \(gadget(55)) for a one-block message of 55 bytes")
        #expect(perBlock <= 29_000)
        #expect(perBlock == 26_232)
    }
}
