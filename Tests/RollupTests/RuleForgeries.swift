import BabyJubJub
import BigInteger
import BN254
import Circuit
import Poseidon
import Rollup
import SparseMerkleTree
import Testing

/// A genesis of the tiny tree whose keys have known discrete logarithms, A_i = [a_i]·B8, so that a
/// test can sign anything, including signatures no wallet produces (circomlibjs derives the scalar
/// from a hashed key and keeps it).
enum KnownKeyRollup {
    /// The deployment's rollup id.
    static let rollupId: UInt64 = 5
    /// The accounts at indices 0…7, each holding 10^9.
    static let accountCount = 8

    /// a_i, a nonzero scalar below l.
    static func scalar(of index: Int) -> BigInt { BigInt(1_000_003 + 7_919 * index) }

    /// A_i = [a_i]·B8.
    static func publicKey(of index: Int) -> PublicKey {
        let point = BabyJub.base8.multiplied(by: scalar(of: index))
        return PublicKey(x: point.x, y: point.y)
    }

    /// Account `index` of the genesis, or with its nonce advanced.
    static func account(_ index: Int, nonce: UInt64 = 0) -> Account {
        Account(publicKey: publicKey(of: index), balance: 1_000_000_000, nonce: nonce)
    }

    /// A fresh state holding the genesis.
    static func state() throws -> RollupState<InMemoryTreeStore> {
        let state = try RollupState(shape: CircuitConfiguration.tiny.shape, store: InMemoryTreeStore())
        try state.applyGenesis(Genesis(rollupId: rollupId, accounts: (0..<accountCount).map { (UInt64($0), account($0)) }))
        return state
    }

    /// The account whose key has x coordinate `x`.
    static func signer(withKeyX x: Fr) -> Int? { (0..<accountCount).first { publicKey(of: $0).x == x } }

    /// The point (0, −1) of order 2.
    static let orderTwo = try! BabyJubPoint(x: .zero, y: -Fr.one)

    /// An EdDSA-Poseidon signature of `message` by account `index` with the nonce point
    /// R8 = [k]·B8 + `offset`: S = k + 8·H·a_i mod l with H = Poseidon(R8.x, R8.y, A.x, A.y, m), so
    /// that [S]·B8 = R8 − offset + [8H]·A. With `offset` the identity it is an honest signature
    /// (circomlibjs `verifyPoseidon`'s equation [S]·B8 = R8 + [8H]·A).
    static func sign(_ message: Fr, by index: Int, nonce k: BigInt, offset: BabyJubPoint = .identity) -> TransactionSignature {
        let key = publicKey(of: index)
        let R8 = BabyJub.base8.multiplied(by: k) + offset
        let hash = Poseidon.hash([R8.x, R8.y, key.x, key.y, message])
        let S = (k + BigInt(8) * hash.bigInt * scalar(of: index)).modulo(BabyJub.subgroupOrder)
        return TransactionSignature(r8x: R8.x, r8y: R8.y, s: Fr(reducing: S))
    }

    /// `transaction` signed by account `index`.
    static func sign(_ transaction: Transaction, by index: Int) -> Transaction {
        transaction.signed(sign(transaction.message(rollupId: rollupId), by: index, nonce: BigInt(424_242 + index)))
    }
}

/// A forged input set of the tiny circuit built from a valid batch, meant to break exactly one rule.
struct RuleForgery: CustomStringConvertible {
    /// What was forged.
    let name: String
    /// The slot it was forged in.
    let slot: Int
    /// The path of the one constraint it must violate, "slot[i]/" followed by `gadget`.
    let gadget: String
    /// The forged circuit inputs (the stated inputs are settled when the witness is checked).
    let inputs: [String: Fr]

    var description: String { "\(name) in slot \(slot)" }
    /// The expected path of the violated constraint.
    var path: String { "slot[\(slot)]/\(gadget)" }

    /// Forgeries of every slot of `inputs` whose kind they apply to. Each keeps everything else
    /// coherent: the Merkle paths are those of the accounts it claims, the signature signs the
    /// message it states.
    static func forgeries(of inputs: [String: Fr], slots: Int) throws -> [RuleForgery] {
        try (0..<slots).flatMap { slot in try forgeries(of: inputs, slot: slot, slots: slots) }
    }

