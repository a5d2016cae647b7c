import BN254
import BigInteger
import BabyJubJub
import Circuit
import Testing

/// A circuit with one EdDSA-Poseidon verifier over private inputs.
struct VerifierCircuit {
    static let names = ["enabled", "Ax", "Ay", "R8x", "R8y", "S", "M"]
    let cs: ConstraintSystem

    init() {
        var cs = ConstraintSystem()
        let v = Self.names.map { cs.privateInput($0) }
        cs.verifyEdDSAPoseidon(
            enabled: v[0], publicKey: BabyJubPointVariable(x: v[1], y: v[2]),
            R8: BabyJubPointVariable(x: v[3], y: v[4]), S: v[5], message: v[6])
        self.cs = cs
    }

    /// The first failing constraint's path for these inputs, or nil when all hold.
    func failure(enabled: Fr = .one, A: (Fr, Fr), R8: (Fr, Fr), S: Fr, M: Fr) throws -> String? {
        let values = [enabled, A.0, A.1, R8.0, R8.1, S, M]
        let witness = try cs.generateWitness(inputs: Dictionary(uniqueKeysWithValues: zip(Self.names, values)))
        return try cs.check(witness)?.path
    }

    func failure(enabled: Fr = .one, A: BabyJubPoint, signature: EdDSASignature, M: Fr) throws -> String? {
        try failure(enabled: enabled, A: (A.x, A.y), R8: (signature.R8.x, signature.R8.y), S: signature.S, M: M)
    }
}

@Suite("EdDSA-Poseidon verifier gadget")
struct EdDSAGadgetTests {
    let circuit = VerifierCircuit()
    let A: BabyJubPoint, signature: EdDSASignature, message: Fr

    init() throws {
        let vector = try CurveVectors.load().eddsa.first { $0.hash == "poseidon" }!
        A = try point(vector.public_key)
        signature = try EdDSASignature(R8: point(vector.R8), S: Fr(vector.S))
        message = try Fr(vector.message)
    }

    /// 3,941 (4,916 with the general 2-bit-window multiplication of H·8A, 2,789 of it; the Montgomery
    /// ladder of `babyJubScalarMul(strictBits:subgroupPoint:)` spends 1,814). docs/BENCHMARKS.md
    /// records it (`eddsa.verify.constraints`): a change to the gadget must update both.
    @Test func constraintCount() {
        #expect(circuit.cs.constraintCount == 3_941)
    }

    @Test func acceptsTheVectorSignature() throws {
        #expect(try circuit.failure(A: A, signature: signature, M: message) == nil)
    }

    @Test func rejectsTamperedInputs() throws {
        #expect(try circuit.failure(A: A, signature: signature, M: message + .one) != nil)
        let unreduced = EdDSASignature(R8: signature.R8, S: signature.S + Fr(reducing: BabyJub.subgroupOrder))
        #expect(try circuit.failure(A: A, signature: unreduced, M: message)?.hasPrefix("eddsaPoseidon/bitsAtMost") == true)
        let movedR8 = EdDSASignature(R8: signature.R8 + BabyJub.base8, S: signature.S)
        #expect(try circuit.failure(A: A, signature: movedR8, M: message) == "eddsaPoseidon")
        #expect(try circuit.failure(A: A.doubled(), signature: signature, M: message) == "eddsaPoseidon")
        let offCurve = (signature.R8.x + .one, signature.R8.y)
        #expect(try circuit.failure(A: (A.x, A.y), R8: offCurve, S: signature.S, M: message) == "eddsaPoseidon/babyCheck")
        // A of order 2: 8·A = O would verify B8·S = R8 for any message; rejected like circomlib.
        let forged = EdDSASignature(R8: BabyJub.base8, S: .one)
        let torsion = try BabyJubPoint(x: .zero, y: -Fr.one)
        #expect(try circuit.failure(A: torsion, signature: forged, M: message) == "eddsaPoseidon/inverse")
        #expect(try circuit.failure(enabled: Fr(2), A: A, signature: signature, M: message) == "eddsaPoseidon/boolean")
    }

    @Test func disabledIsSatisfiedWhateverTheInputs() throws {
        #expect(try circuit.failure(enabled: .zero, A: A, signature: signature, M: message + .one) == nil)
        #expect(try circuit.failure(enabled: .zero, A: (.zero, .zero), R8: (.zero, .zero), S: .zero, M: .zero) == nil)
        #expect(try circuit.failure(enabled: .zero, A: (.one, Fr(7)), R8: (-Fr.one, .one), S: -Fr.one, M: Fr(3)) == nil)
    }

    @Test func matchesNativeVerification() throws {
        var generator = InsecureSeededGenerator(seed: TestSeed.seed(33))
        for round in 0..<4 {
            let key = EdDSAPrivateKey.random(using: &generator)
            let m = Fr.random(using: &generator)
            var signature = key.signPoseidon(m)
            if round % 2 == 1 { signature.S += .one }
            let native = EdDSA.verifyPoseidon(message: m, signature: signature, publicKey: key.publicKey)
            #expect(native == (round % 2 == 0))
            #expect(try (circuit.failure(A: key.publicKey, signature: signature, M: m) == nil) == native)
        }
    }
}
