import BN254
import Poseidon

/// A Baby JubJub public key (Ax, Ay) as circomlibjs writes it.
public struct PublicKey: Hashable, Sendable, Codable {
    public var x: Fr
    public var y: Fr

    public init(x: Fr, y: Fr) {
        self.x = x
        self.y = y
    }

    enum CodingKeys: String, CodingKey { case x = "Ax", y = "Ay" }

    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        x = try container.decodeFieldElement(forKey: .x)
        y = try container.decodeFieldElement(forKey: .y)
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(x.description, forKey: .x)
        try container.encode(y.description, forKey: .y)
    }
}

/// An account of the rollup state: a public key, a balance below 2^128 and a nonce.
///
/// The tree leaf of an account is Poseidon(Ax, Ay, balance, nonce) (circomlib's Poseidon with 4
/// inputs); an index without an account holds the empty leaf 0. Real keys never have Ax = 0
/// (deposits refuse them), which is how the circuit tells an empty index from an account.
public struct Account: Hashable, Sendable {
    public var publicKey: PublicKey
    public var balance: UInt128
    public var nonce: UInt64

    public init(publicKey: PublicKey, balance: UInt128, nonce: UInt64) {
        self.publicKey = publicKey
        self.balance = balance
        self.nonce = nonce
    }

    /// The account's leaf in the state tree.
    public var leaf: Fr {
        Poseidon.hash([publicKey.x, publicKey.y, Fr(balance), Fr(nonce)])
    }
}

extension Fr {
    /// The element equal to a 128-bit integer.
    public init(_ value: UInt128) {
        self.init(canonicalLimbs: Limbs(l0: UInt64(truncatingIfNeeded: value), l1: UInt64(truncatingIfNeeded: value >> 64), l2: 0, l3: 0))
    }
}

extension KeyedDecodingContainer {
    /// A field element in canonical decimal, with an error that names the key.
    func decodeFieldElement(forKey key: Key) throws -> Fr {
        let text = try decode(String.self, forKey: key)
        do {
            return try Fr(text)
        } catch {
            throw DecodingError.dataCorruptedError(forKey: key, in: self, debugDescription: "\(error)")
        }
    }
}
