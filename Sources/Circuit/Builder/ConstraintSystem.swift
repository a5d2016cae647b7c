import BN254

/// A hint: computes one wire from wires allocated before it (circom's `<--`).
public typealias WitnessHint = @Sendable (borrowing WitnessContext) -> Fr
/// A hint that computes several consecutive wires at once (e.g. all bits of a decomposition).
public typealias WitnessHints = @Sendable (borrowing WitnessContext) -> [Fr]

/// The block a wire belongs to in circom's layout (iden3 r1csfile spec); the raw value is the
/// block's position: [1, public outputs, public inputs, private inputs, internal].
enum WireKind: UInt8, Sendable {
    case one = 0, publicOutput, publicInput, privateInput, internalWire
}

/// How the solver computes a wire.
enum WireSource: Sendable {
    case one
    case input
    /// ⟨A, w⟩·⟨B, w⟩ of the constraint with this index.
    case product(constraint: Int32)
    /// ⟨A, w⟩ of the constraint with this index.
    case linear(constraint: Int32)
    /// Runs `hints[index]`.
    case hint(index: Int32)
    /// Filled by the multi-output hint of an earlier wire.
    case hintOutput
}

/// A hint closure with the wires it fills and the namespace it was created in.
struct HintRecord: Sendable {
    enum Body: Sendable {
        case single(WitnessHint)
        case multiple(WitnessHints)
    }

    let count: Int
    let path: UInt32
    let body: Body
}

/// An R1CS under construction together with its witness program: each wire records how to
/// compute it from earlier wires, so the system is built once and solved for many inputs.
///
/// Variables get wire ids only on export (`r1cs()`, `generateWitness`): public outputs, public
/// inputs, private inputs and internal wires each form a block in circom's order, keeping
/// allocation order inside each block, so inputs may be declared in any order. As in circom,
/// the Groth16 public signals (snarkjs `public.json`) are wires 1…publicCount: outputs, then inputs.
public struct ConstraintSystem: Sendable {
    // Wires, indexed by allocation index.
    var kinds: [WireKind] = [.one]
    var ranks: [UInt32] = [0]
    var kindCounts: [Int] = [1, 0, 0, 0, 0]
    var sources: [WireSource] = [.one]
    var hints: [HintRecord] = []
    var inputs: [Variable] = []
    var names: [String: Variable] = [:]
    var nameOfInput: [Variable: String] = [:]

    // Constraints: linear combination k (= 3·constraint + side) is terms[lcStart(k)..<lcEnds[k]].
    var terms: [Term] = []
    var lcEnds: [Int] = []
    var constraintPaths: [UInt32] = []

    // Gadget namespaces.
    var paths: [String] = [""]
    var pathIDs: [String: UInt32] = ["": 0]
    var currentPath: UInt32 = 0
    /// The allocation index at which each top-level namespace was entered: where the parallel
    /// solver prefers to cut, as a top-level gadget (a slot of a batch) mostly reads its own wires.
    var solverCuts: [Int] = []

    /// An empty system holding only the constant wire.
    public init() {}

    /// The number of constraints.
    public var constraintCount: Int { constraintPaths.count }
    /// The number of wires, the constant wire included.
    public var wireCount: Int { kinds.count }
    /// The number of public outputs (circom nPubOut).
    public var publicOutputCount: Int { kindCounts[Int(WireKind.publicOutput.rawValue)] }
    /// The number of public inputs (circom nPubIn).
    public var publicInputCount: Int { kindCounts[Int(WireKind.publicInput.rawValue)] }
    /// The number of private inputs (circom nPrvIn).
    public var privateInputCount: Int { kindCounts[Int(WireKind.privateInput.rawValue)] }
    /// The number of public signals, snarkjs nPublic = nPubOut + nPubIn.
    public var publicCount: Int { publicOutputCount + publicInputCount }
    /// The namespace path new constraints are recorded under.
    public var namespacePath: String { paths[Int(currentPath)] }

    // MARK: Allocation

    /// A public input named `name` (circom `signal input`, listed as public): a Groth16 public signal.
    public mutating func publicInput(_ name: String) -> Variable { input(name, kind: .publicInput) }

    /// A private input named `name` (circom `signal input`, not public).
    public mutating func privateInput(_ name: String) -> Variable { input(name, kind: .privateInput) }

    /// A public output named `name` equal to `value` (circom `signal output`): one constraint
    /// value·1 = output; the solver computes it.
    public mutating func publicOutput(_ name: String, equalTo value: some LinearCombinationConvertible) -> Variable {
        let output = allocate(.publicOutput, source: .linear(constraint: Int32(constraintCount)))
        register(name, output)
        enforce(value, 1, output)
        return output
    }

    /// An internal wire computed by `hint`. Unconstrained: the caller must constrain it.
    public mutating func witness(computedBy hint: @escaping WitnessHint) -> Variable {
        hints.append(HintRecord(count: 1, path: currentPath, body: .single(hint)))
        return allocate(.internalWire, source: .hint(index: Int32(hints.count - 1)))
    }

    /// `count` consecutive internal wires computed together by `hint`, which must return `count`
    /// values. Unconstrained: the caller must constrain them.
    public mutating func witnesses(count: Int, computedBy hint: @escaping WitnessHints) -> [Variable] {
        precondition(count > 0, "a hint must compute at least one wire")
        hints.append(HintRecord(count: count, path: currentPath, body: .multiple(hint)))
        var outputs = [allocate(.internalWire, source: .hint(index: Int32(hints.count - 1)))]
        for _ in 1..<count { outputs.append(allocate(.internalWire, source: .hintOutput)) }
        return outputs
    }

