import BN254
import BigInteger
import Foundation
import BabyJubJub

/// `Vectors/babyjubjub-eddsa/babyjub_eddsa_poseidon_vectors.json` (see its README).
struct CurveVectors: Decodable {
    struct Curve: Decodable {
        let p, a, d, order, suborder: String
        let generator, base8: [String]
    }
    struct Add: Decodable { let p1, p2, expected: [String] }
    struct DoubleX: Decodable {
        let p: [String]
        let expected_x_be_hex: String
    }
    struct Mul: Decodable {
        let p, expected: [String]
        let scalar: String
    }
    struct Membership: Decodable {
        let p: [String]
        let expected: Bool
    }
    struct Pack: Decodable {
        let p: [String]
        let packed_hex: String
    }
    struct Signature: Decodable {
        let id, hash, private_key_hex, message_le_hex, message, S, packed_signature_hex: String
        let public_key, R8: [String]
    }

    let curve: Curve
    let point_add: [Add]
    let point_double_x_only: [DoubleX]
    let point_mul: [Mul]
    let in_curve, in_subgroup: [Membership]
    let pack_point: [Pack]
    let eddsa: [Signature]

    static func load() throws -> CurveVectors {
        let url = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Vectors/babyjubjub-eddsa/babyjub_eddsa_poseidon_vectors.json")
        return try JSONDecoder().decode(CurveVectors.self, from: Data(contentsOf: url))
    }
}

/// The point with decimal coordinates `pair`, which must be on the curve.
func point(_ pair: [String]) throws -> BabyJubPoint { try BabyJubPoint(x: Fr(pair[0]), y: Fr(pair[1])) }

/// The bytes of a hex string.
func bytes(hex: String) -> [UInt8] {
    let digits = Array(hex.utf8)
    return stride(from: 0, to: digits.count, by: 2).map { UInt8(String(decoding: digits[$0..<$0 + 2], as: UTF8.self), radix: 16)! }
}

/// Lowercase hex of `bytes`.
func hex(_ bytes: [UInt8]) -> String { bytes.map { String(format: "%02x", $0) }.joined() }