    /// `inputs` (of a batch applied to `KnownKeyRollup`'s genesis) with every slot's sender and
    /// receiver paths re-derived on a native tree, each slot changing its two leaves as the circuit
    /// does: a forgery that edits one slot's accounts keeps the later slots' paths valid.
    static func rederivingPaths(_ inputs: [String: Fr], slots: Int) throws -> [String: Fr] {
        var result = inputs
        let tree = try SparseMerkleTree(shape: CircuitConfiguration.tiny.shape, store: InMemoryTreeStore())
        for index in 0..<KnownKeyRollup.accountCount { _ = try tree.update(UInt64(index), KnownKeyRollup.account(index).leaf) }
        precondition(tree.root == inputs["oldRoot"], "the batch does not start from the known-key genesis")
        for slot in 0..<slots {
            let prefix = "slot[\(slot)]."
            func field(_ name: String) -> Fr { result[prefix + name]! }
            func update(_ side: String, index: Fr, newLeaf: (_ x: Fr, _ y: Fr, _ balance: Fr, _ nonce: Fr) -> Fr?) throws {
                let (x, y, balance, nonce) = (field(side + "Ax"), field(side + "Ay"), field(side + "balance"), field(side + "nonce"))
                let oldLeaf = x.isZero ? Fr.zero : Poseidon.hash([x, y, balance, nonce])
                let proof = try tree.update(index.canonicalLimbs.l0, newLeaf(x, y, balance, nonce) ?? oldLeaf)
                for (level, siblings) in proof.siblings.enumerated() {
                    for (k, sibling) in siblings.enumerated() { result[prefix + side + "sibling[\(level)][\(k)]"] = sibling }
                }
            }
            let amount = field("amount"), signed = !field("isDeposit").isOne && !(field("isTransfer") + field("isWithdraw")).isZero
            try update("sender.", index: field("from")) { x, y, balance, nonce in
                signed ? Poseidon.hash([x, y, balance - amount, nonce + .one]) : nil
            }
            let credited = !(field("isDeposit") + field("isTransfer")).isZero
            try update("receiver.", index: field("to")) { x, y, balance, nonce in
                guard credited else { return nil }
                return x.isZero ? Poseidon.hash([field("depositAx"), field("depositAy"), balance + amount, nonce]) : Poseidon.hash([x, y, balance + amount, nonce])
            }
        }
        return result
    }

