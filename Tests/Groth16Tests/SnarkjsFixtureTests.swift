import BN254
import Circuit
import Foundation
import Groth16
import Testing

/// `Vectors/<path>` from this file's location.
func vector(_ path: String) -> URL {
    URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Vectors").appendingPathComponent(path)
}

/// The two snarkjs Groth16 fixtures: a key, a witness, a proof and its public signals.
struct Fixture: CustomTestStringConvertible, Sendable {
    let folder: String
    let zkey: String
    let verificationKey: String
    var testDescription: String { folder }

    static let all = [
        Fixture(folder: "snarkjs/ark-circom-groth16", zkey: "test.zkey", verificationKey: "verification_key.json"),
        Fixture(folder: "snarkjs/groth16-multiplier100", zkey: "circuit.zkey", verificationKey: "verification_key.derived.json"),
    ]

    func url(_ name: String) -> URL { vector("\(folder)/\(name)") }
    func provingKey() throws -> ProvingKey { try ProvingKey(zkeyAt: url(zkey)) }
    func key() throws -> VerificationKey { try VerificationKey(snarkjsJSONAt: url(verificationKey)) }
    func proof() throws -> Proof { try Proof(snarkjsJSONAt: url("proof.json")) }
    func publicSignals() throws -> [Fr] { try PublicSignals.read(url("public.json")) }
    func witness() throws -> [Fr] { try WtnsFile.read(contentsOf: url("witness.wtns")).values }
}

@Suite("snarkjs Groth16 fixtures")
struct SnarkjsFixtureTests {
    @Test(arguments: Fixture.all)
    func snarkjsProofVerifies(fixture: Fixture) throws {
        let key = PreparedVerificationKey(try fixture.key())
        #expect(try key.verify(try fixture.proof(), publicInputs: try fixture.publicSignals()))
    }

    @Test(arguments: Fixture.all)
    func tamperedProofsAreRejected(fixture: Fixture) throws {
        let key = PreparedVerificationKey(try fixture.key())
        let proof = try fixture.proof(), inputs = try fixture.publicSignals()
        var changedInput = inputs
        changedInput[0] += .one
        #expect(try !key.verify(proof, publicInputs: changedInput))
        let changedA = try Proof(a: (JacobianPoint(proof.a) + JacobianPoint(G1Curve.generator)).affine, b: proof.b, c: proof.c)
        #expect(try !key.verify(changedA, publicInputs: inputs))
        let changedC = try Proof(a: proof.a, b: proof.b, c: -proof.c)
        #expect(try !key.verify(changedC, publicInputs: inputs))
        let changedB = try Proof(a: proof.a, b: (JacobianPoint(proof.b) + JacobianPoint(G2Curve.generator)).affine, c: proof.c)
        #expect(try !key.verify(changedB, publicInputs: inputs))
        #expect(throws: VerificationError.wrongPublicInputCount(expected: inputs.count, actual: inputs.count + 1)) {
            try key.verify(proof, publicInputs: inputs + [.zero])
        }
    }

    /// The key exported from each `.zkey` equals the fixture's JSON field for field.
    @Test(arguments: Fixture.all)
    func exportedKeyMatchesFixture(fixture: Fixture) throws {
        let exported = try fixture.provingKey().verificationKey
        #expect(exported == (try fixture.key()))
        let text = exported.snarkjsJSON.text
        let original = try String(contentsOf: fixture.url(fixture.verificationKey), encoding: .utf8)
        if fixture.folder.contains("ark-circom") {
            #expect(text == original)  // upstream snarkjs output, vk_alphabeta_12 included, byte for byte
        }
        #expect(try VerificationKey(snarkjsJSON: Data(text.utf8), file: "exported") == exported)
    }

    /// A fresh proof from snarkjs's own `.zkey` and `.wtns` is accepted by the fixture's key.
    @Test(arguments: Fixture.all)
    func ourProofFromSnarkjsKeyVerifies(fixture: Fixture) throws {
        let prover = Prover(key: try fixture.provingKey(), threads: 2)
        let witness = try fixture.witness()
        let proof = try prover.prove(witness: witness)
        let publicInputs = Array(witness[1...prover.key.publicInputCount])
        #expect(publicInputs == (try fixture.publicSignals()))
        #expect(try PreparedVerificationKey(try fixture.key()).verify(proof, publicInputs: publicInputs))
        let reread = try Proof(snarkjsJSON: Data(proof.snarkjsJSON.text.utf8), file: "ours")
        #expect(reread == proof)
    }

    @Test func proofJSONIsWrittenAsSnarkjsWritesIt() throws {
        for fixture in Fixture.all {
            let original = try String(contentsOf: fixture.url("proof.json"), encoding: .utf8)
            #expect(try fixture.proof().snarkjsJSON.text == original)
            let publicText = try String(contentsOf: fixture.url("public.json"), encoding: .utf8)
            #expect(PublicSignals.document(try fixture.publicSignals()).text == publicText)
        }
    }

    @Test(arguments: Fixture.all)
    func zkeyRoundTrips(fixture: Fixture) throws {
        let key = try fixture.provingKey()
        let rewritten = try ProvingKey(zkeyData: key.zkeyData(), file: "rewritten")
        #expect(try rewritten.verificationKey == (try key.verificationKey))
        #expect(rewritten.coefficients == key.coefficients)
        #expect(rewritten.a == key.a && rewritten.b1 == key.b1 && rewritten.b2 == key.b2)
        #expect(rewritten.c == key.c && rewritten.h == key.h)
        #expect(rewritten.domainSize == key.domainSize && rewritten.variableCount == key.variableCount)
    }
}

