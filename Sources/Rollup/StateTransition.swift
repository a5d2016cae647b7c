import BN254
import SparseMerkleTree

/// The rules of each transaction kind, applied one by one to the state inside the batch's open
/// store transaction. A violated rule is returned (and nothing is written for that
/// transaction), so that a rejected batch lists every reason; the caller then rolls back.
/// Account records are written at once; the tree's changes (the account a leaf takes) and reads
/// are collected in order in `leafSteps`, two a slot (its sender side, then its receiver side),
/// which the caller hashes into leaves and applies in one `SparseMerkleTree.updateDeferringProofs`.
struct Transition<Store: TreeStore> {
    typealias Violation = (code: String, message: String)

    let state: RollupState<Store>
    /// The domain tag of signed messages.
    let rollupId: UInt64
    /// Signatures verified before the application (nil: each is verified when its rule is reached).
    let prechecked: PrecheckedSignatures?
    var slots: [SlotWitness] = []
    var exits: [Exit] = []
    /// Each leaf step: its index and the account the leaf becomes (nil: a read).
    var leafSteps: [(index: UInt64, account: Account?)] = []

    init(state: RollupState<Store>, rollupId: UInt64, prechecked: PrecheckedSignatures?) {
        self.state = state
        self.rollupId = rollupId
        self.prechecked = prechecked
    }

    var capacity: UInt64 { state.shape.capacity }

    /// Applies the transaction at `position` of the batch.
    mutating func apply(_ transaction: Transaction, at position: Int) throws -> Violation? {
        switch transaction {
        case let .deposit(to, key, amount):
            return try deposit(transaction, to: to, key: key, amount: amount)
        case let .transfer(from, to, amount, nonce, signature):
            return try transfer(transaction, at: position, from: from, to: to, amount: amount, nonce: nonce, signature: signature)
        case let .withdraw(from, amount, nonce, recipient, signature):
            return try withdraw(transaction, at: position, from: from, amount: amount, nonce: nonce, recipient: recipient, signature: signature)
        }
    }

    private mutating func deposit(_ transaction: Transaction, to: UInt64, key: PublicKey, amount: UInt128) throws -> Violation? {
        guard to < capacity else { return ("index-out-of-range", "to = \(to) is not below the capacity \(capacity)") }
        // The L1 contract's deposit() refuses exactly these keys too, so every queued deposit is applicable.
        if let (_, problem) = SignatureVerifier.keyProblem(key) { return ("invalid-public-key", "the deposit key: \(problem)") }
        let existing = try state.account(at: to)
        if let existing, existing.publicKey != key {
            return ("index-occupied", "index \(to) holds an account with another public key")
        }
        let (balance, overflow) = (existing?.balance ?? 0).addingReportingOverflow(amount)
        guard !overflow else { return ("balance-overflow", "the balance of \(to) would reach 2^128") }
        let unchanged = try unchangedLeaf()
        try store(Account(publicKey: key, balance: balance, nonce: existing?.nonce ?? 0), at: to)
        slots.append(SlotWitness(transaction: transaction, sender: unchanged, receiver: LeafUpdateWitness(index: to, before: existing)))
        return nil
    }

    /// Checks the sender side of a signed transaction (existence, nonce, balance); the signature
    /// is checked last, after the receiver, so the reason names the structural rule when one fails.
    private func checkSender(from: UInt64, amount: UInt128, nonce: UInt64) throws -> (Account, Violation?) {
        let placeholder = Account(publicKey: PublicKey(x: .zero, y: .zero), balance: 0, nonce: 0)
        guard from < capacity else { return (placeholder, ("index-out-of-range", "from = \(from) is not below the capacity \(capacity)")) }
        guard let sender = try state.account(at: from) else { return (placeholder, ("unknown-sender", "no account at index \(from)")) }
        guard nonce == sender.nonce else {
            return (sender, ("nonce-mismatch", "nonce \(nonce), the account's nonce is \(sender.nonce)"))
        }
        guard sender.balance >= amount else {
            return (sender, ("insufficient-balance", "amount \(amount) exceeds the balance \(sender.balance) of \(from)"))
        }
        return (sender, nil)
    }

    private func checkSignature(_ transaction: Transaction, at position: Int, from: UInt64, sender: Account,
                                signature: TransactionSignature) -> Violation? {
        let valid = prechecked?.result(at: position, key: sender.publicKey)
            ?? SignatureVerifier.verify(signature, message: transaction.message(rollupId: rollupId), key: sender.publicKey)
        guard valid else {
            return ("bad-signature", "the EdDSA-Poseidon signature does not verify under the key of \(from)")
        }
        return nil
    }

    private mutating func transfer(_ transaction: Transaction, at position: Int, from: UInt64, to: UInt64, amount: UInt128, nonce: UInt64,
                                   signature: TransactionSignature) throws -> Violation? {
        let (sender, violation) = try checkSender(from: from, amount: amount, nonce: nonce)
        if let violation { return violation }
        guard to < capacity else { return ("index-out-of-range", "to = \(to) is not below the capacity \(capacity)") }
        guard let receiver = try state.account(at: to) else { return ("unknown-receiver", "no account at index \(to)") }
        if from != to, receiver.balance.addingReportingOverflow(amount).overflow {
            return ("balance-overflow", "the balance of \(to) would reach 2^128")
        }
        if let violation = checkSignature(transaction, at: position, from: from, sender: sender, signature: signature) { return violation }
        try store(Account(publicKey: sender.publicKey, balance: sender.balance - amount, nonce: sender.nonce + 1), at: from)
        let receiverBefore = try state.account(at: to)!  // after the sender update (from may equal to)
        try store(Account(publicKey: receiverBefore.publicKey, balance: receiverBefore.balance + amount, nonce: receiverBefore.nonce), at: to)
        slots.append(SlotWitness(
            transaction: transaction,
            sender: LeafUpdateWitness(index: from, before: sender),
            receiver: LeafUpdateWitness(index: to, before: receiverBefore)))
        return nil
    }

    private mutating func withdraw(_ transaction: Transaction, at position: Int, from: UInt64, amount: UInt128, nonce: UInt64,
                                   recipient: L1Address, signature: TransactionSignature) throws -> Violation? {
        let (sender, violation) = try checkSender(from: from, amount: amount, nonce: nonce)
        if let violation { return violation }
        if let violation = checkSignature(transaction, at: position, from: from, sender: sender, signature: signature) { return violation }
        try store(Account(publicKey: sender.publicKey, balance: sender.balance - amount, nonce: sender.nonce + 1), at: from)
        let unchanged = try unchangedLeaf()
        slots.append(SlotWitness(transaction: transaction, sender: LeafUpdateWitness(index: from, before: sender), receiver: unchanged))
        exits.append(Exit(index: from, amount: amount, recipient: recipient))
        return nil
    }

    /// Writes `account`'s record and queues its leaf change.
    private mutating func store(_ account: Account, at index: UInt64) throws {
        try state.writeAccount(account, at: index)
        leafSteps.append((index, account))
    }

    /// Leaf 0 read where a slot side changes nothing (a deposit's sender, a withdrawal's receiver).
    mutating func unchangedLeaf() throws -> LeafUpdateWitness {
        leafSteps.append((0, nil))
        return LeafUpdateWitness(index: 0, before: try state.account(at: 0))
    }

    /// A padding slot: both sides read leaf 0.
    mutating func noOperationSlot() throws -> SlotWitness {
        SlotWitness(transaction: nil, sender: try unchangedLeaf(), receiver: try unchangedLeaf())
    }
}
