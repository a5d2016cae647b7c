// rollup-verify: checks a Groth16 proof over BN254 against a snarkjs verification key.
//
//   rollup-verify <verification_key.json> <public.json> <proof.json> [--json]
//
// Exit status: 0 the proof is valid, 1 it is not, 2 bad input (unreadable or malformed files, a
// public input ≥ r, a point off the curve or outside its subgroup, a wrong number of inputs).
// It prints one line saying why. Depends on the field, curve and Groth16 code only.
import Foundation
import Groth16

enum Outcome {
    case valid
    case invalid(String)
    case badInput(String)

    var exitCode: Int32 {
        switch self {
        case .valid: return 0
        case .invalid: return 1
        case .badInput: return 2
        }
    }

    var line: String {
        switch self {
        case .valid: return "valid: the proof verifies against the key"
        case let .invalid(reason): return "invalid: \(reason)"
        case let .badInput(reason): return "error: \(reason)"
        }
    }

    var json: String {
        func quoted(_ text: String) -> String {
            let data = try! JSONSerialization.data(withJSONObject: [text], options: [])
            return String(decoding: data.dropFirst().dropLast(), as: UTF8.self)
        }
        switch self {
        case .valid: return "{\"valid\":true,\"status\":\"valid\"}"
        case let .invalid(reason): return "{\"valid\":false,\"status\":\"invalid\",\"reason\":\(quoted(reason))}"
        case let .badInput(reason): return "{\"valid\":false,\"status\":\"error\",\"reason\":\(quoted(reason))}"
        }
    }
}

func verify(keyPath: String, publicPath: String, proofPath: String) -> Outcome {
    do {
        let key = try VerificationKey(snarkjsJSONAt: URL(fileURLWithPath: keyPath))
        let inputs = try PublicSignals.read(URL(fileURLWithPath: publicPath))
        let proof = try Proof(snarkjsJSONAt: URL(fileURLWithPath: proofPath))
        return try PreparedVerificationKey(key).verify(proof, publicInputs: inputs)
            ? .valid : .invalid("the pairing check failed")
    } catch {
        return .badInput("\(error)")
    }
}

let usage = "usage: rollup-verify <verification_key.json> <public.json> <proof.json> [--json]"
var arguments = Array(CommandLine.arguments.dropFirst())
let json = arguments.contains("--json")
arguments.removeAll { $0 == "--json" }
if arguments.contains("--help") || arguments.contains("-h") {
    print(usage)
    exit(0)
}
let outcome: Outcome
if arguments.count != 3 || arguments.contains(where: { $0.hasPrefix("--") }) {
    outcome = .badInput(usage)
} else {
    outcome = verify(keyPath: arguments[0], publicPath: arguments[1], proofPath: arguments[2])
}
if json {
    print(outcome.json)
} else if case .badInput = outcome {
    FileHandle.standardError.write(Data((outcome.line + "\n").utf8))
} else {
    print(outcome.line)
}
exit(outcome.exitCode)
