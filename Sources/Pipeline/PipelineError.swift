import Foundation

/// A pipeline failure that names the file involved and what was expected of it.
public enum PipelineError: Error, CustomStringConvertible, Equatable {
    case malformedFile(String, expected: String)
    case missingFile(String, expected: String)
    case alreadyExists(String, expected: String)
    case unknownCircuit(String)
    /// `init` was asked to create a queue for a key made from a development seed without being told to accept it.
    case insecureDevelopmentKey(circuit: String, seed: UInt64)
    case batchNotAccepted(UInt64, file: String, reason: String)
    case stateUnavailable(String, reason: String)
    case leaseLost(String)
    case ledgerCorrupt(String, line: Int, reason: String)
    case ledgerOrder(String, reason: String)

    public var description: String {
        switch self {
        case .malformedFile(let path, let expected): return "\(path): malformed; expected \(expected)"
        case .missingFile(let path, let expected): return "\(path): missing; expected \(expected)"
        case .alreadyExists(let path, let expected): return "\(path): already exists; expected \(expected)"
        case .unknownCircuit(let name): return "unknown circuit \"\(name)\": no engine is registered for it"
        case let .insecureDevelopmentKey(circuit, seed):
            return "the key of circuit \(circuit) is an INSECURE development key (dev seed \(seed)): anyone can forge proofs for it. Make a key from a ceremony (scripts/setup-circuits --ptau FILE), or pass --insecure-dev-key for tests and demos"
        case .batchNotAccepted(let number, let file, let reason): return "\(file): batch \(number) not accepted: \(reason)"
        case .stateUnavailable(let path, let reason):
            return "\(path): the engine state is missing or corrupt (\(reason)); refusing to continue and never re-initialising it"
        case .leaseLost(let path): return "\(path): lease lost to another worker (expired or broken); step abandoned"
        case .ledgerCorrupt(let path, let line, let reason): return "\(path): \(line == 0 ? "last line" : "line \(line)"): \(reason)"
        case .ledgerOrder(let path, let reason): return "\(path): \(reason)"
        }
    }
}
