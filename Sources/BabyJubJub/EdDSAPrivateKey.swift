import BN254
import BigInteger

/// Why EdDSA key or signature bytes were rejected.
public enum EdDSAError: Error, Equatable, CustomStringConvertible {
    /// A private key is 32 bytes, a packed signature 64.
    case wrongByteCount(what: String, expected: Int, actual: Int)
    /// The signature's R8 does not decode to a curve point.
    case invalidR8(BabyJubError)
    /// The signature's S is not below the subgroup order l.
    case scalarNotReduced(S: BigInt)

    public var description: String {
        switch self {
        case let .wrongByteCount(what, expected, actual): return "EdDSA \(what): expected \(expected) bytes, got \(actual)"
        case let .invalidR8(error): return "EdDSA signature R8: \(error)"
        case let .scalarNotReduced(S): return "EdDSA signature S = \(S) is not below the subgroup order"
        }
    }
}

/// A 32-byte EdDSA private key as in circomlibjs `eddsa.js`. Its bytes never appear in
/// `description`, `debugDescription` or `dump`.
public struct EdDSAPrivateKey: Sendable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// h = BLAKE-512(key): the first half gives the secret scalar, the second the nonce key.
    private let digest: [UInt8]
    /// The public key A = B8·(s >> 3) (circomlibjs `prv2pub`).
    public let publicKey: BabyJubPoint

    /// The key with these 32 raw bytes (circomlibjs `prv`).
    public init(bytes: some Collection<UInt8>) throws(EdDSAError) {
        let key = Array(bytes)
        guard key.count == 32 else { throw .wrongByteCount(what: "private key", expected: 32, actual: key.count) }
        digest = Blake512.hash(key)
        publicKey = BabyJub.base8.multiplied(by: Self.secretScalar(digest) >> 3)
    }

    /// A key of 32 bytes drawn from `generator` (use a cryptographically secure one).
    public static func random(using generator: inout some RandomNumberGenerator) -> EdDSAPrivateKey {
        let key = (0..<32).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        guard let result = try? EdDSAPrivateKey(bytes: key) else { preconditionFailure("32 bytes is a valid key length") }
        return result
    }

    /// A key drawn from the system's secure generator.
    public static func random() -> EdDSAPrivateKey {
        var generator = SystemRandomNumberGenerator()
        return random(using: &generator)
    }

    /// s = LE(prune(h[0..<32])): the low 3 bits of byte 0 and bit 7 of byte 31 cleared, bit 6 of
    /// byte 31 set (circomlibjs `utils.pruneBuffer`); a multiple of 8.
    var secretScalar: BigInt { Self.secretScalar(digest) }

    private static func secretScalar(_ digest: [UInt8]) -> BigInt {
        var pruned = Array(digest[0..<32])
        pruned[0] &= 0xF8
        pruned[31] &= 0x7F
        pruned[31] |= 0x40
        return BigInt(littleEndianBytes: pruned)
    }

    /// The deterministic nonce r = LE(BLAKE-512(h[32..<64] ‖ message as 32 LE bytes)) mod l
    /// (circomlibjs `signPoseidon`).
    func nonce(for message: Fr) -> BigInt {
        let rDigest = Blake512.hash(digest[32..<64] + message.littleEndianBytes)
        return BigInt(littleEndianBytes: rDigest).modulo(BabyJub.subgroupOrder)
    }

    /// "EdDSAPrivateKey(<redacted>)".
    public var description: String { "EdDSAPrivateKey(<redacted>)" }
    /// "EdDSAPrivateKey(<redacted>)".
    public var debugDescription: String { description }
    /// A mirror without children, so `dump` shows no key material.
    public var customMirror: Mirror { Mirror(self, children: [:]) }
}
