// rollup-verify: checks a Groth16 proof over BN254 against a snarkjs verification key.
//
//   rollup-verify <verification_key.json> <public.json> <proof.json> [--json]
//
// Exit status: 0 the proof is valid, 1 it is not, 2 bad input (unreadable or malformed files,
// numbers not in canonical decimal, unknown or repeated fields, a public input ≥ r, a point off
// the curve or outside its subgroup, a key with a point at infinity, a wrong number of inputs).
// It prints one line saying why, and a warning on stderr when the key is an INSECURE development
// key. Depends on the field, curve and Groth16 code only.
import Foundation
import Groth16

func line(_ outcome: FileVerificationOutcome) -> String {
    switch outcome {
    case .valid: return "valid: the proof verifies against the key"
    case let .invalid(reason): return "invalid: \(reason)"
    case let .badInput(reason): return "error: \(reason)"
    }
}

func json(_ outcome: FileVerificationOutcome, developmentSeed: UInt64?) -> String {
    func quoted(_ text: String) -> String {
        let data = try! JSONSerialization.data(withJSONObject: [text], options: [])
        return String(decoding: data.dropFirst().dropLast(), as: UTF8.self)
    }
    let insecure = developmentSeed.map { ",\"insecureDevelopmentKeySeed\":\($0)" } ?? ""
    switch outcome {
    case .valid: return "{\"valid\":true,\"status\":\"valid\"\(insecure)}"
    case let .invalid(reason): return "{\"valid\":false,\"status\":\"invalid\",\"reason\":\(quoted(reason))\(insecure)}"
    case let .badInput(reason): return "{\"valid\":false,\"status\":\"error\",\"reason\":\(quoted(reason))}"
    }
}

func read(_ path: String) throws -> Data {
    do { return try Data(contentsOf: URL(fileURLWithPath: path)) } catch {
        throw FileError(description: "\(path): cannot read: \(error.localizedDescription)")
    }
}

struct FileError: Error, CustomStringConvertible { let description: String }

let usage = "usage: rollup-verify <verification_key.json> <public.json> <proof.json> [--json]"
var arguments = Array(CommandLine.arguments.dropFirst())
let jsonOutput = arguments.contains("--json")
arguments.removeAll { $0 == "--json" }
if arguments.contains("--help") || arguments.contains("-h") {
    print(usage)
    exit(0)
}
var outcome = FileVerificationOutcome.badInput(usage)
var developmentSeed: UInt64?
if arguments.count == 3, !arguments.contains(where: { $0.hasPrefix("--") }) {
    do {
        (outcome, developmentSeed) = FileVerificationOutcome.check(
            key: try read(arguments[0]), keyName: arguments[0], publicSignals: try read(arguments[1]), publicName: arguments[1],
            proof: try read(arguments[2]), proofName: arguments[2])
    } catch {
        outcome = .badInput("\(error)")
    }
}
if let developmentSeed {
    FileHandle.standardError.write(Data((FileVerificationOutcome.developmentKeyWarning(seed: developmentSeed) + "\n").utf8))
}
if jsonOutput {
    print(json(outcome, developmentSeed: developmentSeed))
} else if case .badInput = outcome {
    FileHandle.standardError.write(Data((line(outcome) + "\n").utf8))
} else {
    print(line(outcome))
}
exit(outcome.exitCode)
