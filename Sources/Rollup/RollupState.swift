import BN254
import Foundation
import SparseMerkleTree

/// Why a batch was refused by the state transition (the state is then untouched). Each reason
/// carries a stable code for machines, a message for people, and the transaction it concerns.
public struct RejectionReason: Hashable, Sendable, Codable, CustomStringConvertible {
    public let code: String
    public let transaction: Int?
    public let message: String

    public var description: String {
        transaction.map { "transaction \($0): \(code): \(message)" } ?? "\(code): \(message)"
    }
}

/// A batch refused as a whole, with every reason found.
public struct BatchRejection: Error, Sendable, CustomStringConvertible {
    public let batch: UInt64
    public let reasons: [RejectionReason]

    public var description: String { "batch \(batch) rejected: " + reasons.map(\.description).joined(separator: "; ") }
}

/// One Merkle leaf update of a slot as the circuit sees it: the index and the account there before
/// (nil = empty index); the siblings of its path come from the batch's `OpenedSequence`.
public struct LeafUpdateWitness: Hashable, Sendable {
    public let index: UInt64
    public let before: Account?
}

/// What the circuit needs for one transaction slot: the transaction (nil for an unused slot),
/// then the sender-side and the receiver-side updates, applied in that order.
public struct SlotWitness: Hashable, Sendable {
    public let transaction: Transaction?
    public let sender: LeafUpdateWitness
    public let receiver: LeafUpdateWitness
}

/// A withdrawal the settlement layer pays: `amount` debited from account `index`, for `recipient` on L1.
public struct Exit: Hashable, Sendable {
    public let index: UInt64
    public let amount: UInt128
    public let recipient: L1Address

    public init(index: UInt64, amount: UInt128, recipient: L1Address) {
        self.index = index
        self.amount = amount
        self.recipient = recipient
    }
}

/// The outcome of a valid batch: roots, exits, the published data and its hash, and what the
/// circuit's witness is built from.
public struct AppliedBatch: Sendable {
    public let batch: Batch
    /// The rollup id (domain tag of signed messages) of the state.
    public let rollupId: UInt64
    public let oldRoot: Fr
    public let newRoot: Fr
    /// The published records (`PublishedData.records`), one per slot.
    public let records: [UInt8]
    /// The data hash, challenge and evaluation that bind the proof to the records.
    public let commitment: PublishedData.Commitment
    /// The withdrawals, in batch order, for the settlement layer.
    public let exits: [Exit]
    /// One entry per slot, unused slots included.
    public let slots: [SlotWitness]
    /// The batch's leaf steps, two a slot (step 2p its sender side, 2p + 1 its receiver side), with
    /// the nodes they read before the batch: the slots' Merkle siblings, once replayed.
    public let tree: OpenedSequence

    /// The circuit's public inputs, in `BatchCircuit.publicInputNames` order.
    public var publicInputs: [Fr] { [oldRoot, newRoot, commitment.dataHash, commitment.challenge, commitment.evaluation] }
}

/// The rollup state: accounts in a Poseidon Merkle tree (`SparseMerkleTree`), their fields as
/// records of the same store, and the number of the last executed batch, all committed together.
public final class RollupState<Store: TreeStore> {
    let tree: SparseMerkleTree<Store>

    /// Opens the state kept in `store` for a tree of `shape` (empty store: empty tree, no batch executed).
    public init(shape: TreeShape, store: Store) throws {
        tree = try SparseMerkleTree(shape: shape, store: store)
    }

    /// The account tree's arity and depth.
    public var shape: TreeShape { tree.shape }

    /// The state root.
    public var root: Fr { tree.root }

    /// The last batch applied (0 before the first).
    public func lastExecutedBatch() throws -> UInt64 {
        try integerRecord("batch/last")
    }

    /// The account at `index`, nil when the index is empty.
    public func account(at index: UInt64) throws -> Account? {
        guard let bytes = try tree.store.record("account/\(index)") else { return nil }
        guard let account = AccountRecord.decode(bytes) else { throw RollupStateError.corruptAccount(index: index) }
        return account
    }

    /// The rollup id the genesis recorded (0 for a state created without a genesis).
    public func rollupId() throws -> UInt64 { try integerRecord("rollup/id") }

