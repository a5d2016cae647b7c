import BN254
import Dispatch
import Foundation
import Groth16
import Testing

/// What an attacker feeds a verifier: degenerate keys, ignored fields, non-canonical numbers,
/// repeated keys, and thousands of mutated files.
@Suite("Hostile verifier files: degenerate keys, strict readers, mutants")
struct HostileFileTests {
    let fixture = Fixture.all[0]

    func text(_ name: String) throws -> String { try String(contentsOf: fixture.url(name), encoding: .utf8) }

    /// The fixture's key with γ, δ and IC replaced, as snarkjs JSON.
    func keyDocument(gamma: G2Affine, delta: G2Affine, ic: [G1Affine]) throws -> Data {
        let key = try fixture.key()
        func g1(_ p: G1Affine) -> JSONDocument { .array(p.snarkjsJSON.map(JSONDocument.string)) }
        func g2(_ p: G2Affine) -> JSONDocument { .array(p.snarkjsJSON.map { .array($0.map(JSONDocument.string)) }) }
        return Data(JSONDocument.object([
            ("protocol", .string("groth16")), ("curve", .string("bn128")), ("nPublic", .integer(ic.count - 1)),
            ("vk_alpha_1", g1(key.alpha1)), ("vk_beta_2", g2(key.beta2)),
            ("vk_gamma_2", g2(gamma)), ("vk_delta_2", g2(delta)), ("IC", .array(ic.map(g1))),
        ]).text.utf8)
    }

