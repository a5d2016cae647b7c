import BN254
import Poseidon
import Testing

/// The optimised permutation (sparse partial rounds, folded constants) against the reference one.
@Suite("Optimised Poseidon")
struct SparsePoseidonTests {
    @Test(arguments: 2...17)
    func permutationMatchesTheReference(width: Int) {
        var generator = InsecureSeededGenerator(seed: UInt64(width))
        for _ in 0..<20 {
            let state = (0..<width).map { _ in Fr.random(using: &generator) }
            #expect(Poseidon.permutation(state) == Poseidon.referencePermutation(state), "t = \(width)")
        }
        let zeros = [Fr](repeating: .zero, count: width)
        #expect(Poseidon.permutation(zeros) == Poseidon.referencePermutation(zeros), "t = \(width), zero state")
    }

    @Test(arguments: 1...16)
    func hashMatchesTheReference(inputs count: Int) {
        var generator = InsecureSeededGenerator(seed: 100 + UInt64(count))
        for _ in 0..<10 {
            let inputs = (0..<count).map { _ in Fr.random(using: &generator) }
            let initialState = Fr.random(using: &generator)
            let reference = Poseidon.referencePermutation([initialState] + inputs)
            #expect(Poseidon.hash(inputs, initialState: initialState, outputs: count + 1) == reference, "\(count) inputs")
            #expect(Poseidon.hash(inputs) == Poseidon.referencePermutation([.zero] + inputs)[0], "\(count) inputs")
        }
    }

    /// The reference itself is pinned by a vector, so the two cannot drift together.
    @Test func referenceReproducesTheCircomlibVector() throws {
        let file = try PoseidonVectorFile.load()
        for vector in file.permutation_vectors {
            let input = try vector.input.map { try Fr(decimalOrHex: $0) }
            #expect(Poseidon.referencePermutation(input) == (try vector.output.map { try Fr(decimalOrHex: $0) }), "\(vector.id)")
        }
    }
}