    /// The sum of the genesis balances: what the L1 contract must hold from its deployment.
    public func genesisSupply() throws -> UInt128 {
        guard let bytes = try tree.store.record("rollup/supply"), bytes.count == 16 else { return 0 }
        return bytes.enumerated().reduce(UInt128(0)) { $0 | UInt128($1.element) << UInt128(8 * $1.offset) }
    }

    private func integerRecord(_ key: String) throws -> UInt64 {
        guard let bytes = try tree.store.record(key), bytes.count == 8 else { return 0 }
        return bytes.enumerated().reduce(0) { $0 | UInt64($1.element) << UInt64(8 * $1.offset) }
    }

    /// Creates the genesis accounts in one batch (the state must be empty) and records the rollup id and the supply;
    /// the tree is hashed level by level on `threads` threads (`SparseMerkleTree.update(batch:threads:)`).
    public func applyGenesis(_ genesis: Genesis, threads: Int = 1) throws {
        guard try lastExecutedBatch() == 0, root == EmptyTree.roots[shape.depth] else { throw RollupStateError.notEmpty }
        try tree.beginBatch()
        do {
            var supply: UInt128 = 0
            var leaves: [(index: UInt64, leaf: Fr)] = []
            for (index, account) in genesis.accounts {
                guard index < shape.capacity else { throw RollupStateError.indexOutOfRange(index: index, capacity: shape.capacity) }
                let (sum, overflow) = supply.addingReportingOverflow(account.balance)
                guard !overflow else { throw RollupStateError.supplyOverflow }
                supply = sum
                leaves.append((index, account.leaf))
                try tree.store.writeRecord("account/\(index)", AccountRecord.encode(account))
            }
            try tree.update(batch: leaves, threads: threads)
            try tree.store.writeRecord("rollup/id", (0..<8).map { UInt8(truncatingIfNeeded: genesis.rollupId >> UInt64(8 * $0)) })
            try tree.store.writeRecord("rollup/supply", (0..<16).map { UInt8(truncatingIfNeeded: supply >> UInt128(8 * $0)) })
            try tree.commitBatch()
        } catch {
            try? tree.rollbackBatch()
            throw error
        }
    }

    /// Applies `batch` with `slots` transaction slots: every rule is checked, every violation is
    /// reported, and the state changes only if there is none. `persist` runs after the batch is
    /// applied and before it is committed (the pipeline stores the witness there first); if it
    /// throws, the state is rolled back. `signatures` chooses serial or parallel verification
    /// (same outcome; parallel on every core by default). Once every rule has passed, the leaves are
    /// hashed and the tree takes the batch's final ones, each changed node hashed once, on `treeThreads` threads
    /// (`SparseMerkleTree.updateDeferringProofs(_:threads:)`); the paths of each step are left to the
    /// witness, which replays them from `AppliedBatch.tree`.
    @discardableResult
    public func apply(_ batch: Batch, slots: Int, signatures: SignatureVerification = .parallel(threads: ProcessInfo.processInfo.activeProcessorCount),
                      treeThreads: Int = ProcessInfo.processInfo.activeProcessorCount,
                      persist: (AppliedBatch) throws -> Void = { _ in }) throws -> AppliedBatch {
        var reasons: [RejectionReason] = []
        let last = try lastExecutedBatch()
        // Numbers only increase; a rejected batch's number is skipped, never reused.
        if batch.number <= last {
            reasons.append(.init(code: "batch-number", transaction: nil, message: "batch \(batch.number) is not after the last executed batch \(last)"))
        }
        if batch.previousRoot != root {
            reasons.append(.init(code: "previous-root", transaction: nil, message: "the batch starts from \(batch.previousRoot), the state root is \(root)"))
        }
        if batch.transactions.count > slots {
            reasons.append(.init(code: "too-many-transactions", transaction: nil, message: "\(batch.transactions.count) transactions, the circuit has \(slots) slots"))
        }
        let oldRoot = root
        try tree.beginBatch()
        do {
            let rollupId = try rollupId()
            var prechecked: PrecheckedSignatures?
            if case let .parallel(threads) = signatures {
                prechecked = try PrecheckedSignatures(batch.transactions, rollupId: rollupId, threads: threads) { try account(at: $0)?.publicKey }
            }
            var transition = Transition(state: self, rollupId: rollupId, prechecked: prechecked)
            for (position, transaction) in batch.transactions.enumerated() {
                if let reason = try transition.apply(transaction, at: position) {
                    reasons.append(RejectionReason(code: reason.code, transaction: position, message: reason.message))
                }
            }
            guard reasons.isEmpty else { throw BatchRejection(batch: batch.number, reasons: reasons) }
            for _ in batch.transactions.count..<slots { transition.slots.append(try transition.noOperationSlot()) }
            let pending = transition.leafSteps
            precondition(pending.count == 2 * slots, "a slot is two tree steps")
            // The leaf hashes, on every core: only the account a leaf becomes depends on the order.
            var steps = [TreeStep](repeating: TreeStep(index: 0, leaf: nil), count: pending.count)
            steps.withUnsafeMutableBufferPointer { steps in
                runInParallel(chunksOf: pending.count, workers: treeThreads) { range in
                    for k in range { steps[k] = TreeStep(index: pending[k].index, leaf: pending[k].account?.leaf) }
                }
            }
            let opened = try tree.updateDeferringProofs(steps, threads: treeThreads)
            try tree.store.writeRecord("batch/last", (0..<8).map { UInt8(truncatingIfNeeded: batch.number >> UInt64(8 * $0)) })
            let records = PublishedData.records(batch.transactions, slots: slots)
            let applied = AppliedBatch(
                batch: batch, rollupId: transition.rollupId, oldRoot: oldRoot, newRoot: root, records: records,
                commitment: PublishedData.Commitment(rollupId: transition.rollupId, batch: batch.number, records: records),
                exits: transition.exits, slots: transition.slots, tree: opened)
            try persist(applied)
            try tree.commitBatch()
            return applied
        } catch {
            try tree.rollbackBatch()
            throw error
        }
    }

