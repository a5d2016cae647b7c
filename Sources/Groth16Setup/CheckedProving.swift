import BN254
import Circuit
import Groth16

extension Prover {
    /// A proof for `witness` after checking it against the circuit: an unsatisfied witness fails
    /// fast with the first violated constraint and the gadget that created it, before any MSM.
    public func prove(witness: [Fr], checkedAgainst r1cs: R1CS, observer: StageObserver? = nil) throws(ProvingError) -> Proof {
        try prove(witness: witness, witnessCheck: { values in
            do throws(WitnessError) {
                return try r1cs.check(Witness(values: values))?.description
            } catch {
                return error.description
            }
        }, observer: observer)
    }
}