    /// γ = δ = O makes e(A, B) = e(α, β) the whole check, so A = α, B = β "proves" any input.
    @Test func degenerateKeyForgeryIsRefused() throws {
        let key = try fixture.key()
        let forgedKey = try keyDocument(gamma: .infinity, delta: .infinity, ic: key.ic)
        let forgedProof = try Proof(a: key.alpha1, b: key.beta2, c: G1Curve.generator)
        let forgery = Data(forgedProof.snarkjsJSON.text.utf8)
        let inputs = Data(PublicSignals.document([Fr(UInt64(123_456))]).text.utf8)
        let (outcome, _) = FileVerificationOutcome.check(key: forgedKey, keyName: "vk.json", publicSignals: inputs, publicName: "public.json",
                                                         proof: forgery, proofName: "proof.json")
        guard case let .badInput(reason) = outcome else { Issue.record("degenerate key accepted: \(outcome)"); return }
        #expect(reason.contains("vk_gamma_2 is the point at infinity"))
        #expect(outcome.exitCode == 2)
        // Each degenerate point on its own is refused, by the library constructor as by the reader.
        #expect(throws: Groth16PointError.pointAtInfinity(name: "vk_delta_2")) {
            try VerificationKey(alpha1: key.alpha1, beta2: key.beta2, gamma2: key.gamma2, delta2: .infinity, ic: key.ic)
        }
        #expect(throws: Groth16PointError.pointAtInfinity(name: "vk_alpha_1")) {
            try VerificationKey(alpha1: .infinity, beta2: key.beta2, gamma2: key.gamma2, delta2: key.delta2, ic: key.ic)
        }
        #expect(throws: Groth16PointError.pointAtInfinity(name: "vk_beta_2")) {
            try VerificationKey(alpha1: key.alpha1, beta2: .infinity, gamma2: key.gamma2, delta2: key.delta2, ic: key.ic)
        }
        #expect(throws: Groth16PointError.pointAtInfinity(name: "IC[1]")) {
            try VerificationKey(alpha1: key.alpha1, beta2: key.beta2, gamma2: key.gamma2, delta2: key.delta2, ic: [key.ic[0], .infinity])
        }
        #expect(throws: Groth16PointError.missingIC) {
            try VerificationKey(alpha1: key.alpha1, beta2: key.beta2, gamma2: key.gamma2, delta2: key.delta2, ic: [])
        }
        #expect(throws: Groth16PointError.invalidPoint(name: "vk_alpha_1", .notOnCurve(curve: "G1"))) {
            try VerificationKey(alpha1: G1Affine(x: .one, y: .one), beta2: key.beta2, gamma2: key.gamma2, delta2: key.delta2, ic: key.ic)
        }
        #expect(throws: Groth16PointError.invalidPoint(name: "C", .notOnCurve(curve: "G1"))) {
            try Proof(a: key.alpha1, b: key.beta2, c: G1Affine(x: .one, y: .one))
        }
    }

    /// A field the verifier does not need is still checked: `vk_alphabeta_12` must be e(α, β).
    @Test func alphaBetaIsValidated() throws {
        let original = try text("verification_key.json")
        #expect(throws: Never.self) { try VerificationKey(snarkjsJSON: Data(original.utf8), file: "vk.json") }
        let root = try #require(try JSONSerialization.jsonObject(with: Data(original.utf8)) as? [String: Any])
        func with(_ alphaBeta: Any) throws -> Data {
            var changed = root
            changed["vk_alphabeta_12"] = alphaBeta
            return try JSONSerialization.data(withJSONObject: changed)
        }
        var swapped = try #require(root["vk_alphabeta_12"] as? [[[String]]])
        swapped.swapAt(0, 1)
        for junk: Any in ["not a number", [["x"]], swapped, 12] {
            #expect(throws: JSONFormatError.self) { try VerificationKey(snarkjsJSON: try with(junk), file: "vk.json") }
        }
        var wrongValue = try #require(root["vk_alphabeta_12"] as? [[[String]]])
        wrongValue[0][0][0] = "1"
        #expect { try VerificationKey(snarkjsJSON: try with(wrongValue), file: "vk.json") } throws: {
            "\($0)".contains("vk_alphabeta_12: is not e(vk_alpha_1, vk_beta_2)")
        }
        var extra = root
        extra["comment"] = "ignored?"
        #expect { try VerificationKey(snarkjsJSON: try JSONSerialization.data(withJSONObject: extra), file: "vk.json") } throws: {
            "\($0)".contains("$.comment: unknown field")
        }
        let nPublic = try #require(original.firstMatch(of: /"nPublic": 1/))
        for count in ["true", "1.0", "1e0", "\"1\"", "2", "01", "-1"] {
            let changed = original.replacingCharacters(in: nPublic.range, with: "\"nPublic\": \(count)")
            #expect(throws: JSONFormatError.self, "nPublic \(count)") { try VerificationKey(snarkjsJSON: Data(changed.utf8), file: "vk.json") }
        }
    }

    /// Numbers in files have one spelling: canonical decimal strings.
    @Test func numbersAreCanonicalDecimal() throws {
        let proof = try text("proof.json")
        let publicSignals = try text("public.json")
        #expect(try PublicSignals.parse(Data(publicSignals.utf8), file: "public.json") == [Fr(UInt64(33))])
        for spelling in ["033", "0x21", "-0", "+33", " 33", "33 ", "3.3e1", ""] {
            #expect(throws: JSONFormatError.self, "\(spelling)") {
                try PublicSignals.parse(Data("[\"\(spelling)\"]".utf8), file: "public.json")
            }
        }
        #expect(throws: JSONFormatError.self) { try PublicSignals.parse(Data("[33]".utf8), file: "public.json") }
        let x = try #require(proof.firstMatch(of: /"pi_a": \[\s*"(\d+)"/)?.1)
        #expect(throws: JSONFormatError.self) {
            try Proof(snarkjsJSON: Data(proof.replacingOccurrences(of: "\"\(x)\"", with: "\"0\(x)\"").utf8), file: "proof.json")
        }
        #expect(try Proof(snarkjsJSON: Data(proof.utf8), file: "proof.json") == fixture.proof())
    }

    @Test func strictJSONReader() throws {
        func parse(_ text: String) throws -> Any { try StrictJSONReader.parse(Data(text.utf8)) }
        #expect { try parse(#"{"pi_a": 1, "pi_a": 2}"#) } throws: { "\($0)".contains("appears twice") }
        #expect { try parse(String(repeating: "[", count: 100_000)) } throws: { "\($0)".contains("nesting deeper") }
        for bad in ["", "01", "1.", ".5", "-", "1e", "[1,]", "{\"a\":1,}", "\"\u{01}\"", "\"\\ud800\"", "\"\\x\"", "[1] x", "nul", "{1:2}", "\"abc"] {
            #expect(throws: StrictJSONReader.SyntaxError.self, "\(bad)") { try parse(bad) }
        }
        #expect(try parse(#""a\u00e9\ud83d\ude00\n""#) as? String == "aé😀\n")
        #expect(StrictJSONReader.integer(try parse("42")) == 42)
        #expect(StrictJSONReader.integer(try parse("-7")) == -7)
        #expect(StrictJSONReader.integer(try parse("1.0")) == nil)
        #expect(StrictJSONReader.integer(try parse("1e0")) == nil)
        #expect(StrictJSONReader.integer(try parse("true")) == nil)
        #expect(StrictJSONReader.integer(try parse("99999999999999999999")) == nil)
        let object = try #require(try parse(#" {"a": [null, false, "x"], "b": {}} "#) as? [String: Any])
        #expect((object["a"] as? [Any])?.count == 3 && object["a"].map { ($0 as! [Any])[0] is NSNull } == true)
    }

    @Test func developmentKeysAreRecognised() throws {
        #expect(InsecureDevelopmentToxicWaste.seed(of: try fixture.key()) == nil)
        #expect(InsecureDevelopmentToxicWaste.seed(of: try Fixture.all[1].key()) == nil)
        for circuit in ["tiny", "transfer32-d24"] {
            let folder = vector("../Circuits/\(circuit)")
            let key = try VerificationKey(snarkjsJSONAt: folder.appendingPathComponent("verification_key.json"))
            let manifest = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: folder.appendingPathComponent("manifest.json"))) as? [String: Any])
            #expect(InsecureDevelopmentToxicWaste.seed(of: key) == 1, "\(circuit)")
            #expect(manifest["insecureDevelopmentKeySeed"] as? Int == 1, "\(circuit)")
        }
        let alpha = JacobianPoint(G1Curve.generator).multiplied(by: InsecureDevelopmentToxicWaste(seed: 7).alpha).affine
        let key = try fixture.key()
        #expect(InsecureDevelopmentToxicWaste.seed(of: try VerificationKey(alpha1: alpha, beta2: key.beta2, gamma2: key.gamma2, delta2: key.delta2, ic: key.ic)) == 7)
    }

    /// Over 10,000 mutated files: never a crash, exit 2 exactly when a reader refuses, and "valid"
    /// only when every value is unchanged.
    @Test func mutatedFilesNeverVerifyUnlessUnchanged() throws {
        let originals = [try text("verification_key.json"), try text("public.json"), try text("proof.json")].map { Array($0.utf8) }
        let key = try fixture.key(), inputs = try fixture.publicSignals(), proof = try fixture.proof()
        let count = 10_000
        let results = MutationResults()
        DispatchQueue.concurrentPerform(iterations: 2) { lane in
            var random = InsecureSeededGenerator(seed: 0x6D75_7461 &+ UInt64(lane))  // test mutations only
            for index in stride(from: lane, to: count, by: 2) {
                var files = originals
                let which = Int.random(in: 0..<3, using: &random)
                files[which] = mutate(files[which], using: &random)
                let (outcome, _) = FileVerificationOutcome.check(
                    key: Data(files[0]), keyName: "vk.json", publicSignals: Data(files[1]), publicName: "public.json",
                    proof: Data(files[2]), proofName: "proof.json")
                results.record(outcome.exitCode)
                // Only the mutated file needs reading again; the other two are the originals.
                let (unchanged, readable): (Bool, Bool)
                switch which {
                case 0:
                    let parsed = try? VerificationKey(snarkjsJSON: Data(files[0]), file: "vk")
                    (unchanged, readable) = (parsed == key, parsed?.publicInputCount == inputs.count)
                case 1:
                    let parsed = try? PublicSignals.parse(Data(files[1]), file: "public")
                    (unchanged, readable) = (parsed == inputs, parsed?.count == inputs.count)
                default:
                    let parsed = try? Proof(snarkjsJSON: Data(files[2]), file: "proof")
                    (unchanged, readable) = (parsed == proof, parsed != nil)
                }
                if (outcome == .valid) != unchanged || (outcome.exitCode == 2) == readable {
                    let mutant = String(decoding: files[which], as: UTF8.self).prefix(400)
                    results.fail("mutant \(index) of file \(which) gave \(outcome): \(mutant)")
                }
            }
        }
        let (tally, failures) = results.snapshot
        #expect(failures.isEmpty, "\(failures.count) failures, first: \(failures.prefix(3))")
        #expect(tally.values.reduce(0, +) == count)
        // Each verdict occurs: the mutations reach the pairing check, not only the parsers.
        #expect(tally[0, default: 0] > 0 && tally[1, default: 0] > 100 && tally[2, default: 0] > 1_000, "\(tally)")
    }
}

