import BigInteger
import BN254
import Circuit
import Foundation
import Groth16
import Testing
import SnarkjsBinary
import Groth16Setup

/// x ← x² + c repeated: the benchmark's circuit shape, with one public output.
func squaringChain(length: Int) -> ConstraintSystem {
    var cs = ConstraintSystem()
    let start = cs.privateInput("x")
    let constant = cs.privateInput("c")
    var x = start.linearCombination
    for _ in 0..<length { x = cs.multiply(x, x) + constant }
    _ = cs.publicOutput("out", equalTo: x)
    return cs
}

@Suite("Groth16 setup, prove, verify")
struct SetupTests {
    func roundTrip(_ key: ProvingKey, _ r1cs: R1CS, witness: [Fr]) throws {
        let prover = Prover(key: key, threads: 2)
        let proof = try prover.prove(witness: witness, checkedAgainst: r1cs)
        let inputs = Array(witness[1...r1cs.nPublic])
        let verifier = PreparedVerificationKey(try key.verificationKey)
        #expect(try verifier.verify(proof, publicInputs: inputs))
        // Through the files a snarkjs user would exchange.
        let rereadKey = try ProvingKey(zkeyData: key.zkeyData(), file: "key.zkey")
        // From disk the file is mapped and its pages discarded as they are decoded: the same key.
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("setup-\(UUID().uuidString).zkey")
        let bytes = key.zkeyData()
        try bytes.write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let mappedKey = try ProvingKey(zkeyAt: file)
        #expect(mappedKey.zkeyData() == bytes && mappedKey.coefficients == key.coefficients)
        let rereadProof = try Proof(snarkjsJSON: Data(proof.snarkjsJSON.text.utf8), file: "proof.json")
        let rereadInputs = try PublicSignals.parse(Data(PublicSignals.document(inputs).text.utf8), file: "public.json")
        let rereadVK = try VerificationKey(snarkjsJSON: Data(try rereadKey.verificationKey.snarkjsJSON.text.utf8), file: "vk.json")
        #expect(try PreparedVerificationKey(rereadVK).verify(rereadProof, publicInputs: rereadInputs))
        var wrong = inputs
        wrong[0] += .one
        #expect(try !verifier.verify(proof, publicInputs: wrong))
    }

    @Test func setupFromPowersOfTauFile() throws {
        let ptau = try PowersOfTau(contentsOf: vector("snarkjs/ark-circom-groth16/powersOfTau28_hez_final_10.ptau"))
        #expect(ptau.power == 10 && ptau.ceremonyPower == 28)
        for folder in ["ark-circom-groth16/mycircuit.r1cs", "groth16-multiplier100/circuit.r1cs"] {
            let r1cs = try R1CSFile(contentsOf: vector("snarkjs/" + folder)).r1cs
            let witnessFile = folder.hasPrefix("ark") ? "ark-circom-groth16/witness.wtns" : "groth16-multiplier100/witness.wtns"
            let witness = try WtnsFile.read(contentsOf: vector("snarkjs/" + witnessFile)).values
            let key = try Setup.fromPowersOfTau(r1cs, ptau: ptau, threads: 2)
            try roundTrip(key, r1cs, witness: witness)
        }
    }

    @Test func ptauTooSmallIsAClearError() throws {
        let ptau = try PowersOfTau(contentsOf: vector("snarkjs/ark-circom-groth16/powersOfTau28_hez_final_10.ptau"))
        let r1cs = squaringChain(length: 600).r1cs()  // 601 rows → n = 1024, the H query needs 2^11
        #expect(throws: SetupError.self) { try Setup.fromPowersOfTau(r1cs, ptau: ptau, threads: 1) }
    }

    @Test func developmentSetupOnOurCircuit() throws {
        let cs = squaringChain(length: 50)
        let r1cs = cs.r1cs()
        let witness = try cs.generateWitness(inputs: ["x": Fr(3), "c": Fr(7)]).values
        let key = try Setup.insecureDevelopment(r1cs, seed: 1, threads: 2)
        try roundTrip(key, r1cs, witness: witness)
        // The r1cs and witness also survive circom's file formats.
        let rereadR1CS = try R1CSFile(data: R1CSFile(r1cs: r1cs).data, fileName: "c.r1cs").r1cs
        #expect(rereadR1CS == r1cs)
        #expect(try WtnsFile.decode(WtnsFile.encode(Witness(values: witness)), fileName: "w.wtns").values == witness)
        // Same seed, same key.
        #expect(try Setup.insecureDevelopment(r1cs, seed: 1, threads: 1).verificationKey == (try key.verificationKey))
    }

    @Test func proverRejectsBadWitnesses() throws {
        let cs = squaringChain(length: 5)
        let r1cs = cs.r1cs()
        var witness = try cs.generateWitness(inputs: ["x": Fr(2), "c": Fr(1)]).values
        let prover = Prover(key: try Setup.insecureDevelopment(r1cs, seed: 2, threads: 1), threads: 1)
        #expect(throws: ProvingError.witnessLengthMismatch(expected: witness.count, actual: witness.count - 1)) {
            try prover.prove(witness: Array(witness.dropLast()))
        }
        witness[witness.count - 1] += .one
        let error = #expect(throws: ProvingError.self) { try prover.prove(witness: witness, checkedAgainst: r1cs) }
        #expect(error?.description.contains("does not satisfy the circuit: constraint") == true, "\(String(describing: error))")
    }
}

@Suite("Verifier rejects hostile input")
struct HostileInputTests {
    let fixture = Fixture.all[0]