    /// The input or output named `name`.
    public func variable(named name: String) -> Variable? { names[name] }

    // MARK: Constraints

    /// Adds the constraint a·b = c (one row of each of A, B, C), recorded under the current path.
    public mutating func enforce(
        _ a: some LinearCombinationConvertible, _ b: some LinearCombinationConvertible,
        _ c: some LinearCombinationConvertible
    ) {
        append(a.linearCombination)
        append(b.linearCombination)
        append(c.linearCombination)
        constraintPaths.append(currentPath)
    }

    /// Runs `body` with `segment` appended to the namespace path ("transfer[3]/signature"), so
    /// constraints created inside report where they come from.
    public mutating func withNamespace<T>(_ segment: String, _ body: (inout ConstraintSystem) throws -> T) rethrows -> T {
        let saved = currentPath
        if saved == 0, solverCuts.last != wireCount { solverCuts.append(wireCount) }
        let parent = paths[Int(saved)]
        let path = parent.isEmpty ? segment : parent + "/" + segment
        if let existing = pathIDs[path] {
            currentPath = existing
        } else {
            currentPath = UInt32(paths.count)
            paths.append(path)
            pathIDs[path] = currentPath
        }
        defer { currentPath = saved }
        return try body(&self)
    }

    // MARK: Wire ids

    /// The wire id `variable` gets in the exported R1CS and witness.
    public func wire(of variable: Variable) -> Int {
        let kind = Int(kinds[variable.index].rawValue)
        return kindCounts[0..<kind].reduce(Int(ranks[variable.index]), +)
    }

    /// The names of the inputs (public and private), in declaration order: the layout of a compact input record.
    public var inputNames: [String] { inputs.map { nameOfInput[$0]! } }

    /// The value of `variable` in a witness produced by `generateWitness`.
    public func value(of variable: Variable, in witness: Witness) -> Fr { witness.values[wire(of: variable)] }

    /// The first wire id of each block.
    func blockStarts() -> [Int] {
        var starts = [0, 0, 0, 0, 0]
        for kind in 1..<starts.count { starts[kind] = starts[kind - 1] + kindCounts[kind - 1] }
        return starts
    }

    /// The wire id of every variable, by allocation index.
    func wireIDs() -> [Int] {
        let starts = blockStarts()
        return (0..<wireCount).map { starts[Int(kinds[$0].rawValue)] + Int(ranks[$0]) }
    }

    /// The start of linear combination `k` in `terms`.
    func lcStart(_ k: Int) -> Int { k == 0 ? 0 : lcEnds[k - 1] }

    // MARK: Export

    /// The system in circom's layout (iden3 r1csfile): inputs as named above, nLabels = nWires,
    /// and each wire labelled with its allocation index.
    public func r1cs() -> R1CS {
        let wires = wireIDs()
        var termCounts = [0, 0, 0]
        for k in 0..<lcEnds.count { termCounts[k % 3] += lcEnds[k] - lcStart(k) }
        var matrices = [SparseMatrix(), SparseMatrix(), SparseMatrix()]
        for side in 0..<3 { matrices[side].reserveCapacity(rows: constraintCount, terms: termCounts[side]) }
        for k in 0..<lcEnds.count {
            for term in terms[lcStart(k)..<lcEnds[k]] {
                matrices[k % 3].append(SparseTerm(wire: UInt32(wires[term.variable.index]), coefficient: term.coefficient))
            }
            matrices[k % 3].endRow()
        }
        var labels = [UInt64](repeating: 0, count: wireCount)
        for (index, wire) in wires.enumerated() { labels[wire] = UInt64(index) }
        return R1CS(
            nWires: wireCount, nPublicOutputs: publicOutputCount, nPublicInputs: publicInputCount,
            nPrivateInputs: privateInputCount, nLabels: UInt64(wireCount), wireLabels: labels,
            a: matrices[0], b: matrices[1], c: matrices[2])
    }

    // MARK: Internals

    mutating func allocate(_ kind: WireKind, source: WireSource) -> Variable {
        precondition(kinds.count < Int(UInt32.max), "too many wires")
        let variable = Variable(rawIndex: UInt32(kinds.count))
        kinds.append(kind)
        ranks.append(UInt32(kindCounts[Int(kind.rawValue)]))
        kindCounts[Int(kind.rawValue)] += 1
        sources.append(source)
        return variable
    }

    private mutating func input(_ name: String, kind: WireKind) -> Variable {
        let variable = allocate(kind, source: .input)
        register(name, variable)
        inputs.append(variable)
        nameOfInput[variable] = name
        return variable
    }

    private mutating func register(_ name: String, _ variable: Variable) {
        precondition(names[name] == nil, "signal name \"\(name)\" is used twice")
        names[name] = variable
    }

    private mutating func append(_ combination: LinearCombination) {
        let single = combination.terms.count == 1 && !combination.terms[0].coefficient.isZero
        for term in single ? combination.terms : combination.normalized().terms {
            precondition(term.variable.index < wireCount, "variable \(term.variable.index) belongs to another system")
            terms.append(term)
        }
        lcEnds.append(terms.count)
    }
}