/// Outcome counts and failures, shared by the mutation test's threads.
final class MutationResults: @unchecked Sendable {
    private let lock = NSLock()
    private var tally: [Int32: Int] = [:]
    private var failures: [String] = []

    func record(_ status: Int32) { lock.withLock { tally[status, default: 0] += 1 } }
    func fail(_ message: String) { lock.withLock { failures.append(message) } }
    var snapshot: ([Int32: Int], [String]) { lock.withLock { (tally, failures) } }
}

/// One random edit of a file: a byte changed, a digit changed, a byte inserted or deleted, a
/// slice duplicated or cut, or the file truncated.
func mutate(_ bytes: [UInt8], using random: inout InsecureSeededGenerator) -> [UInt8] {
    var out = bytes
    guard !out.isEmpty else { return [UInt8.random(in: 0...255, using: &random)] }
    let at = Int.random(in: 0..<out.count, using: &random)
    switch Int.random(in: 0..<7, using: &random) {
    case 0: out[at] = UInt8.random(in: 0...255, using: &random)
    case 1:
        let digits = out.indices.filter { (48...57).contains(out[$0]) }
        if let position = digits.randomElement(using: &random) { out[position] = UInt8.random(in: 48...57, using: &random) }
    case 2: out.insert(UInt8.random(in: 32...126, using: &random), at: at)
    case 3: out.remove(at: at)
    case 4:
        let end = min(out.count, at + Int.random(in: 1...40, using: &random))
        out.insert(contentsOf: out[at..<end], at: end)
    case 5: out.removeSubrange(at..<min(out.count, at + Int.random(in: 1...40, using: &random)))
    default: out = Array(out.prefix(at))
    }
    return out
}
