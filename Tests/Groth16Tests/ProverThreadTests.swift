import BN254
import Circuit
import Groth16
import Groth16Setup
import Testing

/// The prover's parallel paths (MSM windows shared out, the three concurrent NTT pipelines from 3 threads on) give
/// the proof the single-threaded path gives, for the same randomness.
@Suite("Prover across thread counts")
struct ProverThreadTests {
    @Test func oneToFourThreadsProveTheSameBytes() throws {
        // 1,500 constraints: a 2,048-point domain, above the NTT's parallel threshold (1,024).
        let cs = squaringChain(length: 1_500)
        let r1cs = cs.r1cs()
        let witness = try cs.generateWitness(inputs: ["x": Fr(5), "c": Fr(9)]).values
        let key = try Setup.insecureDevelopment(r1cs, seed: 3, threads: 2)
        #expect(key.domainSize == 2_048)
        let seed = TestSeed.seed(61)
        let proofs = try (1...4).map { threads -> Proof in
            var generator = InsecureSeededGenerator(seed: seed)
            var timings = ProvingTimings()
            return try Prover(key: key, threads: threads).prove(witness: witness, witnessCheck: nil, using: &generator, timings: &timings)
        }
        for (index, proof) in proofs.enumerated().dropFirst() {
            #expect(proof == proofs[0], "\(index + 1) threads, \(TestSeed.note)")
        }
        let publicInputs = Array(witness[1...key.publicInputCount])
        #expect(try PreparedVerificationKey(key.verificationKey).verify(proofs[0], publicInputs: publicInputs))
    }
}
