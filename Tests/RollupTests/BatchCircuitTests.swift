import BN254
import Circuit
import Foundation
import Groth16
import Groth16Setup
import Rollup
import Testing

/// The tiny circuit, built once for the whole suite.
let tinyCircuit = BatchCircuit(.tiny)

@Suite("Batch circuit")
struct BatchCircuitTests {
    @Test func validBatchesSatisfyTheCircuitWithNativeRootsPublic() throws {
        let (generator, batches) = try generated(batches: 4)
        let state = try freshState(generator)
        for batch in batches {
            let applied = try state.apply(batch, slots: 2)
            let witness = try tinyCircuit.witness(for: applied)
            #expect(try tinyCircuit.system.check(witness) == nil)
            #expect(Array(witness.values[1...5]) == applied.publicInputs)
        }
    }

    /// The acceptance path: a valid batch, applied natively and proved, verifies with the
    /// circuit's key, and its public inputs are the native roots.
    @Test func provedBatchVerifies() throws {
        let (generator, batches) = try generated(batches: 1)
        let state = try freshState(generator)
        let applied = try state.apply(batches[0], slots: 2)
        let r1cs = tinyCircuit.system.r1cs()
        let key = try Setup.insecureDevelopment(r1cs, seed: 7, threads: 2)
        let witness = try tinyCircuit.witness(for: applied).values
        let proof = try Prover(key: key, threads: 2).prove(witness: witness, checkedAgainst: r1cs)
        let verifier = PreparedVerificationKey(try key.verificationKey)
        #expect(try verifier.verify(proof, publicInputs: applied.publicInputs))
        for position in applied.publicInputs.indices {
            var changed = applied.publicInputs
            changed[position] += .one
            #expect(try !verifier.verify(proof, publicInputs: changed))
        }
    }
}