    private static func forgeries(of inputs: [String: Fr], slot: Int, slots: Int) throws -> [RuleForgery] {
        let prefix = "slot[\(slot)]."
        func field(_ name: String) -> Fr { inputs[prefix + name]! }
        let isDeposit = field("isDeposit").isOne, isTransfer = field("isTransfer").isOne, isWithdraw = field("isWithdraw").isOne
        var result: [RuleForgery] = []
        // `repathing`: the edit changes the slot's leaves, so the later slots' paths are re-derived.
        func forge(_ name: String, _ gadget: String, resigning: Bool = false, repathing: Bool = false, _ edit: (inout [String: Fr]) -> Void) throws {
            var forged = inputs
            edit(&forged)
            if resigning { resign(&forged, slot: slot) }
            if repathing { forged = try rederivingPaths(forged, slots: slots) }
            result.append(RuleForgery(name: name, slot: slot, gadget: gadget, inputs: forged))
        }
        let account = ["Ax", "Ay", "balance", "nonce"]
        let siblings = (0..<CircuitConfiguration.tiny.depth).flatMap { level in (0..<3).map { "sibling[\(level)][\($0)]" } }
        if isDeposit {
            // A deposit's sender side is a no-op under the same root, so the receiver's path is a valid one for it.
            try forge("a deposit with from = to and the receiver's path on the sender side", "unused/from") { forged in
                forged[prefix + "from"] = inputs[prefix + "to"]
                for name in account + siblings { forged[prefix + "sender." + name] = inputs[prefix + "receiver." + name] }
            }
        }
        if isWithdraw {
            // The receiver side of a withdrawal is a no-op after the debit: the debited sender is a valid account for it.
            try forge("a withdrawal with to = from and the debited sender on the receiver side", "unused/to", resigning: true) { forged in
                forged[prefix + "to"] = inputs[prefix + "from"]
                for name in ["Ax", "Ay"] + siblings { forged[prefix + "receiver." + name] = inputs[prefix + "sender." + name] }
                forged[prefix + "receiver.balance"] = inputs[prefix + "sender.balance"]! - inputs[prefix + "amount"]!
                forged[prefix + "receiver.nonce"] = inputs[prefix + "sender.nonce"]! + .one
            }
        }
        if isTransfer || isWithdraw {
            try forge("a nonce ahead of the account's, signed", "sender", resigning: true) { $0[prefix + "nonce"]! += .one }
            // [l − S]·B8 = −[S]·B8: the same y, the opposite x.
            try forge("the negated scalar l − S", "signature/eddsaPoseidon") { forged in
                forged[prefix + "S"] = Fr(reducing: BabyJub.subgroupOrder) - inputs[prefix + "S"]!
            }
            // [S + m·l]·B8 = [S]·B8: the one S + m·l in [2^k, 2^k + l) sets bit k (above l's top bit 250) and
            // leaves the 253 bits' other checks holding, so only "bit k = 0" of S < l rejects it.
            for bit in [251, 252] {
                try forge("the scalar S + m·l with bit \(bit) set, the other bits below l", "signature/eddsaPoseidon/bitsAtMost") { forged in
                    let l = BabyJub.subgroupOrder, S = inputs[prefix + "S"]!.bigInt
                    let m = ((BigInt(1) << bit) - S + l - BigInt(1)) / l
                    forged[prefix + "S"] = Fr(reducing: S + m * l)
                }
            }
            // R8 = [k]·B8 + (0, −1) and S = −(k + 8·H·a): [S]·B8 = −(R8 + [8H]·A) + (0, −1), the same x, the opposite y.
            try forge("a nonce point off the subgroup by (0, −1), with the scalar negated", "signature/eddsaPoseidon") { forged in
                resign(&forged, slot: slot, offset: KnownKeyRollup.orderTwo)
                forged[prefix + "S"] = Fr(reducing: BabyJub.subgroupOrder) - forged[prefix + "S"]!
            }
        }
        if isDeposit, field("receiver.Ax").isZero {
            try forge("a deposit creating an account under a key off the curve", "receiver", repathing: true) { $0[prefix + "depositAy"]! += .one }
        }
        if isTransfer {
            // Credited to an empty index, the amount would sit in a leaf under the key (0, 0), which no one can sign for.
            try forge("a transfer to the empty index 31", "receiver", resigning: true, repathing: true) { forged in
                forged[prefix + "to"] = Fr(31)
                for name in account { forged[prefix + "receiver." + name] = .zero }
            }
        }
        if isTransfer, field("to").isZero, field("amount").isZero {
            // Two kinds at once (active = 2): a transfer of 0 to index 0 also claiming to be a deposit of the receiver's own key.
            try forge("a zero transfer to index 0 that is also a deposit of the receiver's key", "boolean", resigning: true) { forged in
                forged[prefix + "isDeposit"] = .one
                forged[prefix + "depositAx"] = inputs[prefix + "receiver.Ax"]
                forged[prefix + "depositAy"] = inputs[prefix + "receiver.Ay"]
            }
        }
        if !isDeposit, !isTransfer, !isWithdraw {
            // Flags −1 and 1 keep each of signed, credited and active Boolean where one of them is not.
            try forge("an unused slot with isTransfer = −1, isWithdraw = 1", "boolean") { forged in
                forged[prefix + "isTransfer"] = -Fr.one
                forged[prefix + "isWithdraw"] = .one
            }
            try forge("an unused slot with isWithdraw = −1, isTransfer = 1", "boolean") { forged in
                forged[prefix + "isWithdraw"] = -Fr.one
                forged[prefix + "isTransfer"] = .one
            }
        }
        return result
    }

    /// Re-signs slot `slot` by the account holding its sender key, after its message fields changed,
    /// with the nonce point moved by `offset` (see `KnownKeyRollup.sign`).
    private static func resign(_ inputs: inout [String: Fr], slot: Int, offset: BabyJubPoint = .identity) {
        let prefix = "slot[\(slot)]."
        let flags = ["isDeposit", "isTransfer", "isWithdraw"].map { inputs[prefix + $0]! }
        let kind = flags[0] + Fr(2) * flags[1] + Fr(3) * flags[2]
        let message = Poseidon.hash([inputs["rollupId"]!, kind] + ["from", "to", "amount", "nonce", "recipient"].map { inputs[prefix + $0]! })
        guard let signer = KnownKeyRollup.signer(withKeyX: inputs[prefix + "sender.Ax"]!) else { preconditionFailure("slot \(slot) has no known signer") }
        let signature = KnownKeyRollup.sign(message, by: signer, nonce: BigInt(777_000 + slot), offset: offset)
        inputs[prefix + "R8x"] = signature.r8x
        inputs[prefix + "R8y"] = signature.r8y
        inputs[prefix + "S"] = signature.s
    }
}
