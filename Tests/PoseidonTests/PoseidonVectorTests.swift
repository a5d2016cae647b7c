import BN254
import Foundation
import Poseidon
import Testing

/// `Vectors/poseidon/poseidon_bn254_circomlib_vectors.json` (see its README).
struct PoseidonVectorFile: Decodable {
    struct HashVector: Decodable {
        let id: String
        let inputs: [String]
        let init_state: String
        let n_outs: Int
        let expected: [String]
    }

    struct PermutationVector: Decodable {
        let id: String
        let input: [String]
        let output: [String]
    }

    struct Rejected: Decodable {
        let inputs_equal_to_modulus: [String]
        let huge_input: String
    }

    let hash_vectors: [HashVector]
    let permutation_vectors: [PermutationVector]
    let out_of_field_inputs_rejected: Rejected

    static func load(filePath: String = #filePath) throws -> PoseidonVectorFile {
        let url = URL(fileURLWithPath: filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Vectors/poseidon/poseidon_bn254_circomlib_vectors.json")
        return try JSONDecoder().decode(PoseidonVectorFile.self, from: Data(contentsOf: url))
    }
}

@Suite("Poseidon vectors")
struct PoseidonVectorTests {
    @Test func hashVectors() throws {
        let file = try PoseidonVectorFile.load()
        #expect(file.hash_vectors.count == 33)
        for vector in file.hash_vectors {
            let inputs = try vector.inputs.map { try Fr(decimalOrHex: $0) }
            let expected = try vector.expected.map { try Fr(decimalOrHex: $0) }
            let initialState = try Fr(decimalOrHex: vector.init_state)
            #expect(Poseidon.hash(inputs, initialState: initialState, outputs: vector.n_outs) == expected, "\(vector.id)")
            if initialState.isZero && vector.n_outs == 1 {
                #expect(Poseidon.hash(inputs) == expected[0], "\(vector.id)")
                if inputs.count == 2 { #expect(Poseidon.hash(inputs[0], inputs[1]) == expected[0], "\(vector.id)") }
                if inputs.count == 1 { #expect(Poseidon.hash(inputs[0]) == expected[0], "\(vector.id)") }
            }
        }
    }

    @Test func permutationVectors() throws {
        let file = try PoseidonVectorFile.load()
        #expect(file.permutation_vectors.count == 2)
        for vector in file.permutation_vectors {
            let input = try vector.input.map { try Fr(decimalOrHex: $0) }
            #expect(Poseidon.permutation(input) == (try vector.output.map { try Fr(decimalOrHex: $0) }), "\(vector.id)")
        }
    }

    @Test func outOfFieldInputsDoNotParse() throws {
        let rejected = try PoseidonVectorFile.load().out_of_field_inputs_rejected
        for text in rejected.inputs_equal_to_modulus + [rejected.huge_input] {
            #expect(throws: FieldElementError.self) { try Fr(text) }
        }
    }

    @Test func optimizedT3MatchesReferencePermutation() {
        var generator = InsecureSeededGenerator(seed: TestSeed.seed(3))
        for _ in 0..<200 {
            let a = Fr.random(using: &generator), b = Fr.random(using: &generator)
            #expect(Poseidon.hash(a, b) == Poseidon.referencePermutation([.zero, a, b])[0])
        }
        #expect(Poseidon.hash(.zero, .zero) == Poseidon.referencePermutation([.zero, .zero, .zero])[0])
    }
}
