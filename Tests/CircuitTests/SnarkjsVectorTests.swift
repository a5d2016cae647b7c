import BN254
import Circuit
import Foundation
import Testing

/// One snarkjs/circom fixture folder and the facts its README states.
struct Fixture: CustomTestStringConvertible, Sendable {
    let folder: String
    let r1cs: String
    let wtns: String
    let counts: (wires: Int, pubOut: Int, pubIn: Int, prvIn: Int, constraints: Int)
    let order: R1CSSectionOrder
    /// `public.json`, when the folder has one.
    let publicJSON: String?
    /// (wire, value) pairs the README gives for inputs.
    let inputs: [(wire: Int, value: Int)]

    var testDescription: String { folder }
}

let fixtures = [
    Fixture(
        folder: "snarkjs/ark-circom-groth16", r1cs: "mycircuit.r1cs", wtns: "witness.wtns",
        counts: (4, 1, 0, 2, 1), order: .headerFirst, publicJSON: "public.json", inputs: [(2, 3), (3, 11)]),
    Fixture(
        folder: "snarkjs/groth16-multiplier100", r1cs: "circuit.r1cs", wtns: "witness.wtns",
        counts: (103, 1, 0, 2, 100), order: .constraintsFirst, publicJSON: "public.json", inputs: [(2, 2), (3, 3)]),
    Fixture(
        folder: "snarkjs/plonk-circuit", r1cs: "circuit.r1cs", wtns: "witness.wtns",
        counts: (7, 1, 1, 1, 4), order: .headerFirst, publicJSON: "public.json", inputs: [(2, 1), (3, 2)]),
    Fixture(
        folder: "snarkjs/r1cs-wtns-head-groth16", r1cs: "circuit.r1cs", wtns: "witness.wtns",
        counts: (1003, 1, 1, 1, 1000), order: .constraintsFirst, publicJSON: nil, inputs: [(2, 11), (3, 2)]),
]

@Suite("circom/snarkjs r1cs and wtns vectors")
struct SnarkjsVectorTests {
    @Test(arguments: fixtures)
    func parsesAndSatisfies(_ fixture: Fixture) throws {
        let file = try R1CSFile(contentsOf: vectorsDirectory.appendingPathComponent("\(fixture.folder)/\(fixture.r1cs)"))
        let r1cs = file.r1cs
        #expect(r1cs.nWires == fixture.counts.wires)
        #expect(r1cs.nPublicOutputs == fixture.counts.pubOut)
        #expect(r1cs.nPublicInputs == fixture.counts.pubIn)
        #expect(r1cs.nPrivateInputs == fixture.counts.prvIn)
        #expect(r1cs.constraintCount == fixture.counts.constraints)
        #expect(file.sectionOrder == fixture.order)
        #expect(file.skippedSections.isEmpty)

        let witness = try WtnsFile.read(contentsOf: vectorsDirectory.appendingPathComponent("\(fixture.folder)/\(fixture.wtns)"))
        #expect(witness.values.count == r1cs.nWires)
        #expect(try r1cs.check(witness) == nil)
        for (wire, value) in fixture.inputs { #expect(witness[wire] == Fr(value)) }
        if let publicJSON = fixture.publicJSON {
            #expect(Array(r1cs.publicSignals(of: witness)) == (try publicSignals("\(fixture.folder)/\(publicJSON)")))
        }

        var tampered = witness
        tampered.values[r1cs.nWires - 1] += .one
        #expect(try r1cs.check(tampered) != nil)
    }

    @Test(arguments: fixtures)
    func rewritesByteIdentically(_ fixture: Fixture) throws {
        let r1csBytes = try vectorData("\(fixture.folder)/\(fixture.r1cs)")
        let wtnsBytes = try vectorData("\(fixture.folder)/\(fixture.wtns)")
        #expect(try R1CSFile(data: r1csBytes, fileName: fixture.r1cs).data == r1csBytes)
        #expect(WtnsFile.encode(try WtnsFile.decode(wtnsBytes, fileName: fixture.wtns)) == wtnsBytes)
    }

    @Test func multiplier1000Values() throws {
        let witness = try WtnsFile.decode(try vectorData("snarkjs/r1cs-wtns-head-groth16/witness.wtns"), fileName: "witness.wtns")
        // int[0] = a² + b, int[i] = int[i-1]² + b, c = int[999] = wire 1.
        var value = Fr(11).squared() + Fr(2)
        for _ in 1..<1000 { value = value.squared() + Fr(2) }
        #expect(witness[1] == value)
    }

    @Test func keepsTheLabelMap() throws {
        let file = try R1CSFile(data: try vectorData("snarkjs/ark-circom-groth16/mycircuit.r1cs"), fileName: "mycircuit.r1cs")
        #expect(file.r1cs.wireLabels == [0, 3, 1, 2])
        #expect(file.r1cs.nLabels == 4)
    }
}