    func proofText() throws -> String { try String(contentsOf: fixture.url("proof.json"), encoding: .utf8) }

    @Test func publicInputNotBelowR() {
        let r = Fr.modulus.decimalString
        #expect(throws: JSONFormatError.self) { try PublicSignals.parse(Data("[\"\(r)\"]".utf8), file: "public.json") }
        #expect(throws: JSONFormatError.self) { try PublicSignals.parse(Data("[\"-1\"]".utf8), file: "public.json") }
        #expect(throws: JSONFormatError.self) { try PublicSignals.parse(Data("[33]".utf8), file: "public.json") }
        #expect(throws: JSONFormatError.self) { try PublicSignals.parse(Data("[\"0x\"]".utf8), file: "public.json") }
    }

    @Test func proofPointOffCurve() throws {
        let proof = try fixture.proof()
        let text = try proofText().replacingOccurrences(of: proof.a.y.description, with: (proof.a.y + .one).description)
        #expect(throws: JSONFormatError.self) { try Proof(snarkjsJSON: Data(text.utf8), file: "proof.json") }
    }

    @Test func proofPointWithCoordinateNotBelowQ() throws {
        let proof = try fixture.proof()
        let big = (proof.c.x.bigInt + Fq.modulus).decimalString
        let text = try proofText().replacingOccurrences(of: proof.c.x.description, with: big)
        #expect(throws: JSONFormatError.self) { try Proof(snarkjsJSON: Data(text.utf8), file: "proof.json") }
    }

    /// A point on the twist but outside the order-r subgroup must be refused as pi_b.
    @Test func proofPointOutsideG2Subgroup() throws {
        var generator = InsecureSeededGenerator(seed: TestSeed.seed(9))
        var outside: G2Affine?
        while outside == nil {
            let x = Fq2.random(using: &generator)
            if let y = (x.squared() * x + G2Curve.b).squareRoot() {
                let point = G2Affine(x: x, y: y)
                if !point.isInSubgroup { outside = point }
            }
        }
        let proof = try fixture.proof()
        #expect(throws: Groth16PointError.invalidPoint(name: "B", .notInSubgroup(curve: G2Curve.name))) {
            try Proof(a: proof.a, b: outside!, c: proof.c)
        }
        let document = JSONDocument.object([
            ("pi_a", .array(proof.a.snarkjsJSON.map(JSONDocument.string))),
            ("pi_b", .array(outside!.snarkjsJSON.map { .array($0.map(JSONDocument.string)) })),
            ("pi_c", .array(proof.c.snarkjsJSON.map(JSONDocument.string))),
        ])
        #expect(throws: JSONFormatError.self) { try Proof(snarkjsJSON: Data(document.text.utf8), file: "proof.json") }
    }

    @Test func malformedFiles() {
        for text in ["", "{", "[]", "{\"pi_a\": 1}", "{\"pi_a\": [\"1\",\"2\",\"1\"], \"pi_b\": [], \"pi_c\": []}"] {
            #expect(throws: JSONFormatError.self, "\(text)") { try Proof(snarkjsJSON: Data(text.utf8), file: "proof.json") }
            #expect(throws: JSONFormatError.self, "\(text)") { try VerificationKey(snarkjsJSON: Data(text.utf8), file: "vk.json") }
        }
    }

    @Test func verificationKeyWithWrongCounts() throws {
        let original = try String(contentsOf: fixture.url("verification_key.json"), encoding: .utf8)
        let text = original.replacingOccurrences(of: "\"nPublic\": 1", with: "\"nPublic\": 2")
        #expect(throws: JSONFormatError.self) { try VerificationKey(snarkjsJSON: Data(text.utf8), file: "vk.json") }
        let otherCurve = original.replacingOccurrences(of: "\"bn128\"", with: "\"bls12381\"")
        #expect(throws: JSONFormatError.self) { try VerificationKey(snarkjsJSON: Data(otherCurve.utf8), file: "vk.json") }
    }

    @Test func zkeyOfAnotherProtocolOrTruncated() throws {
        let plonk = try Data(contentsOf: vector("snarkjs/plonk-circuit/circuit.zkey"))
        #expect(throws: BinaryFormatError.self) { try ProvingKey(zkeyData: plonk, file: "plonk.zkey") }
        let good = try Data(contentsOf: fixture.url("test.zkey"))
        for cut in [10, 100, good.count / 2, good.count - 1] {
            #expect(throws: BinaryFormatError.self) { try ProvingKey(zkeyData: good.prefix(cut), file: "cut.zkey") }
        }
    }
}

@Suite("proving key coefficients")
struct CoefficientTests {
    /// The matrix bit and the row share one word: each reads back what was set, at the extremes too.
    @Test func packedRowReadsBack() {
        #expect(MemoryLayout<ProvingKey.Coefficient>.stride == 40)
        for (matrix, row) in [(UInt32(0), UInt32(0)), (1, 0), (0, 0x7FFF_FFFF), (1, 0x7FFF_FFFF), (1, 1 << 28)] {
            var coefficient = ProvingKey.Coefficient(matrix: matrix, constraint: row, signal: 7, value: Fr(3))
            #expect(coefficient.matrix == matrix && coefficient.constraint == row && coefficient.signal == 7 && coefficient.value == Fr(3))
            coefficient.matrix = 1 - matrix
            #expect(coefficient.matrix == 1 - matrix && coefficient.constraint == row)
            coefficient.constraint = 0x7FFF_FFFF - row
            #expect(coefficient.matrix == 1 - matrix && coefficient.constraint == 0x7FFF_FFFF - row)
        }
    }
}
