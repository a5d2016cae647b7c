import BN254
import Digest
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

/// A 160-bit Ethereum address (the recipient of a withdrawal on L1).
public struct L1Address: Hashable, Sendable, CustomStringConvertible {
    /// The 20 bytes, as in an EVM word's low 20 bytes.
    public let bytes: [UInt8]

    /// The address of 20 bytes; nil for another length.
    public init?(bytes: [UInt8]) {
        guard bytes.count == 20 else { return nil }
        self.bytes = bytes
    }

    /// Parses "0x" followed by 40 hex digits (either case); nil otherwise.
    public init?(hex text: String) {
        guard text.hasPrefix("0x"), text.utf8.count == 42, let bytes = Hex.decode(text.dropFirst(2)) else { return nil }
        self.bytes = bytes
    }

    /// "0x" and 40 lowercase hex digits.
    public var description: String { "0x" + Hex.encode(bytes) }

    /// The address as the integer the signed message and the circuit use (big-endian, < 2^160).
    public var fieldElement: Fr { try! Fr(bigEndianBytes: [UInt8](repeating: 0, count: 12) + bytes) }
}

/// A rollup transaction.
///
/// Signed message (what a wallet signs with circomlibjs `eddsa.signPoseidon(privateKey, m)`):
/// m = Poseidon(rollupId, kind, from, to, amount, nonce, recipient) with kind 2 for a transfer and
/// 3 for a withdrawal. The rollup id (from the genesis file, baked into the L1 contract) is the
/// domain tag: a signature for one deployment is worthless on another. A withdrawal has to = 0
/// and names its L1 recipient; a transfer has recipient = 0. Deposits come from the L1 deposit
/// queue and are not signed.
public enum Transaction: Hashable, Sendable {
    /// Credits `amount` to the account at `to`, creating it with `publicKey` if the index is empty.
    case deposit(to: UInt64, publicKey: PublicKey, amount: UInt128)
    /// Moves `amount` from `from` to the existing account `to`, signed by `from`'s key.
    case transfer(from: UInt64, to: UInt64, amount: UInt128, nonce: UInt64, signature: TransactionSignature)
    /// Debits `amount` from `from` and pays it to `recipient` on L1, signed by `from`'s key.
    case withdraw(from: UInt64, amount: UInt128, nonce: UInt64, recipient: L1Address, signature: TransactionSignature)

    /// The kind code used in messages, published data and the circuit: 1 deposit, 2 transfer, 3 withdraw.
    public var kind: UInt64 {
        switch self {
        case .deposit: return 1
        case .transfer: return 2
        case .withdraw: return 3
        }
    }

    /// (from, to, amount, nonce, recipient); the fields a kind does not use are 0 (a deposit has
    /// from = nonce = recipient = 0, a transfer recipient = 0, a withdrawal to = 0).
    public var fields: (from: UInt64, to: UInt64, amount: UInt128, nonce: UInt64, recipient: L1Address?) {
        switch self {
        case let .deposit(to, _, amount): return (0, to, amount, 0, nil)
        case let .transfer(from, to, amount, nonce, _): return (from, to, amount, nonce, nil)
        case let .withdraw(from, amount, nonce, recipient, _): return (from, 0, amount, nonce, recipient)
        }
    }

    /// The message fields (rollupId, kind, from, to, amount, nonce, recipient).
    public func messageFields(rollupId: UInt64) -> [Fr] {
        let f = fields
        return [Fr(rollupId), Fr(kind), Fr(f.from), Fr(f.to), Fr(f.amount), Fr(f.nonce), f.recipient?.fieldElement ?? .zero]
    }

    /// The message m = Poseidon(rollupId, kind, from, to, amount, nonce, recipient) a transfer or withdrawal signs.
    public func message(rollupId: UInt64) -> Fr { Poseidon.hash(messageFields(rollupId: rollupId)) }

    /// The signature of a transfer or withdrawal, nil for a deposit.
    public var signature: TransactionSignature? {
        switch self {
        case .deposit: return nil
        case let .transfer(_, _, _, _, s), let .withdraw(_, _, _, _, s): return s
        }
    }

    /// The same transaction carrying `signature` (a deposit is returned unchanged).
    public func signed(_ signature: TransactionSignature) -> Transaction {
        switch self {
        case .deposit: return self
        case let .transfer(from, to, amount, nonce, _): return .transfer(from: from, to: to, amount: amount, nonce: nonce, signature: signature)
        case let .withdraw(from, amount, nonce, recipient, _):
            return .withdraw(from: from, amount: amount, nonce: nonce, recipient: recipient, signature: signature)
        }
    }

    /// The key a deposit carries ((0, 0) for other kinds).
    public var depositKey: PublicKey {
        if case let .deposit(_, publicKey, _) = self { return publicKey }
        return PublicKey(x: .zero, y: .zero)
    }
}