@Suite("Ethereum encodings of proofs")
struct EthereumEncodingTests {
    /// The pairing input a Solidity verifier assembles is accepted by ecPairing exactly when the
    /// proof is valid (this pins the EIP-197 order of every G2 coordinate).
    @Test(arguments: Fixture.all)
    func pairingPrecompileAcceptsValidProofsOnly(fixture: Fixture) throws {
        let key = try fixture.key(), proof = try fixture.proof(), inputs = try fixture.publicSignals()
        let valid = key.pairingPrecompileInput(proof: proof, publicInputs: inputs)
        #expect(valid.count == 4 * 192)
        #expect(try EVMPrecompile.ecPairing(valid).last == 1)
        var wrong = inputs
        wrong[0] += .one
        #expect(try EVMPrecompile.ecPairing(key.pairingPrecompileInput(proof: proof, publicInputs: wrong)).last == 0)
    }

    @Test func calldataHasSnarkjsShape() throws {
        let fixture = Fixture.all[0]
        let proof = try fixture.proof()
        let text = proof.solidityCalldata(publicInputs: try fixture.publicSignals())
        let words = text.split(separator: "\"").filter { $0.hasPrefix("0x") }
        #expect(words.count == 2 + 4 + 2 + 1 && words.allSatisfy { $0.count == 66 })
        // b is written imaginary part first: its first word is x.c1.
        #expect(words[2] == "0x" + proof.b.x.c1.bigEndianBytes.map { String(format: "%02x", $0) }.joined())
        #expect(text.hasSuffix(",[\"0x" + String(repeating: "0", count: 62) + "21\"]"))  // public input 33
    }

    @Test func solidityVerifierEmbedsTheKey() throws {
        let key = try Fixture.all[1].key()
        let source = key.solidityVerifier()
        #expect(source.contains("uint256[1] calldata input"))
        #expect(source.contains("input[i] >= R"))
        #expect(source.contains("0x" + key.delta2.x.c1.bigEndianBytes.map { String(format: "%02x", $0) }.joined()))
    }

    /// The EVM behaviour is tested in Tests/EVM; here, that the key lands in the contract as
    /// EIP-197 orders it and that a key without public inputs is refused.
    @Test func vyperVerifierEmbedsTheKey() throws {
        let key = try Fixture.all[1].key()
        let source = try key.vyperVerifier()
        #expect(source.contains("input: uint256[1]) -> bool:"))
        #expect(source.contains("DELTA: constant(uint256[4]) = [\(key.delta2.x.c1), \(key.delta2.x.c0), \(key.delta2.y.c1), \(key.delta2.y.c0)]"))
        #expect(source.contains("IC: constant(uint256[2][2]) = [\n    [\(key.ic[0].x), \(key.ic[0].y)],\n    [\(key.ic[1].x), \(key.ic[1].y)],\n]"))
        let withoutInputs = try VerificationKey(alpha1: key.alpha1, beta2: key.beta2, gamma2: key.gamma2, delta2: key.delta2, ic: [key.ic[0]])
        #expect(throws: VyperVerifierError.noPublicInputs) { try withoutInputs.vyperVerifier() }
    }
}
