import BN254

/// A full assignment of an R1CS, indexed by wire id: wire 0 is 1, wires 1…nPublic are the public
/// signals (snarkjs `public.json`), as stored in a `.wtns` file (iden3 wtns spec, section 2).
public struct Witness: Equatable, Sendable {
    /// The value of every wire, in wire-id order.
    public var values: [Fr]

    /// The witness with `values` in wire-id order.
    public init(values: [Fr]) { self.values = values }

    /// The value of wire `wire`.
    public subscript(wire: Int) -> Fr { values[wire] }
}

/// Why a witness could not be computed or checked.
public enum WitnessError: Error, Equatable, CustomStringConvertible {
    /// An input of the circuit has no value.
    case missingInput(name: String)
    /// A value was given for a name that is not an input of the circuit.
    case unknownInput(name: String)
    /// A value was given for a variable that is not an input of the circuit.
    case notAnInput(variable: Int)
    /// A multi-output hint returned the wrong number of values.
    case hintOutputCount(path: String, expected: Int, actual: Int)
    /// The witness does not have one value per wire.
    case wrongWireCount(expected: Int, actual: Int)
    /// Wire 0 does not hold 1.
    case constantWireNotOne(value: Fr)

    /// A one-line explanation naming the input, hint path or wire.
    public var description: String {
        switch self {
        case let .missingInput(name): return "no value for input \"\(name)\""
        case let .unknownInput(name): return "\"\(name)\" is not an input of the circuit"
        case let .notAnInput(variable): return "variable \(variable) is not an input of the circuit"
        case let .hintOutputCount(path, expected, actual):
            return "hint in \(ConstraintPath.display(path)) returned \(actual) values, expected \(expected)"
        case let .wrongWireCount(expected, actual): return "witness has \(actual) values, the circuit has \(expected) wires"
        case let .constantWireNotOne(value): return "wire 0 must be 1, the witness holds \(value)"
        }
    }
}

/// The first constraint A·B = C that a witness violates, with the evaluated sides.
public struct UnsatisfiedConstraint: Equatable, Sendable, CustomStringConvertible {
    /// The constraint's index in the system (and in the `.r1cs` constraints section).
    public let index: Int
    /// The namespace path of the gadget that created it ("" at the root or when unknown).
    public let path: String
    /// ⟨A, w⟩.
    public let a: Fr
    /// ⟨B, w⟩.
    public let b: Fr
    /// ⟨C, w⟩.
    public let c: Fr

    /// The failure record for constraint `index` created under `path`.
    public init(index: Int, path: String, a: Fr, b: Fr, c: Fr) {
        self.index = index
        self.path = path
        self.a = a
        self.b = b
        self.c = c
    }

    /// For example `constraint 1234 (transfer[3]/balance/rangeCheck): A·B = 5·7 ≠ C = 36`.
    public var description: String {
        "constraint \(index) (\(ConstraintPath.display(path))): A·B = \(a)·\(b) ≠ C = \(c)"
    }
}

/// Formatting of gadget namespace paths.
enum ConstraintPath {
    /// `path`, or `<root>` for the empty path.
    static func display(_ path: String) -> String { path.isEmpty ? "<root>" : path }
}
