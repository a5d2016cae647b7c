import BabyJubJub
import BN254

/// Native checks of transaction keys and signatures, with Baby JubJub and EdDSA-Poseidon as
/// circomlibjs defines them.
enum SignatureVerifier {
    /// Whether the key is a point of Baby JubJub.
    static func isOnCurve(_ key: PublicKey) -> Bool { BabyJub.isOnCurve(x: key.x, y: key.y) }

    /// circomlibjs `eddsa.verifyPoseidon(message, signature, publicKey)`.
    static func verify(_ signature: TransactionSignature, message: Fr, key: PublicKey) -> Bool {
        guard let publicKey = try? BabyJubPoint(x: key.x, y: key.y),
              let r8 = try? BabyJubPoint(x: signature.r8x, y: signature.r8y)
        else { return false }
        return EdDSA.verifyPoseidon(message: message, signature: EdDSASignature(R8: r8, S: signature.s), publicKey: publicKey)
    }
}
