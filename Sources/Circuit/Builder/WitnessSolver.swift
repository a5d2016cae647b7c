import BN254

/// Read access to the wires computed so far, handed to hints. Reading a wire that is not yet
/// computed (allocated after the hint's wire) is a programming error and traps.
public struct WitnessContext: ~Copyable {
    var values: [Fr]
    var solved: Int

    /// The value of `variable`, which must have been allocated before the wire being computed.
    public subscript(variable: Variable) -> Fr {
        precondition(variable.index < solved, "hint reads wire \(variable.index), which is computed after it")
        return values[variable.index]
    }

    /// The value of a linear combination of earlier wires.
    public func evaluate(_ combination: some LinearCombinationConvertible) -> Fr {
        var sum = Fr.zero
        for term in combination.linearCombination.terms { sum += term.coefficient * self[term.variable] }
        return sum
    }
}

extension ConstraintSystem {
    /// Computes every wire from the inputs (keyed by name) in allocation order, in linear time;
    /// the result is in wire-id order, ready for `WtnsFile` and the prover. Does not check it.
    public func generateWitness(inputs: [String: Fr]) throws(WitnessError) -> Witness {
        try generateWitness(inputs: inputs, holding: [:])
    }

    /// Computes every wire from the inputs (keyed by variable); see `generateWitness(inputs:)`.
    public func generateWitness(assignments: [Variable: Fr]) throws(WitnessError) -> Witness {
        try generateWitness(assignments: assignments, holding: [:])
    }

    /// Solves as `generateWitness(inputs:)`, except that each wire of `held` (a hint output or a
    /// product, never an input or wire 0) keeps its forged value and later wires are computed from
    /// it: a malicious prover's witness, for soundness tests that forge a hint and look for the
    /// first failing constraint.
    package func generateWitness(inputs: [String: Fr], holding held: [Variable: Fr]) throws(WitnessError) -> Witness {
        var byVariable: [Variable: Fr] = [:]
        byVariable.reserveCapacity(inputs.count)
        for (name, value) in inputs {
            guard let variable = names[name], nameOfInput[variable] != nil else { throw .unknownInput(name: name) }
            byVariable[variable] = value
        }
        return try generateWitness(assignments: byVariable, holding: held)
    }

    /// The solver behind both entry points: inputs from `assignments`, computed wires from their
    /// sources, then overridden by `held`.
    func generateWitness(assignments: [Variable: Fr], holding held: [Variable: Fr]) throws(WitnessError) -> Witness {
        for variable in held.keys {
            precondition(variable.index > 0 && variable.index < wireCount, "held variable \(variable.index) is not a wire of this system")
            if case .input = sources[variable.index] {
                preconditionFailure("held variable \(variable.index) is an input: set inputs through `inputs`")
            }
        }
        var context = WitnessContext(values: [Fr](repeating: .zero, count: wireCount), solved: 1)
        context.values[0] = .one
        for input in inputs {
            guard let value = assignments[input] else { throw .missingInput(name: nameOfInput[input] ?? "") }
            context.values[input.index] = value
        }
        if assignments.count != inputs.count, let stray = assignments.keys.first(where: { nameOfInput[$0] == nil }) {
            throw .notAnInput(variable: stray.index)
        }
        for index in 1..<wireCount {
            context.solved = index
            switch sources[index] {
            case .one, .input:
                continue
            case .hintOutput:
                break  // written by its hint's first wire
            case let .product(constraint):
                let k = 3 * Int(constraint)
                context.values[index] = evaluate(lc: k, context.values) * evaluate(lc: k + 1, context.values)
            case let .linear(constraint):
                context.values[index] = evaluate(lc: 3 * Int(constraint), context.values)
            case let .hint(hintIndex):
                let record = hints[Int(hintIndex)]
                switch record.body {
                case let .single(hint):
                    context.values[index] = hint(context)
                case let .multiple(hint):
                    let outputs = hint(context)
                    guard outputs.count == record.count else {
                        throw .hintOutputCount(path: paths[Int(record.path)], expected: record.count, actual: outputs.count)
                    }
                    for (offset, value) in outputs.enumerated() { context.values[index + offset] = value }
                }
            }
            if !held.isEmpty, let forged = held[Variable(rawIndex: UInt32(index))] { context.values[index] = forged }
        }
        let wires = wireIDs()
        var ordered = [Fr](repeating: .zero, count: wireCount)
        for (index, value) in context.values.enumerated() { ordered[wires[index]] = value }
        return Witness(values: ordered)
    }

    /// The first constraint `witness` (in wire-id order) violates, with its gadget path and the
    /// evaluated sides, or nil when all hold; throws when the witness has the wrong length or
    /// wire 0 is not 1.
    public func check(_ witness: Witness) throws(WitnessError) -> UnsatisfiedConstraint? {
        try R1CS.validate(witness.values, wireCount: wireCount)
        let values = wireIDs().map { witness.values[$0] }
        for constraint in 0..<constraintCount {
            let k = 3 * constraint
            let a = evaluate(lc: k, values), b = evaluate(lc: k + 1, values), c = evaluate(lc: k + 2, values)
            if a * b != c {
                return UnsatisfiedConstraint(index: constraint, path: paths[Int(constraintPaths[constraint])], a: a, b: b, c: c)
            }
        }
        return nil
    }

    /// ⟨linear combination k, values⟩ with `values` in allocation order.
    func evaluate(lc k: Int, _ values: [Fr]) -> Fr {
        var sum = Fr.zero
        for term in terms[lcStart(k)..<lcEnds[k]] { sum += term.coefficient * values[term.variable.index] }
        return sum
    }
}
