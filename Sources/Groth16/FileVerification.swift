import Foundation

/// The verdict on a snarkjs (verification_key.json, public.json, proof.json) triple, as
/// `rollup-verify` and `rollup groth16 verify` report it: exit 0 valid, 1 invalid, 2 bad input.
public enum FileVerificationOutcome: Equatable, Sendable {
    case valid
    case invalid(String)
    case badInput(String)

    /// The process exit status for this outcome.
    public var exitCode: Int32 {
        switch self {
        case .valid: return 0
        case .invalid: return 1
        case .badInput: return 2
        }
    }

    /// Checks the three files' contents (`names` for messages): every reader is strict (canonical
    /// decimal, no unknown or duplicate field, points on their curves and in their subgroups, a
    /// non-degenerate key), and any parse error is `badInput`, never a verdict.
    public static func check(key: Data, keyName: String, publicSignals: Data, publicName: String,
                             proof: Data, proofName: String) -> (outcome: FileVerificationOutcome, developmentSeed: UInt64?) {
        do {
            let verificationKey = try VerificationKey(snarkjsJSON: key, file: keyName)
            let inputs = try PublicSignals.parse(publicSignals, file: publicName)
            let parsedProof = try Proof(snarkjsJSON: proof, file: proofName)
            let seed = InsecureDevelopmentToxicWaste.seed(of: verificationKey)
            do {
                let valid = try PreparedVerificationKey(verificationKey).verify(parsedProof, publicInputs: inputs)
                return (valid ? .valid : .invalid("the pairing check failed"), seed)
            } catch {
                return (.badInput("\(publicName): \(error)"), seed)
            }
        } catch {
            return (.badInput("\(error)"), nil)
        }
    }

    /// The warning to print when the key came from an INSECURE development seed.
    public static func developmentKeyWarning(seed: UInt64) -> String {
        "WARNING: this verification key is an INSECURE development key (dev seed \(seed)): anyone who knows the seed can forge proofs for it, so a valid proof proves nothing."
    }
}
