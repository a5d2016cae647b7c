import BN254

/// Poseidon over the BN254 scalar field with exactly circomlib's parameters and output
/// (circomlib `circuits/poseidon.circom`, circomlibjs `src/poseidon_reference.js`; the permutation
/// of ePrint 2019/458 with x^5, 8 full rounds, t = inputs + 1).
public enum Poseidon {
    /// The most inputs a hash takes (t ≤ 17, as in circomlib).
    public static let maxInputs = 16

    /// circomlib `Poseidon(n)`: the first lane of the permutation of [0, inputs…], 1 ≤ n ≤ 16.
    public static func hash(_ inputs: [Fr]) -> Fr {
        precondition((1...maxInputs).contains(inputs.count), "Poseidon takes 1...16 inputs, got \(inputs.count)")
        if inputs.count == 2 { return hash(inputs[0], inputs[1]) }
        return withPermutedState(initialState: .zero, inputs: inputs) { $0[0] }
    }

    /// circomlib `PoseidonEx(n, nOuts)`: the first `outputs` lanes of the permutation of
    /// [initialState, inputs…], 1 ≤ n ≤ 16 and 1 ≤ outputs ≤ n + 1.
    public static func hash(_ inputs: [Fr], initialState: Fr, outputs: Int) -> [Fr] {
        precondition((1...maxInputs).contains(inputs.count), "Poseidon takes 1...16 inputs, got \(inputs.count)")
        precondition((1...inputs.count + 1).contains(outputs), "PoseidonEx returns 1...t outputs, got \(outputs)")
        return withPermutedState(initialState: initialState, inputs: inputs) { Array($0[0..<outputs]) }
    }

    /// The Poseidon permutation of a state of width t = 2...17 (ePrint 2019/458, circomlib constants).
    public static func permutation(_ state: [Fr]) -> [Fr] {
        precondition((2...maxInputs + 1).contains(state.count), "the permutation takes 2...17 lanes, got \(state.count)")
        return withPermutedState(initialState: state[0], inputs: state[1...]) { Array($0) }
    }

    /// The reference permutation of a state of width t = 2...17: every round with the full MDS
    /// product, as the paper writes it. The twin that the optimised permutation is tested against.
    public static func referencePermutation(_ state: [Fr]) -> [Fr] {
        precondition((2...maxInputs + 1).contains(state.count), "the permutation takes 2...17 lanes, got \(state.count)")
        var lanes = state
        lanes.withUnsafeMutableBufferPointer { permute($0, .forWidth(state.count)) }
        return lanes
    }

    /// circomlib `Poseidon(1)`.
    public static func hash(_ a: Fr) -> Fr {
        withPermutedState(initialState: .zero, inputs: CollectionOfOne(a)) { $0[0] }
    }

    /// Permutes [initialState, inputs…] in a stack buffer with the optimised permutation
    /// (`SparsePoseidon`) and passes the result to `body`.
    static func withPermutedState<R>(
        initialState: Fr, inputs: some Collection<Fr>, _ body: (UnsafeMutableBufferPointer<Fr>) -> R
    ) -> R {
        let permutation = SparsePoseidon.forWidth(inputs.count + 1)
        return withUnsafeTemporaryAllocation(of: Fr.self, capacity: permutation.width) { state in
            state[0] = initialState
            _ = state[1...].initialize(from: inputs)
            permutation.permute(state)
            return body(state)
        }
    }

    /// The reference permutation in place: per round, add constants, S-box (all lanes or lane 0), then MDS.
    static func permute(_ state: UnsafeMutableBufferPointer<Fr>, _ parameters: PoseidonParameters) {
        let t = parameters.width
        parameters.roundConstants.withUnsafeBufferPointer { constants in
            parameters.mds.withUnsafeBufferPointer { mds in
                withUnsafeTemporaryAllocation(of: Fr.self, capacity: t) { mixed in
                    for round in 0..<parameters.rounds {
                        for i in 0..<t { state[i] += constants[round * t + i] }
                        if parameters.isFullRound(round) {
                            for i in 0..<t { state[i] = pow5(state[i]) }
                        } else {
                            state[0] = pow5(state[0])
                        }
                        for i in 0..<t {
                            var sum = Fr.zero
                            for j in 0..<t { sum += mds[i * t + j] * state[j] }
                            mixed[i] = sum
                        }
                        for i in 0..<t { state[i] = mixed[i] }
                    }
                }
            }
        }
    }
}
