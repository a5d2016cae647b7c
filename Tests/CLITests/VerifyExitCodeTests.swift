import Foundation
import Testing

/// The failing verdicts of the verifying commands exit 1 (a refused input exits 2; tested beside each reader).
@Suite("Verify commands that must fail")
struct VerifyExitCodeTests {
    let folder = "snarkjs/ark-circom-groth16/"

    @Test func groth16VerifyOfAWrongPublicInputExitsOne() throws {
        let directory = try scratchDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let key = vector(folder + "verification_key.json"), proof = vector(folder + "proof.json")
        #expect(try run("rollup", ["groth16", "verify", key, vector(folder + "public.json"), proof]).status == 0)
        let signals = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: vector(folder + "public.json")))) as! [String]
        let wrong = directory.appendingPathComponent("public.json")
        // The first input one larger: a valid field element the proof does not establish.
        try JSONSerialization.data(withJSONObject: [String(UInt64(signals[0])! + 1)] + signals.dropFirst()).write(to: wrong)
        let result = try run("rollup", ["groth16", "verify", key, wrong.path, proof])
        #expect(result.status == 1, "\(result)")
    }
}
