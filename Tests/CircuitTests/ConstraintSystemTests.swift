import BN254
import Circuit
import Foundation
import Testing
import SnarkjsBinary

/// Inputs given as small integers.
func solve(_ cs: ConstraintSystem, _ inputs: [String: Int]) throws -> Witness {
    try cs.generateWitness(inputs: inputs.mapValues { Fr($0) })
}

@Suite("Constraint system builder")
struct ConstraintSystemTests {
    /// out = x·y + pub, with the public input declared after the private ones.
    func sampleCircuit() -> (ConstraintSystem, x: Variable, y: Variable, pub: Variable, out: Variable) {
        var cs = ConstraintSystem()
        let x = cs.privateInput("x")
        let y = cs.privateInput("y")
        let product = cs.multiply(x, y)
        let pub = cs.publicInput("pub")
        let out = cs.publicOutput("out", equalTo: product + pub)
        return (cs, x, y, pub, out)
    }

    @Test func assignsCircomWireOrder() throws {
        let (cs, x, y, pub, out) = sampleCircuit()
        #expect(cs.wireCount == 6)
        #expect(cs.constraintCount == 2)
        #expect((cs.publicOutputCount, cs.publicInputCount, cs.privateInputCount, cs.publicCount) == (1, 1, 2, 2))
        #expect([out, pub, x, y].map(cs.wire(of:)) == [1, 2, 3, 4])
        #expect(cs.wire(of: .one) == 0)

        let witness = try solve(cs, ["x": 5, "y": 7, "pub": 100])
        #expect(witness.values == [1, 135, 100, 5, 7, 35].map { Fr($0) })
        #expect(cs.value(of: out, in: witness) == Fr(135))
        #expect(try cs.check(witness) == nil)

        let r1cs = cs.r1cs()
        #expect((r1cs.nWires, r1cs.nPublicOutputs, r1cs.nPublicInputs, r1cs.nPrivateInputs) == (6, 1, 1, 2))
        #expect(Array(r1cs.publicSignals(of: witness)) == [Fr(135), Fr(100)])
        #expect(r1cs.wireLabels == [0, 5, 4, 1, 2, 3])  // wire → allocation index
        #expect(try r1cs.check(witness) == nil)
    }

    @Test func solvesManyWitnessesFromOneBuild() throws {
        let (cs, x, y, pub, _) = sampleCircuit()
        var generator = InsecureSeededGenerator(seed: TestSeed.seed(7))
        for _ in 0..<20 {
            let values = (Fr.random(using: &generator), Fr.random(using: &generator), Fr.random(using: &generator))
            let witness = try cs.generateWitness(assignments: [x: values.0, y: values.1, pub: values.2])
            #expect(witness[1] == values.0 * values.1 + values.2)
            #expect(try cs.check(witness) == nil)
        }
    }

