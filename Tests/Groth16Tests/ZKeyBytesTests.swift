import BN254
import Circuit
import Foundation
import Groth16
import Groth16Setup
import Testing

/// The `.zkey` writer against snarkjs's own files, byte for byte (issue 15): the reader and writer agreeing with
/// each other would not catch a layout both get wrong.
@Suite("zkey bytes against snarkjs")
struct ZKeyBytesTests {
    @Test(arguments: Fixture.all)
    func rewritingAnUpstreamZkeyReproducesItsBytes(fixture: Fixture) throws {
        let upstream = try Data(contentsOf: fixture.url(fixture.zkey))
        let key = try ProvingKey(zkeyData: upstream, file: fixture.zkey)
        let transcript = try PhaseTwoTranscript(zkeyData: upstream, file: fixture.zkey)
        let rewritten = key.zkeyData(circuitHash: transcript.circuitHash, contributions: transcript.contributions)
        #expect(rewritten.count == upstream.count)
        let firstDifference = zip(rewritten, upstream).enumerated().first { $0.element.0 != $0.element.1 }?.offset
        #expect(rewritten == upstream, "first differing byte at \(firstDifference.map(String.init) ?? "the end")")
    }

    /// `test.zkey` is snarkjs's `zkey new` output (δ = 1, no contribution) for `mycircuit.r1cs` and the Hermez ptau:
    /// our setup from the same files, written with the circuit hash we compute, must be that file.
    @Test func setupFromTheSamePtauWritesSnarkjsZkeyNewBytes() throws {
        let folder = "snarkjs/ark-circom-groth16/"
        let upstream = try Data(contentsOf: vector(folder + "test.zkey"))
        #expect(try PhaseTwoTranscript(zkeyData: upstream, file: "test.zkey").contributions.isEmpty)
        let r1cs = try R1CSFile(contentsOf: vector(folder + "mycircuit.r1cs")).r1cs
        let ptau = try PowersOfTau(contentsOf: vector(folder + "powersOfTau28_hez_final_10.ptau"))
        let initial = try Setup.initialKey(r1cs, ptau: ptau, threads: 2)
        let ours = initial.zkeyData(circuitHash: try Ceremony.circuitHash(ofInitialKey: initial, ptau: ptau))
        #expect(ours == upstream, "first differing byte at \(zip(ours, upstream).enumerated().first { $0.element.0 != $0.element.1 }?.offset.description ?? "the end")")
    }
}
