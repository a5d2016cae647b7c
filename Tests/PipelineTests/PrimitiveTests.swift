import Foundation
import Pipeline
import Testing

@Suite("Canonical JSON")
struct PrimitiveTests {
    @Test func canonicalJSONSortsKeysAndRoundTrips() throws {
        let text = #"{"pi_a": ["1", "2", "1"], "protocol": "groth16", "curve": "bn128", "n": 3, "ok": true, "x": null, "q": "a\"b\n"}"#
        let value = try JSONValue.parse(Data(text.utf8), source: "proof.json")
        #expect(value.canonicalText == #"{"curve":"bn128","n":3,"ok":true,"pi_a":["1","2","1"],"protocol":"groth16","q":"a\"b\n","x":null}"#)
        #expect(try JSONValue.parse(value.canonicalData, source: "again") == value)
        #expect(throws: PipelineError.self) { try JSONValue.parse(Data("{".utf8), source: "bad.json") }
    }
}
