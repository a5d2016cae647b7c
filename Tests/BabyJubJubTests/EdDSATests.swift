import BN254
import BigInteger
import BabyJubJub
import Testing

@Suite("EdDSA-Poseidon")
struct EdDSATests {
    let vector: CurveVectors.Signature

    init() throws { vector = try CurveVectors.load().eddsa.first { $0.hash == "poseidon" }! }

    var key: EdDSAPrivateKey { get throws { try EdDSAPrivateKey(bytes: bytes(hex: vector.private_key_hex)) } }
    var message: Fr { get throws { try Fr(vector.message) } }

    @Test func messageIsTheLittleEndianBytes() throws {
        #expect(BigInt(littleEndianBytes: bytes(hex: vector.message_le_hex)) == (try message).bigInt)
    }

    @Test func signMatchesVector() throws {
        let signature = try key.signPoseidon(message)
        #expect(signature.R8 == (try point(vector.R8)))
        #expect(signature.S == (try Fr(vector.S)))
        #expect(hex(signature.packed) == vector.packed_signature_hex)
        #expect(try EdDSASignature(packed: bytes(hex: vector.packed_signature_hex)) == signature)
    }

    @Test func verifyAcceptsAndRejects() throws {
        let A = try point(vector.public_key), m = try message
        let signature = try EdDSASignature(R8: point(vector.R8), S: Fr(vector.S))
        #expect(EdDSA.verifyPoseidon(message: m, signature: signature, publicKey: A))
        #expect(!EdDSA.verifyPoseidon(message: m + .one, signature: signature, publicKey: A))
        #expect(!EdDSA.verifyPoseidon(message: m, signature: signature, publicKey: A.doubled()))
        // S + l is the same scalar mod l but not reduced: rejected, as by circomlibjs.
        let unreduced = EdDSASignature(R8: signature.R8, S: signature.S + Fr(reducing: BabyJub.subgroupOrder))
        #expect(!EdDSA.verifyPoseidon(message: m, signature: unreduced, publicKey: A))
        let tamperedR8 = EdDSASignature(R8: signature.R8 + BabyJub.base8, S: signature.S)
        #expect(!EdDSA.verifyPoseidon(message: m, signature: tamperedR8, publicKey: A))
        let tamperedS = EdDSASignature(R8: signature.R8, S: signature.S + .one)
        #expect(!EdDSA.verifyPoseidon(message: m, signature: tamperedS, publicKey: A))
        // A small-order torsion component in A is cleared by the factor 8; 8·A = O is rejected.
        let torsion = try BabyJubPoint(x: .zero, y: -Fr.one)
        #expect(EdDSA.verifyPoseidon(message: m, signature: signature, publicKey: A + torsion) == false)
        let forged = EdDSASignature(R8: BabyJub.base8, S: .one)
        #expect(!EdDSA.verifyPoseidon(message: m, signature: forged, publicKey: torsion))
        #expect(!EdDSA.verifyPoseidon(message: m, signature: forged, publicKey: .identity))
    }

    @Test func randomKeysRoundTrip() throws {
        var generator = InsecureSeededGenerator(seed: TestSeed.seed(21))
        for _ in 0..<10 {
            let key = EdDSAPrivateKey.random(using: &generator)
            let m = Fr.random(using: &generator)
            let signature = key.signPoseidon(m)
            #expect(EdDSA.verifyPoseidon(message: m, signature: signature, publicKey: key.publicKey))
            #expect(try EdDSASignature(packed: signature.packed) == signature)
            #expect(!EdDSA.verifyPoseidon(message: m + .one, signature: signature, publicKey: key.publicKey))
        }
    }

    @Test func packedSignatureErrors() throws {
        let packed = bytes(hex: vector.packed_signature_hex)
        #expect(throws: EdDSAError.wrongByteCount(what: "signature", expected: 64, actual: 63)) {
            try EdDSASignature(packed: packed.dropLast())
        }
        let S = try BigInt(decimal: vector.S) + BabyJub.subgroupOrder
        #expect(throws: EdDSAError.scalarNotReduced(S: S)) {
            try EdDSASignature(packed: packed[0..<32] + S.littleEndianBytes(count: 32)!)
        }
        var badR8 = packed
        badR8[31] |= 0x80
        badR8[0...31] = ArraySlice(Fr.modulus.littleEndianBytes(count: 32)!)
        #expect(throws: EdDSAError.invalidR8(.coordinateNotCanonical(y: Fr.modulus))) { try EdDSASignature(packed: badR8) }
    }
}
