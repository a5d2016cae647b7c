import Foundation
import Pipeline
import Testing

@Suite("SHA256 and canonical JSON")
struct PrimitiveTests {
    @Test func fips180Vectors() {
        #expect(SHA256.hex("".utf8) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(SHA256.hex("abc".utf8) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(SHA256.hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8)
            == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
        #expect(SHA256.hex("abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu".utf8)
            == "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1")
        #expect(SHA256.hex(Array(repeating: UInt8(ascii: "a"), count: 1_000_000))
            == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }

    @Test func canonicalJSONSortsKeysAndRoundTrips() throws {
        let text = #"{"pi_a": ["1", "2", "1"], "protocol": "groth16", "curve": "bn128", "n": 3, "ok": true, "x": null, "q": "a\"b\n"}"#
        let value = try JSONValue.parse(Data(text.utf8), source: "proof.json")
        #expect(value.canonicalText == #"{"curve":"bn128","n":3,"ok":true,"pi_a":["1","2","1"],"protocol":"groth16","q":"a\"b\n","x":null}"#)
        #expect(try JSONValue.parse(value.canonicalData, source: "again") == value)
        #expect(throws: PipelineError.self) { try JSONValue.parse(Data("{".utf8), source: "bad.json") }
    }
}
