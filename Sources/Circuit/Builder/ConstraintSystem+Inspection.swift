/// Where a wire's value comes from, as soundness tooling (the under-constraint detector in the
/// tests) sees it: the namespace path it was created under, or the constraint that defines it.
package enum WireOrigin: Sendable, Equatable {
    /// The constant wire 0.
    case one
    /// A public or private input.
    case input(name: String)
    /// A hint's output (`witness(computedBy:)`, `witnesses(count:computedBy:)`), with the path the hint was created under.
    case hint(path: String)
    /// ⟨A, w⟩·⟨B, w⟩ or ⟨A, w⟩ of this constraint (`multiply`, `publicOutput`).
    case constraint(Int)
}

/// Read-only views of a system by allocation index, for soundness tooling; nothing here changes
/// the system or its export.
extension ConstraintSystem {
    /// The terms of one side of `constraint` (0 = A, 1 = B, 2 = C): variables by allocation
    /// index, each variable at most once.
    package func terms(ofConstraint constraint: Int, side: Int) -> ArraySlice<Term> {
        precondition((0..<3).contains(side), "a constraint has sides 0 (A), 1 (B) and 2 (C)")
        let k = 3 * constraint + side
        return terms[lcStart(k)..<lcEnds[k]]
    }

    /// The namespace path `constraint` was recorded under.
    package func path(ofConstraint constraint: Int) -> String { paths[Int(constraintPaths[constraint])] }

    /// The origin of every wire, by allocation index.
    package func wireOrigins() -> [WireOrigin] {
        var origins: [WireOrigin] = []
        origins.reserveCapacity(wireCount)
        var lastHintPath = ""
        for index in 0..<wireCount {
            switch sources[index] {
            case .one:
                origins.append(.one)
            case .input:
                origins.append(.input(name: nameOfInput[Variable(rawIndex: UInt32(index))] ?? ""))
            case let .product(constraint), let .linear(constraint):
                origins.append(.constraint(Int(constraint)))
            case let .hint(hintIndex):
                lastHintPath = paths[Int(hints[Int(hintIndex)].path)]
                origins.append(.hint(path: lastHintPath))
            case .hintOutput:
                // Always right after its hint's first wire or another output of the same hint.
                origins.append(.hint(path: lastHintPath))
            }
        }
        return origins
    }

    /// The computed wires (hint outputs and products, not inputs) whose origin path — the hint's
    /// namespace, or the path of the constraint defining the wire — satisfies `pathMatches`, in
    /// allocation order: what `generateWitness(inputs:holding:)` can hold.
    package func computedWires(createdWhere pathMatches: (String) -> Bool) -> [Variable] {
        wireOrigins().enumerated().compactMap { index, origin in
            switch origin {
            case .one, .input: nil
            case let .hint(path): pathMatches(path) ? Variable(rawIndex: UInt32(index)) : nil
            case let .constraint(constraint): pathMatches(self.path(ofConstraint: constraint)) ? Variable(rawIndex: UInt32(index)) : nil
            }
        }
    }

    /// The exported wire id (the index into `Witness.values`) of every wire, by allocation index.
    package func wireIDsByAllocation() -> [Int] { wireIDs() }
}
