import BN254
import Foundation
import Poseidon
import Testing

/// The generated constant tables (`Sources/Poseidon/Generated`, written by scripts/gen-poseidon-constants.py) against
/// the circomlibjs JSON they came from, and every width's hash against a reference permutation built from that JSON.
@Suite("Poseidon constant tables")
struct PoseidonConstantTableTests {
    /// The package root, found from this file.
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    struct Plain: Decodable {
        var C: [[String]]
        var M: [[[String]]]
    }

    struct Optimized: Decodable {
        var C: [[String]]
        var M: [[[String]]]
        var P: [[[String]]]
        var S: [[String]]
    }

    static func json<T: Decodable>(_ type: T.Type, _ name: String) throws -> T {
        try JSONDecoder().decode(type, from: Data(contentsOf: root.appendingPathComponent("Vectors/poseidon/\(name)")))
    }

    static func elements(_ values: [String]) throws -> [Fr] { try values.map { try Fr(decimalOrHex: $0) } }

    /// The arrays of a generated Swift file by name, each as field elements (four Montgomery limbs an element).
    static func generatedTables(_ file: String) throws -> [String: [Fr]] {
        let text = try String(contentsOf: root.appendingPathComponent("Sources/Poseidon/Generated/\(file)"), encoding: .utf8)
        var tables: [String: [Fr]] = [:]
        for declaration in text.components(separatedBy: "\nlet ").dropFirst() {
            let name = String(declaration.prefix { $0 != ":" })
            guard let body = declaration.split(separator: "[", maxSplits: 2).dropFirst(2).first?.split(separator: "]").first else { continue }
            let limbs = body.split(whereSeparator: { $0 == "," || $0.isWhitespace }).compactMap { UInt64($0.dropFirst(2), radix: 16) }
            tables[name] = stride(from: 0, to: limbs.count, by: 4).map {
                Fr(montgomeryLimbs: Limbs(l0: limbs[$0], l1: limbs[$0 + 1], l2: limbs[$0 + 2], l3: limbs[$0 + 3]))
            }
        }
        return tables
    }

    @Test func everyGeneratedTableEqualsTheCircomlibjsJSON() throws {
        let plain = try Self.json(Plain.self, "circomlibjs_poseidon_constants.json")
        #expect(plain.C.count == 16 && plain.M.count == 16)
        for t in 2...17 {
            let tables = try Self.generatedTables("PoseidonConstantsT\(t).swift")
            #expect(tables["poseidonRoundConstantsT\(t)"] == (try Self.elements(plain.C[t - 2])), "t = \(t) round constants")
            #expect(tables["poseidonMDST\(t)"] == (try Self.elements(plain.M[t - 2].flatMap { $0 })), "t = \(t) MDS")
        }
        let optimized = try Self.json(Optimized.self, "circomlibjs_poseidon_constants_opt.json")
        let tables = try Self.generatedTables("PoseidonConstantsT3Optimized.swift")
        #expect(tables["poseidonOptimizedConstantsT3"] == (try Self.elements(optimized.C[1])))
        #expect(tables["poseidonOptimizedMDST3"] == (try Self.elements(optimized.M[1].flatMap { $0 })))
        #expect(tables["poseidonPreSparseT3"] == (try Self.elements(optimized.P[1].flatMap { $0 })))
        #expect(tables["poseidonSparseT3"] == (try Self.elements(optimized.S[1])))
    }

    /// Reference twin: circomlibjs's `poseidon_reference.js` structure (ePrint 2019/458: add the round constants,
    /// x^5 on every lane in the 4 + 4 full rounds and on lane 0 in the partial ones, then new[i] = Σ_j M[i][j]·s[j]).
    static func referenceHash(_ inputs: [Fr], constants: [Fr], mds: [[Fr]]) -> Fr {
        let t = inputs.count + 1
        let partialRounds = constants.count / t - 8
        var state = [Fr.zero] + inputs
        for round in 0..<(8 + partialRounds) {
            for i in 0..<t { state[i] += constants[round * t + i] }
            let full = round < 4 || round >= 4 + partialRounds
            for i in 0..<t where full || i == 0 { state[i] = state[i].squared().squared() * state[i] }
            state = (0..<t).map { i in (0..<t).reduce(Fr.zero) { $0 + mds[i][$1] * state[$1] } }
        }
        return state[0]
    }

    @Test func everyWidthHashesLikeTheReferenceOverTheJSONConstants() throws {
        let plain = try Self.json(Plain.self, "circomlibjs_poseidon_constants.json")
        var generator = InsecureSeededGenerator(seed: TestSeed.seed(41))
        for t in 2...17 {
            let constants = try Self.elements(plain.C[t - 2]), mds = try plain.M[t - 2].map { try Self.elements($0) }
            for _ in 0..<3 {
                let inputs = (1..<t).map { _ in Fr.random(using: &generator) }
                #expect(Poseidon.hash(inputs) == Self.referenceHash(inputs, constants: constants, mds: mds), "t = \(t), \(TestSeed.note)")
            }
        }
    }
}
