import Foundation
import Testing

/// `rollup hash poseidon` and `rollup eddsa …` print what circomlibjs prints, on the vectors of
/// `Vectors/poseidon/` and `Vectors/babyjubjub-eddsa/` (circomlibjs test/eddsa.js, "Sign (using Poseidon)").
@Suite("rollup hash and eddsa")
struct PrimitiveCLITests {
    let key = "0001020304050607080900010203040506070809000102030405060708090001"
    let message = "42649378395939397566720"
    let ax = "13277427435165878497778222415993513565335242147425444199013288855685581939618"
    let ay = "13622229784656158136036771217484571176836296686641868549125388198837476602820"
    let r8x = "11384336176656855268977457483345535180380036354188103142384839473266348197733"
    let r8y = "15383486972088797283337779941324724402501462225528836549661220478783371668959"
    let s = "1672775540645840396591609181675628451599263765380031905495115170613215233181"

    @Test func poseidonHash() throws {
        let result = try run("rollup", ["hash", "poseidon", "1", "0x2"])
        // circomlibjs poseidon([1, 2]) = 0x115cc0f5…189a
        #expect(result.output == "7853200120776062878684798364095072458815029376092732009249414926327459813530\n")
        #expect(try run("rollup", ["hash", "poseidon", "21888242871839275222246405745257275088548364400416034343698204186575808495617"]).status == 2)
        #expect(try run("rollup", ["hash", "poseidon"]).status != 0)
    }

    @Test func publicKeyAndSignatureMatchCircomlibjs() throws {
        let pubkey = try run("rollup", ["eddsa", "pubkey", "--key", key])
        #expect(pubkey.output == "{\"Ax\": \"\(ax)\", \"Ay\": \"\(ay)\"}\n")
        let signature = try run("rollup", ["eddsa", "sign", "--key", key, "--msg", message])
        #expect(signature.output == "{\"R8x\": \"\(r8x)\", \"R8y\": \"\(r8y)\", \"S\": \"\(s)\"}\n")
        #expect(!signature.output.contains(key) && !signature.error.contains(key))
    }

    @Test func verifyExitCodes() throws {
        let valid = ["eddsa", "verify", "--ax", ax, "--ay", ay, "--r8x", r8x, "--r8y", r8y, "--s", s, "--msg", message]
        #expect(try run("rollup", valid).status == 0)
        var wrong = valid
        wrong[wrong.count - 1] = "42649378395939397566721"
        #expect(try run("rollup", wrong).status == 1)
        var offCurve = valid
        offCurve[5] = "1"  // the value of --ay
        #expect(try run("rollup", offCurve).status == 2)
        #expect(try run("rollup", ["eddsa", "pubkey", "--key", "abc"]).status == 2)
    }
}