    @Test func reportsInputErrors() {
        let (cs, x, _, _, out) = sampleCircuit()
        #expect(throws: WitnessError.missingInput(name: "pub")) { try solve(cs, ["x": 1, "y": 2]) }
        #expect(throws: WitnessError.unknownInput(name: "z")) { try solve(cs, ["x": 1, "y": 2, "pub": 3, "z": 4]) }
        #expect(throws: WitnessError.unknownInput(name: "out")) { try solve(cs, ["x": 1, "y": 2, "pub": 3, "out": 4]) }
        #expect(throws: WitnessError.missingInput(name: "y")) { try cs.generateWitness(assignments: [x: .one]) }
        #expect(throws: WitnessError.wrongWireCount(expected: 6, actual: 2)) { try cs.check(Witness(values: [.one, .one])) }
        #expect(throws: WitnessError.constantWireNotOne(value: .zero)) {
            try cs.check(Witness(values: Array(repeating: .zero, count: 6)))
        }
        _ = out
    }

    @Test func reportsHintsReturningTheWrongCount() {
        var cs = ConstraintSystem()
        _ = cs.withNamespace("bad") { $0.witnesses(count: 2) { _ in [Fr.one] } }
        #expect(throws: WitnessError.hintOutputCount(path: "bad", expected: 2, actual: 1)) { try solve(cs, [:]) }
    }

    @Test func reportsTheFirstFailingConstraintWithItsPath() throws {
        var cs = ConstraintSystem()
        let x = cs.privateInput("x")
        let y = cs.privateInput("y")
        var product = Variable.one
        cs.withNamespace("transfer[3]") { cs in
            cs.withNamespace("balance") { cs in
                product = cs.multiply(x, y)
                cs.withNamespace("rangeCheck") { $0.assertRange(product, bits: 8) }
            }
        }
        #expect(cs.namespacePath == "")
        var witness = try solve(cs, ["x": 5, "y": 7])
        #expect(try cs.check(witness) == nil)

        witness.values[cs.wire(of: product)] = Fr(36)
        let failure = try #require(try cs.check(witness))
        #expect(failure.index == 0)
        #expect(failure.path == "transfer[3]/balance")
        #expect((failure.a, failure.b, failure.c) == (Fr(5), Fr(7), Fr(36)))
        #expect(failure.description == "constraint 0 (transfer[3]/balance): A·B = 5·7 ≠ C = 36")

        // 35 = 0b100011; bit 1 is allocated right after the product, its booleanity is constraint 2.
        var badBit = try solve(cs, ["x": 5, "y": 7])
        badBit.values[cs.wire(of: product) + 2] = Fr(2)
        let bitFailure = try #require(try cs.check(badBit))
        #expect(bitFailure.index == 2)
        #expect(bitFailure.path == "transfer[3]/balance/rangeCheck/range/toBits")
        #expect((bitFailure.a, bitFailure.b, bitFailure.c) == (Fr(2), Fr(1), Fr(0)))
        // The exported R1CS finds the same constraint, without a path.
        #expect(try cs.r1cs().check(badBit)?.index == 2)
    }

    @Test func linearCombinationsNormalize() {
        var cs = ConstraintSystem()
        let x = cs.privateInput("x")
        let y = cs.privateInput("y")
        let combination = (x + y) - x + Fr(3) * y + 2 - LinearCombination(constant: Fr(2))
        #expect(combination.normalized().terms == [Term(y, Fr(4))])
        #expect((x - x).normalized().terms.isEmpty)
        #expect((-x + 5).normalized().terms == [Term(.one, Fr(5)), Term(x, -Fr.one)])
    }

    @Test func roundTripsThroughR1CSAndWtnsFiles() throws {
        var cs = ConstraintSystem()
        let a = cs.privateInput("a")
        let b = cs.publicInput("b")
        let less = cs.lessThan(a, b, bits: 16)
        let chosen = cs.select(less, a, b)
        _ = cs.publicOutput("min", equalTo: chosen)
        _ = cs.isZero(a - b)
        let r1cs = cs.r1cs()
        let witness = try solve(cs, ["a": 300, "b": 4000])
        #expect(witness[1] == Fr(300))

        let encoded = R1CSFile(r1cs: r1cs).data
        let decoded = try R1CSFile(data: encoded, fileName: "ours.r1cs")
        #expect(decoded.r1cs == r1cs)
        #expect(decoded.data == encoded)
        let reordered = R1CSFile(r1cs: r1cs, sectionOrder: .constraintsFirst).data
        #expect(try R1CSFile(data: reordered, fileName: "ours.r1cs").r1cs == r1cs)

        let wtns = WtnsFile.encode(witness)
        #expect(try WtnsFile.decode(wtns, fileName: "ours.wtns") == witness)
        #expect(try decoded.r1cs.check(WtnsFile.decode(wtns, fileName: "ours.wtns")) == nil)
    }

    @Test func skipsUnknownSections() throws {
        let original = try vectorData("snarkjs/plonk-circuit/circuit.r1cs")
        let parsed = try R1CSFile(data: original, fileName: "circuit.r1cs")
        var writer = BinaryContainerWriter(magic: "r1cs", version: 1)
        let container = try BinaryContainer(data: original, magic: "r1cs", fileName: "circuit.r1cs", supportedVersions: [1])
        for type in container.sectionTypes {
            var section = try container.section(type, name: "copy")
            writer.append(section: type, payload: try section.bytes(section.remaining, field: "copy"))
        }
        writer.append(section: 4, payload: Data([1, 2, 3]))
        writer.append(section: 5, payload: Data())
        let extended = try R1CSFile(data: writer.data, fileName: "custom-gates.r1cs")
        #expect(extended.skippedSections == [4, 5])
        #expect(extended.r1cs == parsed.r1cs)
        #expect(extended.data == original)
    }
}
