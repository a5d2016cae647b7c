import BN254
import Circuit
import Foundation
import Testing
import SnarkjsBinary

@Suite("Malformed r1cs and wtns files")
struct MalformedFileTests {
    let r1cs: Data
    let wtns: Data
    let header: Int
    let constraints: Int

    init() throws {
        r1cs = try vectorData("snarkjs/ark-circom-groth16/mycircuit.r1cs")
        wtns = try vectorData("snarkjs/ark-circom-groth16/witness.wtns")
        header = try #require(sectionPayloadOffset(r1cs, type: 1))
        constraints = try #require(sectionPayloadOffset(r1cs, type: 2))
    }

    func read(_ data: Data) throws(BinaryFormatError) { _ = try R1CSFile(data: data, fileName: "bad.r1cs") }

    @Test func everyTruncationIsATypedError() {
        for cut in 0..<r1cs.count {
            #expect(throws: BinaryFormatError.self, "r1cs cut at \(cut)") { try read(r1cs.prefix(cut)) }
        }
        for cut in 0..<wtns.count {
            #expect(throws: BinaryFormatError.self, "wtns cut at \(cut)") { try WtnsFile.decode(wtns.prefix(cut), fileName: "bad.wtns") }
        }
    }

    @Test func truncatedInsideSectionsNamesTheField() throws {
        // Shrink section 2's declared length so the constraint runs off its end.
        let shortened = patchingU32(r1cs, at: constraints - 8, 20)
        var spliced = shortened.prefix(constraints + 20)
        spliced.append(r1cs.suffix(from: constraints + 120))
        expectFormatError(file: "bad.r1cs", field: "constraint 0 A") { try read(Data(spliced)) }
    }

    @Test func wrongPrime() {
        var data = r1cs
        data[header + 4] ^= 1
        expectFormatError(file: "bad.r1cs", field: "header prime") { try read(data) }
        var witness = wtns
        witness[witness.startIndex + 24 + 4] ^= 1
        expectFormatError(file: "bad.wtns", field: "header prime") { _ = try WtnsFile.decode(witness, fileName: "bad.wtns") }
        expectFormatError(file: "bad.r1cs", field: "header n8") { try read(patchingU32(r1cs, at: header, 48)) }
    }

    @Test func coefficientNotBelowR() {
        var data = r1cs
        for i in 0..<32 { data[constraints + 8 + i] = 0xFF }
        expectFormatError(file: "bad.r1cs", field: "constraint 0 A term 0 coefficient") { try read(data) }
        // r itself is also rejected: coefficients are canonical.
        var prime = r1cs
        prime.replaceSubrange((constraints + 8)..<(constraints + 40), with: r1cs[(header + 4)..<(header + 36)])
        expectFormatError(file: "bad.r1cs", field: "constraint 0 A term 0 coefficient") { try read(prime) }
    }

    @Test func wireIdNotBelowNWires() {
        expectFormatError(file: "bad.r1cs", field: "constraint 0 A term 0 wire id") {
            try read(patchingU32(r1cs, at: constraints + 4, 4))
        }
    }

    @Test func implausibleCounts() {
        let nConstraints = header + 4 + 32 + 24
        expectFormatError(file: "bad.r1cs", field: "header nConstraints") { try read(patchingU32(r1cs, at: nConstraints, .max)) }
        expectFormatError(file: "bad.r1cs", field: "constraint 0 A") { try read(patchingU32(r1cs, at: constraints, .max)) }
        expectFormatError(file: "bad.r1cs", field: "header nWires") { try read(patchingU32(r1cs, at: header + 36, 2)) }
        // The wtns count is checked against section 2's size before anything is allocated.
        expectFormatError(file: "bad.wtns", field: "witness values") {
            _ = try WtnsFile.decode(patchingU32(wtns, at: 24 + 36, .max), fileName: "bad.wtns")
        }
    }

    @Test func labelMapMustMatchTheHeader() throws {
        let map = try #require(sectionPayloadOffset(r1cs, type: 3))
        var data = r1cs
        data[map + 8] = 9
        expectFormatError(file: "bad.r1cs", field: "wire-to-label map entry 1") { try read(data) }
        // nLabels below the labels the map uses.
        let nLabels = header + 4 + 32 + 16
        expectFormatError(file: "bad.r1cs", field: "wire-to-label map entry") { try read(patchingU32(r1cs, at: nLabels, 2)) }
    }

    @Test func witnessValueNotBelowR() {
        var data = wtns
        for i in 0..<32 { data[data.count - 32 + i] = 0xFF }
        expectFormatError(file: "bad.wtns", field: "witness value 3") { _ = try WtnsFile.decode(data, fileName: "bad.wtns") }
    }

    @Test func wrongMagicAndVersion() {
        #expect(throws: BinaryFormatError.wrongMagic(file: "bad.r1cs", expected: "r1cs", found: "wtns")) { try read(wtns) }
        #expect(throws: BinaryFormatError.unsupportedVersion(file: "bad.wtns", version: 1, supported: [2])) {
            _ = try WtnsFile.decode(patchingU32(wtns, at: 4, 1), fileName: "bad.wtns")
        }
    }

    @Test func errorsReadWell() {
        do {
            try read(patchingU32(r1cs, at: constraints + 4, 4))
            Issue.record("expected an error")
        } catch {
            #expect(error.description == "bad.r1cs: constraint 0 A term 0 wire id: 4 is not below nWires = 4")
        }
    }
}
