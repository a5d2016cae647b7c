import BN254
import Circuit

/// The Poseidon state inside a circuit: each lane is a dense vector of coefficients over
/// `basis` (the constant wire, the input wires, then every S-box output), so the round constants
/// and MDS layers stay linear and cost no constraint.
struct SymbolicPoseidonState {
    private(set) var basis: [Variable] = [.one]
    private(set) var lanes: [[Fr]]

    /// The state [combinations…] over the wires they mention.
    init(_ combinations: [LinearCombination]) {
        var position: [Variable: Int] = [.one: 0]
        for combination in combinations {
            for term in combination.terms where position[term.variable] == nil {
                position[term.variable] = basis.count
                basis.append(term.variable)
            }
        }
        lanes = combinations.map { [basis] combination in
            var lane = [Fr](repeating: .zero, count: basis.count)
            for term in combination.terms { lane[position[term.variable]!] += term.coefficient }
            return lane
        }
    }

    /// The lane's value when it is a constant (only the constant wire's coefficient is non-zero).
    func constant(_ lane: Int) -> Fr? {
        lanes[lane].dropFirst().allSatisfy(\.isZero) ? lanes[lane][0] : nil
    }

    /// The lane as a linear combination.
    func combination(_ lane: Int) -> LinearCombination {
        LinearCombination(terms: zip(basis, lanes[lane]).compactMap { $1.isZero ? nil : Term($0, $1) })
    }

    /// Adds a constant to a lane.
    mutating func add(_ constant: Fr, toLane lane: Int) { lanes[lane][0] += constant }

    /// Makes a lane the constant `value`.
    mutating func setConstant(_ value: Fr, lane: Int) {
        lanes[lane] = [Fr](repeating: .zero, count: basis.count)
        lanes[lane][0] = value
    }

    /// Makes a lane the new wire `variable`.
    mutating func setWire(_ variable: Variable, lane: Int) {
        basis.append(variable)
        lanes[lane] = [Fr](repeating: .zero, count: basis.count)
        lanes[lane][basis.count - 1] = .one
    }

    /// new[i] = Σ_j M[i][j]·s[j] for the row-major t×t matrix `mds`.
    mutating func mix(_ mds: [Fr]) {
        let t = lanes.count, width = basis.count
        for i in 0..<t where lanes[i].count < width {
            lanes[i] += [Fr](repeating: .zero, count: width - lanes[i].count)
        }
        lanes = (0..<t).map { i in
            var mixed = [Fr](repeating: .zero, count: width)
            for j in 0..<t {
                let coefficient = mds[i * t + j]
                for k in 0..<width where !lanes[j][k].isZero { mixed[k] += coefficient * lanes[j][k] }
            }
            return mixed
        }
    }
}

extension ConstraintSystem {
    /// circomlib `Poseidon(n)` as constraints: 3 per S-box on a non-constant lane (x², x⁴, x⁵),
    /// none for round constants and MDS; the hash is returned as a linear combination of S-box
    /// wires (no extra constraint). 240 constraints for 2 inputs, as circomlib.
    public mutating func poseidon(_ inputs: [LinearCombination]) -> LinearCombination {
        poseidon(inputs, initialState: 0, outputs: 1)[0]
    }

    /// circomlib `Poseidon(2)` of two values (the Merkle-node hash), 240 constraints.
    public mutating func poseidon(_ a: some LinearCombinationConvertible, _ b: some LinearCombinationConvertible) -> LinearCombination {
        poseidon([a.linearCombination, b.linearCombination])
    }

    /// circomlib `PoseidonEx(n, nOuts)`: the first `outputs` lanes of the permutation of
    /// [initialState, inputs…] as linear combinations (1 ≤ n ≤ 16, 1 ≤ outputs ≤ n + 1).
    public mutating func poseidon(
        _ inputs: [LinearCombination], initialState: LinearCombination, outputs: Int
    ) -> [LinearCombination] {
        precondition((1...Poseidon.maxInputs).contains(inputs.count), "Poseidon takes 1...16 inputs, got \(inputs.count)")
        precondition((1...inputs.count + 1).contains(outputs), "PoseidonEx returns 1...t outputs, got \(outputs)")
        let parameters = PoseidonParameters.forWidth(inputs.count + 1)
        let t = parameters.width
        return withNamespace("poseidon") { cs in
            var state = SymbolicPoseidonState([initialState] + inputs)
            for round in 0..<parameters.rounds {
                for i in 0..<t { state.add(parameters.roundConstants[round * t + i], toLane: i) }
                for i in 0..<(parameters.isFullRound(round) ? t : 1) { cs.poseidonSBox(&state, lane: i) }
                state.mix(parameters.mds)
            }
            return (0..<outputs).map { state.combination($0) }
        }
    }

    /// x^5 on one lane: computed at build time when the lane is constant (as circom's
    /// optimizer does), else x2 = x·x, x4 = x2·x2, x5 = x4·x (circomlib `Sigma`).
    private mutating func poseidonSBox(_ state: inout SymbolicPoseidonState, lane: Int) {
        if let constant = state.constant(lane) {
            state.setConstant(pow5(constant), lane: lane)
            return
        }
        let x = state.combination(lane)
        let x2 = multiply(x, x)
        let x4 = multiply(x2, x2)
        state.setWire(multiply(x4, x), lane: lane)
    }
}