    /// Writes `account` at `index` in the tree and the records at once (the L1 rebuild's path).
    func store(_ account: Account, at index: UInt64) throws {
        try tree.update(index, account.leaf)
        try writeAccount(account, at: index)
    }

    /// Writes `account`'s record only: the batch application hashes its tree changes afterwards.
    func writeAccount(_ account: Account, at index: UInt64) throws {
        try tree.store.writeRecord("account/\(index)", AccountRecord.encode(account))
    }
}

/// Errors of the state itself (as opposed to rejected batches).
public enum RollupStateError: Error, Equatable, CustomStringConvertible {
    case notEmpty
    case indexOutOfRange(index: UInt64, capacity: UInt64)
    case corruptAccount(index: UInt64)
    case supplyOverflow

    public var description: String {
        switch self {
        case .supplyOverflow: return "the genesis balances add up to 2^128 or more; expected a total below 2^128"
        case .notEmpty: return "the state already has accounts or batches; genesis applies only to an empty state"
        case let .indexOutOfRange(index, capacity): return "account index \(index) is not below the tree's capacity \(capacity)"
        case let .corruptAccount(index): return "the stored record of account \(index) is corrupt"
        }
    }
}

/// The record format of an account: Ax, Ay (32 bytes each, big-endian), balance (16 bytes
/// little-endian), nonce (8 bytes little-endian).
enum AccountRecord {
    static func encode(_ account: Account) -> [UInt8] {
        account.publicKey.x.bigEndianBytes + account.publicKey.y.bigEndianBytes
            + (0..<16).map { UInt8(truncatingIfNeeded: account.balance >> UInt128(8 * $0)) }
            + (0..<8).map { UInt8(truncatingIfNeeded: account.nonce >> UInt64(8 * $0)) }
    }

    static func decode(_ bytes: [UInt8]) -> Account? {
        guard bytes.count == 88, let x = try? Fr(bigEndianBytes: bytes[0..<32]), let y = try? Fr(bigEndianBytes: bytes[32..<64]) else { return nil }
        let balance = bytes[64..<80].enumerated().reduce(UInt128(0)) { $0 | UInt128($1.element) << UInt128(8 * $1.offset) }
        let nonce = bytes[80..<88].enumerated().reduce(UInt64(0)) { $0 | UInt64($1.element) << UInt64(8 * $1.offset) }
        return Account(publicKey: PublicKey(x: x, y: y), balance: balance, nonce: nonce)
    }
}
