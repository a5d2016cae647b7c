import BN254
import Poseidon

/// An EdDSA-Poseidon signature (R8, S) as circomlibjs's `signPoseidon` returns it.
public struct TransactionSignature: Hashable, Sendable {
    public var r8x: Fr
    public var r8y: Fr
    /// S as an integer below the Baby JubJub subgroup order (< r, so it fits Fr).
    public var s: Fr

    public init(r8x: Fr, r8y: Fr, s: Fr) {
        self.r8x = r8x
        self.r8y = r8y
        self.s = s
    }
}

/// A rollup transaction.
///
/// Signed message (what a wallet signs with circomlibjs `eddsa.signPoseidon(privateKey, m)`):
/// m = Poseidon(kind, from, to, amount, nonce) with kind 2 for a transfer and 3 for a withdrawal
/// (a withdrawal has to = 0). Deposits come from the settlement layer and are not signed.
public enum Transaction: Hashable, Sendable {
    /// Credits `amount` to the account at `to`, creating it with `publicKey` if the index is empty.
    case deposit(to: UInt64, publicKey: PublicKey, amount: UInt128)
    /// Moves `amount` from `from` to the existing account `to`, signed by `from`'s key.
    case transfer(from: UInt64, to: UInt64, amount: UInt128, nonce: UInt64, signature: TransactionSignature)
    /// Debits `amount` from `from` and records an exit for the settlement layer, signed by `from`'s key.
    case withdraw(from: UInt64, amount: UInt128, nonce: UInt64, signature: TransactionSignature)

    /// The kind code used in messages, commitments and the circuit: 1 deposit, 2 transfer, 3 withdraw.
    public var kind: UInt64 {
        switch self {
        case .deposit: return 1
        case .transfer: return 2
        case .withdraw: return 3
        }
    }

    /// The fields (kind, from, to, amount, nonce) that the message and the commitment hash; a
    /// deposit has from = 0 and nonce = 0, a withdrawal to = 0.
    public var messageFields: [Fr] {
        switch self {
        case let .deposit(to, _, amount):
            return [Fr(kind), .zero, Fr(to), Fr(amount), .zero]
        case let .transfer(from, to, amount, nonce, _):
            return [Fr(kind), Fr(from), Fr(to), Fr(amount), Fr(nonce)]
        case let .withdraw(from, amount, nonce, _):
            return [Fr(kind), Fr(from), .zero, Fr(amount), Fr(nonce)]
        }
    }

    /// The message m = Poseidon(kind, from, to, amount, nonce) a transfer or withdrawal signs.
    public var message: Fr { Poseidon.hash(messageFields) }

    /// The key a deposit carries ((0, 0) for other kinds), part of the batch commitment.
    public var depositKey: PublicKey {
        if case let .deposit(_, publicKey, _) = self { return publicKey }
        return PublicKey(x: .zero, y: .zero)
    }

    /// One step of the batch data commitment: c' = Poseidon(c, m, Ax, Ay), where m is the
    /// message above and (Ax, Ay) the deposit key. A settlement contract recomputes it from the
    /// published transactions (circomlibjs ships Solidity Poseidon contracts for 4 and 5 inputs).
    public func commitment(after previous: Fr) -> Fr {
        let key = depositKey
        return Poseidon.hash([previous, message, key.x, key.y])
    }
}
