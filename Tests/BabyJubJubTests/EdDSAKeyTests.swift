import BN254
import BabyJubJub
import Testing

@Suite("EdDSA keys")
struct EdDSAKeyTests {
    let vectors: CurveVectors

    init() throws { vectors = try CurveVectors.load() }

    @Test func publicKeyFromVectors() throws {
        for vector in vectors.eddsa {
            let key = try EdDSAPrivateKey(bytes: bytes(hex: vector.private_key_hex))
            #expect(key.publicKey == (try point(vector.public_key)))
            #expect(key.publicKey.isInSubgroup)
        }
    }

    @Test func keyMaterialIsRedacted() throws {
        let key = try EdDSAPrivateKey(bytes: [UInt8](repeating: 0x5A, count: 32))
        var dumped = ""
        dump(key, to: &dumped)
        for text in [key.description, String(reflecting: key), "\(key)", dumped] {
            #expect(text.contains("redacted") || text.contains("EdDSAPrivateKey"))
            #expect(!text.contains("90") && !text.contains("5a") && !text.contains("5A"))
        }
    }

    @Test func rejectsWrongLength() {
        #expect(throws: EdDSAError.wrongByteCount(what: "private key", expected: 32, actual: 31)) {
            try EdDSAPrivateKey(bytes: [UInt8](repeating: 1, count: 31))
        }
    }
}
