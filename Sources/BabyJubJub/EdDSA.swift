import BN254
import BigInteger
import Poseidon

/// An EdDSA signature (R8, S) over Baby JubJub (circomlibjs `eddsa.js`): R8 a curve point and
/// S an integer, valid only when S < l.
public struct EdDSASignature: Hashable, Sendable {
    /// The nonce point R8 = B8·r.
    public var R8: BabyJubPoint
    /// The scalar S = r + H·s mod l, held as a field element since l < p.
    public var S: Fr

    /// The signature (R8, S); `EdDSA.verifyPoseidon` rejects S ≥ l.
    public init(R8: BabyJubPoint, S: Fr) {
        self.R8 = R8
        self.S = S
    }

    /// The 64-byte form pack(R8) ‖ S as 32 little-endian bytes (circomlibjs `packSignature`).
    public var packed: [UInt8] { R8.packed + S.littleEndianBytes }

    /// Decodes the 64-byte form (circomlibjs `unpackSignature`), rejecting a bad R8 and S ≥ l.
    public init(packed: some Collection<UInt8>) throws(EdDSAError) {
        let bytes = Array(packed)
        guard bytes.count == 64 else { throw .wrongByteCount(what: "signature", expected: 64, actual: bytes.count) }
        do {
            R8 = try BabyJubPoint(packed: bytes[0..<32])
        } catch {
            throw .invalidR8(error)
        }
        let scalar = BigInt(littleEndianBytes: Array(bytes[32..<64]))
        guard scalar < BabyJub.subgroupOrder, let value = try? Fr(exactly: scalar) else { throw .scalarNotReduced(S: scalar) }
        S = value
    }
}

extension EdDSAPrivateKey {
    /// Signs a field element with EdDSA-Poseidon (circomlibjs `signPoseidon`): r from BLAKE-512,
    /// R8 = B8·r, S = r + Poseidon(R8.x, R8.y, A.x, A.y, m)·s mod l.
    public func signPoseidon(_ message: Fr) -> EdDSASignature {
        let r = nonce(for: message)
        let R8 = BabyJub.base8.multiplied(by: r)
        let A = publicKey
        let hm = Poseidon.hash([R8.x, R8.y, A.x, A.y, message])
        let S = (r + hm.bigInt * secretScalar).modulo(BabyJub.subgroupOrder)
        return EdDSASignature(R8: R8, S: Fr(reducing: S))
    }
}

/// EdDSA-Poseidon verification (circomlibjs `eddsa.js` `verifyPoseidon`).
public enum EdDSA {
    /// Whether `signature` signs `message` under `publicKey` (circomlibjs `verifyPoseidon`):
    /// S < l and B8·S = R8 + (8·H)·A with H = Poseidon(R8.x, R8.y, A.x, A.y, m). Like circomlib's
    /// EdDSAPoseidonVerifier circuit (and unlike circomlibjs) it also rejects keys with 8·A = O.
    public static func verifyPoseidon(message: Fr, signature: EdDSASignature, publicKey: BabyJubPoint) -> Bool {
        guard signature.S.bigInt < BabyJub.subgroupOrder else { return false }
        let A = publicKey, R8 = signature.R8
        let eightA = ExtendedPoint(A).doubled().doubled().doubled()
        guard !eightA.isIdentity else { return false }
        let hm = Poseidon.hash([R8.x, R8.y, A.x, A.y, message])
        let left = ExtendedPoint.base8Multiple(limbs: signature.S.canonicalLimbs.words)
        let right = eightA.multiplied(byMagnitudeLimbs: hm.canonicalLimbs.words).adding(ExtendedPoint(R8))
        return left.isEqual(to: right)
    }
}
