import BabyJubJub
import BN254
import Circuit
import Poseidon
import Rollup
import SparseMerkleTree
import Testing

// Forged witnesses of the tiny batch circuit, one place for all of them (issue 15, item 2). A
// forgery is what a malicious prover controls: every input, and every hint or product wire,
// which `generateWitness(inputs:holding:)` holds at a forged value while the rest is solved. For
// every rule of the native transition (`StateTransition.swift`) a forgery breaks only that rule
// and must first fail in that rule's gadget: an exact path, or for the Merkle gadget (whose
// internal names belong to `SparseMerkleTree`) the prefix "slot[i]/side/merkle". The boundary
// cases of the same rules must satisfy the circuit.

/// Where a forgery must first fail.
enum Gadget: CustomStringConvertible {
    /// Exactly this namespace path.
    case at(String)
    /// A path starting with this (non-empty) prefix.
    case under(String)

    func matches(_ path: String) -> Bool {
        switch self {
        case let .at(exact): path == exact
        case let .under(prefix): !prefix.isEmpty && path.hasPrefix(prefix)
        }
    }

    var description: String {
        switch self {
        case let .at(exact): "exactly \"\(exact)\""
        case let .under(prefix): "under \"\(prefix)\""
        }
    }
}

/// The first constraint of the tiny circuit that `inputs`, with `held` wires forged, violates.
func firstFailure(_ inputs: [String: Fr], holding held: [Variable: Fr] = [:]) throws -> UnsatisfiedConstraint? {
    try tinyCircuit.system.check(try tinyCircuit.system.generateWitness(inputs: inputs, holding: held))
}

/// Expects the forgery to fail first in `gadget`; returns the failure for further checks.
@discardableResult
func expectFailure(
    _ label: String, _ inputs: [String: Fr], holding held: [Variable: Fr] = [:], at gadget: Gadget,
    sourceLocation: SourceLocation = #_sourceLocation
) throws -> UnsatisfiedConstraint? {
    let failure = try firstFailure(inputs, holding: held)
    #expect(failure.map { gadget.matches($0.path) } == true,
            "\(label): \(failure?.description ?? "satisfied"), expected a failure \(gadget)", sourceLocation: sourceLocation)
    return failure
}

/// Re-signs slot 0 of `inputs` by `signer` after its message fields were changed, so that only
/// the rule under test is violated.
func resign(_ inputs: inout [String: Fr], generator: BatchGenerator, signer: Int) {
    let fields = ["isDeposit", "isTransfer", "isWithdraw"].map { inputs["slot[0]." + $0]! }
    let kind = fields[0] + Fr(2) * fields[1] + Fr(3) * fields[2]
    let message = Poseidon.hash([inputs["rollupId"]!, kind] + ["from", "to", "amount", "nonce", "recipient"].map { inputs["slot[0]." + $0]! })
    let signature = generator.privateKey(of: signer).signPoseidon(message)
    inputs["slot[0].R8x"] = signature.R8.x
    inputs["slot[0].R8y"] = signature.R8.y
    inputs["slot[0].S"] = signature.S
}

/// The computed wires created exactly under `path`, in allocation order.
func wires(at path: String) -> [Variable] { tinyCircuit.system.computedWires { $0 == path } }

/// The computed wires created under paths starting with `prefix`.
func wires(under prefix: String) -> [Variable] { tinyCircuit.system.computedWires { $0.hasPrefix(prefix) } }

/// The indices of the constraints recorded exactly under `path`.
func constraints(at path: String) -> [Int] {
    (0..<tinyCircuit.system.constraintCount).filter { tinyCircuit.system.path(ofConstraint: $0) == path }
}

/// `wires` held at the values they have in `witness`: a prover reusing part of another witness.
func held(_ wires: [Variable], from witness: Witness) -> [Variable: Fr] {
    Dictionary(uniqueKeysWithValues: wires.map { ($0, tinyCircuit.system.value(of: $0, in: witness)) })
}

/// `wires` held at `value`.
func held(_ wires: [Variable], at value: Fr) -> [Variable: Fr] {
    Dictionary(uniqueKeysWithValues: wires.map { ($0, value) })
}

/// The number of indices of the tiny circuit's tree (4^depth): the first index out of range.
let tinyCapacity = CircuitConfiguration.tiny.capacity
/// The tiny tree's last index.
let lastIndex = tinyCapacity - 1

/// 2^k as a field element.
func powerOfTwo(_ k: Int) -> Fr { maxValue(bits: k) + .one }

/// The inputs of `transactions` applied as batch 1 to `state`; they must satisfy the circuit.
func validInputs(_ transactions: [Transaction], on state: RollupState<InMemoryTreeStore>) throws -> [String: Fr] {
    let applied = try state.apply(Batch(number: 1, previousRoot: state.root, transactions: transactions), slots: 2)
    let inputs = try tinyCircuit.inputs(for: applied)
    let failure = try firstFailure(inputs)
    try #require(failure == nil, "the unforged batch fails: \(failure!)")
    return inputs
}

/// The rollup's tiny test generator and the inputs of `transactions` applied to its fresh genesis
/// (8 accounts of 10^9 at indices 0…7).
func forgeryBase(_ transactions: (BatchGenerator) -> [Transaction]) throws -> (BatchGenerator, [String: Fr]) {
    let (generator, _) = try generated(batches: 0)
    return (generator, try validInputs(transactions(generator), on: try freshState(generator)))
}

/// A genesis at the 128-bit limit: key 0 at index 0 with 2^127, key 1 at the last index with 2^127 − 1
/// (the supply is 2^128 − 1, the most a genesis can hold).
func limitState(_ generator: BatchGenerator) throws -> RollupState<InMemoryTreeStore> {
    let state = try RollupState(shape: CircuitConfiguration.tiny.shape, store: InMemoryTreeStore())
    let half = UInt128(1) << 127
    try state.applyGenesis(Genesis(rollupId: generator.rollupId, accounts: [
        (0, Account(publicKey: BatchGenerator.testPublicKey(generator.privateKey(of: 0)), balance: half, nonce: 0)),
        (lastIndex, Account(publicKey: BatchGenerator.testPublicKey(generator.privateKey(of: 1)), balance: half - 1, nonce: 0)),
    ]))
    return state
}

@Suite("Forged witnesses of the batch circuit")
struct ForgeryTests {
    // MARK: Signatures

    @Test func signatures() throws {
        let (_, valid) = try forgeryBase { [signed($0, .transfer(from: 0, to: 1, amount: 5, nonce: 0, signature: .unsigned), by: 0)] }
        let honest = try tinyCircuit.system.generateWitness(inputs: valid)
        try expectFailure("bad-signature: S + 1", valid.merging(["slot[0].S": valid["slot[0].S"]! + .one]) { $1 },
                          at: .at("slot[0]/signature/eddsaPoseidon"))
        // The rollup id is the domain tag: the same signature does not verify for another deployment.
        try expectFailure("bad-signature: another rollup id", valid.merging(["rollupId": Fr(2)]) { $1 }, at: .at("slot[0]/signature/eddsaPoseidon"))
        // S + l is the same scalar mod l (a malleated signature): refused by S < l; with the bits of
        // S held instead, the bits no longer add up to S + l.
        let order = Fr(reducing: BabyJub.subgroupOrder)
        var malleated = valid
        malleated["slot[0].S"]! += order
        try expectFailure("bad-signature: S + l", malleated, at: .at("slot[0]/signature/eddsaPoseidon/bitsAtMost"))
        let scalarBits = wires(at: "slot[0]/signature/eddsaPoseidon/toBits")
        #expect(scalarBits.count == 253)
        try expectFailure("bad-signature: S + l with the bits of S", malleated, holding: held(scalarBits, from: honest),
                          at: .at("slot[0]/signature/eddsaPoseidon/toBits"))
        // Another amount under the old signature, with the bits of the old message hash held: the scalar
        // multiplication then matches the signature, and the hash's strict decomposition fails.
        var changed = valid
        changed["slot[0].amount"] = Fr(6)
        try expectFailure("bad-signature: another amount", changed, at: .at("slot[0]/signature/eddsaPoseidon"))
        let hashBits = wires(at: "slot[0]/signature/eddsaPoseidon/toBitsStrict")
        #expect(hashBits.count == 254)
        try expectFailure("bad-signature: another amount with the old hash bits", changed, holding: held(hashBits, from: honest),
                          at: .at("slot[0]/signature/eddsaPoseidon/toBitsStrict"))
    }

    // MARK: Sender: existence, nonce, balance, index

    @Test func senderRules() throws {
        let (generator, valid) = try forgeryBase { [signed($0, .transfer(from: 1, to: 2, amount: 5, nonce: 0, signature: .unsigned), by: 1)] }
        let honest = try tinyCircuit.system.generateWitness(inputs: valid)
        var replay = valid
        replay["slot[0].nonce"] = Fr(4)
        resign(&replay, generator: generator, signer: 1)
        try expectFailure("nonce-mismatch", replay, at: .at("slot[0]/sender"))

        var overdraft = valid
        overdraft["slot[0].amount"] = overdraft["slot[0].sender.balance"]! + .one
        resign(&overdraft, generator: generator, signer: 1)
        try expectFailure("insufficient-balance", overdraft, at: .at("slot[0]/sender/balance/toBits"))
        // The debited balance is −1: no 128 bits add up to it, not even all ones.
        try expectFailure("insufficient-balance with the bits of 2^128 − 1", overdraft,
                          holding: held(wires(at: "slot[0]/sender/balance/toBits"), at: .one), at: .at("slot[0]/sender/balance/toBits"))

        // An empty sender index: Ax = 0 makes the account empty, and an empty account cannot sign.
        var unknown = valid
        for field in ["Ax", "Ay", "balance", "nonce"] { unknown["slot[0].sender." + field] = .zero }
        try expectFailure("unknown-sender", unknown, at: .at("slot[0]/sender"))
        // Claiming it is not empty forges IsZero's output: x·inv = 1 − out fails at x = 0 whatever inv is.
        let isZeroWires = wires(at: "slot[0]/isZero")  // sender inverse, sender out, receiver inverse, receiver out
        #expect(isZeroWires.count == 4)
        #expect(tinyCircuit.system.value(of: isZeroWires[0], in: honest) == valid["slot[0].sender.Ax"]!.inverse())
        for inverse in [Fr.zero, .one, Fr(77)] {
            let failure = try expectFailure("unknown-sender claimed present", unknown, holding: [isZeroWires[0]: inverse, isZeroWires[1]: .zero],
                                            at: .at("slot[0]/isZero"))
            #expect(failure?.index == constraints(at: "slot[0]/isZero")[0])
        }

        // The path bits pin the updated leaf to `from`: the message says from = 0 while the leaf updated
        // is account 1's (signed by key 1). Honestly solved, the bits of 0 miss the old root; with the
        // whole Merkle gadget of the valid witness held (the bits of 1), the bits no longer add up to 0.
        var elsewhere = valid
        elsewhere["slot[0].from"] = .zero
        resign(&elsewhere, generator: generator, signer: 1)
        let missedRoot = try expectFailure("path bits: from = 0 over index 1", elsewhere, at: .under("slot[0]/sender/merkle"))
        let forgedBits = try expectFailure("path bits of 1 held for from = 0", elsewhere, holding: held(wires(under: "slot[0]/sender/merkle"), from: honest),
                                           at: .under("slot[0]/sender/merkle"))
        #expect(try #require(forgedBits).index < #require(missedRoot).index, "the decomposition precedes the root check")

        // index-out-of-range: from = capacity + 1 aliases index 1 in the path bits, and they are those of 1.
        var outOfRange = valid
        outOfRange["slot[0].from"] = Fr(tinyCapacity + 1)
        resign(&outOfRange, generator: generator, signer: 1)
        try expectFailure("index-out-of-range: from = capacity + 1", outOfRange, at: .under("slot[0]/sender/merkle"))
        var receiverOutOfRange = valid
        receiverOutOfRange["slot[0].to"] = Fr(tinyCapacity + 2)
        resign(&receiverOutOfRange, generator: generator, signer: 1)
        try expectFailure("index-out-of-range: to = capacity + 2", receiverOutOfRange, at: .under("slot[0]/receiver/merkle"))

        // The old root is the public input the first update starts from.
        try expectFailure("a wrong old root", valid.merging(["oldRoot": valid["oldRoot"]! + .one]) { $1 }, at: .under("slot[0]/sender/merkle"))
    }

    // MARK: Receiver: existence, empty indices, credit overflow

    @Test func receiverRules() throws {
        let (_, valid) = try forgeryBase { [signed($0, .transfer(from: 0, to: 1, amount: 5, nonce: 0, signature: .unsigned), by: 0)] }
        let isZeroWires = wires(at: "slot[0]/isZero")
        let receiverIsZero = constraints(at: "slot[0]/isZero")[2]
        var toEmpty = valid
        for field in ["Ax", "Ay", "balance", "nonce"] { toEmpty["slot[0].receiver." + field] = .zero }
        try expectFailure("unknown-receiver", toEmpty, at: .at("slot[0]/receiver"))
        let claimedPresent = try expectFailure("unknown-receiver claimed present", toEmpty, holding: [isZeroWires[2]: Fr(5), isZeroWires[3]: .zero],
                                               at: .at("slot[0]/isZero"))
        #expect(claimedPresent?.index == receiverIsZero)

        // An empty index (Ax = 0) must hold zeros: it cannot bring a balance into the state.
        var emptyWithBalance = valid
        emptyWithBalance["slot[0].receiver.Ax"] = .zero
        try expectFailure("an empty index with a balance", emptyWithBalance, at: .at("slot[0]"))
        let notEmpty = try expectFailure("an empty index with a balance claimed present", emptyWithBalance,
                                         holding: [isZeroWires[2]: .one, isZeroWires[3]: .zero], at: .at("slot[0]/isZero"))
        #expect(notEmpty?.index == receiverIsZero)

        // A credit is range-checked: with the inputs of an overflowing receiver, and with all-ones bits held.
        var overflow = valid
        overflow["slot[0].receiver.balance"] = Fr(UInt128.max)
        try expectFailure("balance-overflow (receiver balance forged)", overflow, at: .at("slot[0]/receiver/balance/toBits"))
        try expectFailure("balance-overflow with the bits of 2^128 − 1", overflow, holding: held(wires(at: "slot[0]/receiver/balance/toBits"), at: .one),
                          at: .at("slot[0]/receiver/balance/toBits"))
    }

    /// A real credit overflow, from a state at the 128-bit limit: the last index holds 2^127 after a
    /// deposit of 1, so a transfer of 2^127 from account 0 would reach 2^128.
    @Test func creditOverflow() throws {
        let (generator, _) = try generated(batches: 0)
        let state = try limitState(generator)
        try state.apply(Batch(number: 1, previousRoot: state.root, transactions: [
            .deposit(to: lastIndex, publicKey: BatchGenerator.testPublicKey(generator.privateKey(of: 1)), amount: 1)]), slots: 2)
        let overflowing = signed(generator, .transfer(from: 0, to: lastIndex, amount: UInt128(1) << 127, nonce: 0, signature: .unsigned), by: 0)
        let rejection = #expect(throws: BatchRejection.self) { try state.apply(Batch(number: 2, previousRoot: state.root, transactions: [overflowing]), slots: 2) }
        #expect(rejection?.reasons.map(\.code) == ["balance-overflow"])
        // One less is the boundary (the last index reaches 2^128 − 1); the forgery then adds 1 to the amount and re-signs.
        let fitting = signed(generator, .transfer(from: 0, to: lastIndex, amount: (UInt128(1) << 127) - 1, nonce: 0, signature: .unsigned), by: 0)
        let applied = try state.apply(Batch(number: 3, previousRoot: state.root, transactions: [fitting]), slots: 2)
        var inputs = try tinyCircuit.inputs(for: applied)
        #expect(try firstFailure(inputs) == nil)
        inputs["slot[0].amount"] = powerOfTwo(127)
        resign(&inputs, generator: generator, signer: 0)
        try expectFailure("balance-overflow: 2^127 + 2^127", inputs, at: .at("slot[0]/receiver/balance/toBits"))
    }

    // MARK: Deposits: zero fields, keys, occupied indices, overflow

    @Test func deposits() throws {
        let (generator, _) = try generated(batches: 0)
        let key = BatchGenerator.testPublicKey(generator.privateKey(of: 30))
        let valid = try validInputs([.deposit(to: 30, publicKey: key, amount: 9)], on: try freshState(generator))
        let honest = try tinyCircuit.system.generateWitness(inputs: valid)
        // invalid-public-key: Ax = 0 (it would read as an empty index), whatever inverse the prover holds.
        var zeroKey = valid
        zeroKey["slot[0].depositAx"] = .zero
        try expectFailure("invalid-public-key: Ax = 0", zeroKey, at: .at("slot[0]/receiver"))
        let receiverWires = wires(at: "slot[0]/receiver")
        let keyInverse = try #require(receiverWires.first { tinyCircuit.system.value(of: $0, in: honest) == key.x.inverse() })
        for inverse in [Fr.zero, .one, key.x.inverse()!] {
            try expectFailure("invalid-public-key: Ax = 0 with a forged inverse", zeroKey, holding: [keyInverse: inverse], at: .at("slot[0]/receiver"))
        }
        var offCurve = valid
        offCurve["slot[0].depositAy"]! += .one
        try expectFailure("invalid-public-key: off the curve", offCurve, at: .at("slot[0]/receiver"))

        // index-occupied: topping up index 2 with another key; claiming the index empty forges IsZero.
        let other = try freshState(generator).account(at: 2)!
        var occupied = valid
        occupied["slot[0].receiver.Ax"] = other.publicKey.x
        occupied["slot[0].receiver.Ay"] = other.publicKey.y
        occupied["slot[0].receiver.balance"] = Fr(other.balance)
        try expectFailure("index-occupied", occupied, at: .at("slot[0]/receiver"))
        let isZeroWires = wires(at: "slot[0]/isZero")
        let claimedEmpty = try expectFailure("index-occupied claimed empty", occupied, holding: [isZeroWires[2]: .zero, isZeroWires[3]: .one],
                                             at: .at("slot[0]/isZero"))
        #expect(claimedEmpty?.index == constraints(at: "slot[0]/isZero")[3])

        // index-out-of-range: to = capacity + 30 aliases 30.
        var outOfRange = valid
        outOfRange["slot[0].to"] = Fr(tinyCapacity + 30)
        try expectFailure("index-out-of-range: deposit to capacity + 30", outOfRange, at: .under("slot[0]/receiver/merkle"))

        // The deposit is the one the L1 queue holds: its key is published. −P is a valid key with the
        // same Ay, so only the published data (word 1 is Ax) tells them apart. (In the last slot, so that
        // no later slot's Merkle path notices the changed root first.)
        var negated = try validInputs([
            signed(generator, .transfer(from: 0, to: 1, amount: 5, nonce: 0, signature: .unsigned), by: 0),
            .deposit(to: 30, publicKey: key, amount: 9),
        ], on: try freshState(generator))
        negated["slot[1].depositAx"] = -negated["slot[1].depositAx"]!
        try expectFailure("another deposit key than the queue's", negated, at: .at("commitment/dataHash"))
    }

    /// balance-overflow of a deposit: topping up the last index (2^127 − 1) by 2^127 reaches 2^128 − 1, one more overflows.
    @Test func depositOverflow() throws {
        let (generator, _) = try generated(batches: 0)
        let key = BatchGenerator.testPublicKey(generator.privateKey(of: 1))
        let state = try limitState(generator)
        let rejection = #expect(throws: BatchRejection.self) {
            try state.apply(Batch(number: 1, previousRoot: state.root, transactions: [.deposit(to: lastIndex, publicKey: key, amount: (UInt128(1) << 127) + 1)]), slots: 2)
        }
        #expect(rejection?.reasons.map(\.code) == ["balance-overflow"])
        var inputs = try validInputs([.deposit(to: lastIndex, publicKey: key, amount: UInt128(1) << 127)], on: state)
        inputs["slot[0].amount"]! += .one
        try expectFailure("balance-overflow: deposit", inputs, at: .at("slot[0]/receiver/balance/toBits"))
        try expectFailure("balance-overflow: deposit with the bits of 2^128 − 1", inputs,
                          holding: held(wires(at: "slot[0]/receiver/balance/toBits"), at: .one), at: .at("slot[0]/receiver/balance/toBits"))
    }

    // MARK: Withdrawals

    /// A withdrawal's recipient is signed, published and below 2^160; its `to` is 0; it credits nobody.
    @Test func withdrawals() throws {
        let (generator, valid) = try forgeryBase {
            [signed($0, .withdraw(from: 0, amount: 5, nonce: 0, recipient: testRecipient, signature: .unsigned), by: 0)]
        }
        var redirected = valid
        redirected["slot[0].recipient"] = Fr(0xB2)
        try expectFailure("bad-signature: a redirected withdrawal", redirected, at: .at("slot[0]/signature/eddsaPoseidon"))
        var wide = valid
        wide["slot[0].recipient"] = powerOfTwo(167)
        resign(&wide, generator: generator, signer: 0)
        try expectFailure("a recipient of 2^167", wide, at: .at("slot[0]/record/recipient/toBits"))
        var withTo = valid
        withTo["slot[0].to"] = Fr(1)
        resign(&withTo, generator: generator, signer: 0)
        try expectFailure("a withdrawal with a to", withTo, at: .at("slot[0]/unused/to"))
        var overdraft = valid
        overdraft["slot[0].amount"] = overdraft["slot[0].sender.balance"]! + .one
        resign(&overdraft, generator: generator, signer: 0)
        try expectFailure("insufficient-balance: withdrawal", overdraft, at: .at("slot[0]/sender/balance/toBits"))
        // The receiver side credits credited·amount; forging that product to the amount (value sent
        // both to L1 and to the receiver) fails at the product. It is found in a transfer, where it is the amount.
        let transfer = try forgeryBase { [signed($0, .transfer(from: 0, to: 1, amount: 5, nonce: 0, signature: .unsigned), by: 0)] }.1
        let transferWitness = try tinyCircuit.system.generateWitness(inputs: transfer)
        let credit = try #require(wires(at: "slot[0]/receiver").first { tinyCircuit.system.value(of: $0, in: transferWitness) == Fr(5) })
        try expectFailure("a withdrawal that also credits", valid, holding: [credit: Fr(5)], at: .at("slot[0]/receiver"))
    }

    // MARK: Self-transfers

    @Test func selfTransfers() throws {
        let (generator, valid) = try forgeryBase { [signed($0, .transfer(from: 2, to: 2, amount: 100, nonce: 0, signature: .unsigned), by: 2)] }
        // The receiver side must read the account after the debit: crediting the stale account (the
        // balance before the debit) would mint the amount. Same index, same siblings, another old root.
        var stale = valid
        #expect(stale["slot[0].receiver.sibling[0][0]"] == stale["slot[0].sender.sibling[0][0]"])
        stale["slot[0].receiver.balance"] = stale["slot[0].sender.balance"]
        stale["slot[0].receiver.nonce"] = stale["slot[0].sender.nonce"]
        try expectFailure("a self-transfer crediting the stale account", stale, at: .under("slot[0]/receiver/merkle"))
        var overdraft = valid
        overdraft["slot[0].amount"] = overdraft["slot[0].sender.balance"]! + .one
        resign(&overdraft, generator: generator, signer: 2)
        try expectFailure("insufficient-balance: self-transfer", overdraft, at: .at("slot[0]/sender/balance/toBits"))
    }

    // MARK: Zero fields of each kind, kind flags, amounts

    /// Every field a kind does not use is 0, each forged alone (re-signed when it is in the message).
    @Test func zeroFieldsOfEachKind() throws {
        let (generator, _) = try generated(batches: 0)
        let depositKey = BatchGenerator.testPublicKey(generator.privateKey(of: 30))
        let kinds: [(String, [Transaction], [(field: String, gadget: String)])] = [
            ("deposit", [.deposit(to: 30, publicKey: depositKey, amount: 9)],
             [("from", "from"), ("nonce", "nonce"), ("recipient", "recipient"), ("R8x", "signature"), ("R8y", "signature"), ("S", "signature")]),
            ("transfer", [signed(generator, .transfer(from: 0, to: 1, amount: 5, nonce: 0, signature: .unsigned), by: 0)],
             [("recipient", "recipient"), ("depositAx", "depositKey"), ("depositAy", "depositKey")]),
            ("withdrawal", [signed(generator, .withdraw(from: 0, amount: 5, nonce: 0, recipient: testRecipient, signature: .unsigned), by: 0)],
             [("to", "to"), ("depositAx", "depositKey"), ("depositAy", "depositKey")]),
        ]
        let signedFields: Set = ["from", "to", "amount", "nonce", "recipient"]
        for (kind, transactions, fields) in kinds {
            let valid = try validInputs(transactions, on: try freshState(generator))
            for (field, gadget) in fields {
                var forged = valid
                forged["slot[0]." + field] = Fr(3)
                if kind != "deposit", signedFields.contains(field) { resign(&forged, generator: generator, signer: 0) }
                try expectFailure("a \(kind) with a \(field)", forged, at: .at("slot[0]/unused/" + gadget))
            }
            // Slot 1 is unused in each: every one of its fields is 0.
            let unusedFields = [("from", "from"), ("to", "to"), ("amount", "amount"), ("nonce", "nonce"), ("recipient", "recipient"),
                                ("depositAx", "depositKey"), ("depositAy", "depositKey"), ("R8x", "signature"), ("R8y", "signature"), ("S", "signature")]
            for (field, gadget) in unusedFields {
                try expectFailure("an unused slot with a \(field) (beside a \(kind))", valid.merging(["slot[1]." + field: Fr(3)]) { $1 },
                                  at: .at("slot[1]/unused/" + gadget))
            }
        }
    }

    @Test func kindFlagsAndAmounts() throws {
        let (generator, valid) = try forgeryBase { [signed($0, .transfer(from: 0, to: 1, amount: 5, nonce: 0, signature: .unsigned), by: 0)] }
        try expectFailure("two kinds at once", valid.merging(["slot[0].isDeposit": .one]) { $1 }, at: .at("slot[0]/boolean"))
        try expectFailure("a kind flag of 2", valid.merging(["slot[0].isTransfer": Fr(2)]) { $1 }, at: .at("slot[0]/boolean"))
        // A "negative" amount r − 1 would pass both balance checks and move value backwards.
        var negative = valid
        negative["slot[0].amount"] = -Fr.one
        resign(&negative, generator: generator, signer: 0)
        try expectFailure("an amount not below 2^128", negative, at: .at("slot[0]/amount/toBits"))
        let amountBits = wires(at: "slot[0]/amount/toBits")
        var bitsOfOne = held(amountBits, at: .zero)
        bitsOfOne[amountBits[0]] = .one
        try expectFailure("an amount not below 2^128 with the bits of 1", negative, holding: bitsOfOne, at: .at("slot[0]/amount/toBits"))
    }

    // MARK: Header, data commitment, new root

    @Test func headerCommitmentAndRoots() throws {
        let (_, valid) = try forgeryBase { [signed($0, .transfer(from: 0, to: 1, amount: 5, nonce: 0, signature: .unsigned), by: 0)] }
        // The header rollupId·2^64 + batch needs both below 2^64: else another rollup id hides in the same header.
        var borrowed = valid
        borrowed["rollupId"]! -= .one
        borrowed["batch"]! += powerOfTwo(64)
        try expectFailure("a rollup id borrowed from the batch number", borrowed, at: .at("header/toBits"))
        try expectFailure("a rollup id of 2^64", valid.merging(["rollupId": powerOfTwo(64)]) { $1 }, at: .at("header/toBits"))
        // The public input binds the records: a batch number that is not the one hashed fails the commitment.
        try expectFailure("published data of another batch", valid.merging(["batch": Fr(2)]) { $1 }, at: .at("commitment/dataHash"))
        try expectFailure("a wrong data hash", valid.merging(["dataHash": valid["dataHash"]! + .one]) { $1 }, at: .at("commitment/dataHash"))
        try expectFailure("a wrong challenge", valid.merging(["challenge": valid["challenge"]! + .one]) { $1 }, at: .at("commitment/evaluation"))
        let evaluation = valid.merging(["evaluation": valid["evaluation"]! + .one]) { $1 }
        let wrongEvaluation = try expectFailure("a wrong evaluation", evaluation, at: .at("commitment/evaluation"))
        // Holding the last Horner product one higher meets the forged evaluation; the product's own constraint fails.
        let horner = wires(at: "commitment/evaluation")
        #expect(horner.count == 6)  // header + 2 slots × 3 elements: 7 elements, 6 products
        let honest = try tinyCircuit.system.generateWitness(inputs: valid)
        let lastProduct = try #require(horner.last)
        let heldProduct = try expectFailure("a wrong evaluation with the last product forged", evaluation,
                                            holding: [lastProduct: tinyCircuit.system.value(of: lastProduct, in: honest) + .one],
                                            at: .at("commitment/evaluation"))
        #expect(try #require(heldProduct).index < #require(wrongEvaluation).index, "the product, not the final equality, fails")
        try expectFailure("a wrong new root", valid.merging(["newRoot": valid["newRoot"]! + .one]) { $1 }, at: .at("newRoot"))
    }

    // MARK: Boundaries that must pass

    @Test func boundariesSatisfyTheCircuit() throws {
        let (generator, _) = try generated(batches: 0)
        // 2^128 − 1 by a transfer into the last index, which debits account 0 to exactly 0.
        _ = try validInputs([signed(generator, .transfer(from: 0, to: lastIndex, amount: UInt128(1) << 127, nonce: 0, signature: .unsigned), by: 0)],
                            on: try limitState(generator))
        // 2^128 − 1 by a deposit topping up the last index.
        _ = try validInputs([.deposit(to: lastIndex, publicKey: BatchGenerator.testPublicKey(generator.privateKey(of: 1)), amount: UInt128(1) << 127)],
                            on: try limitState(generator))
        // A withdrawal of the whole balance of the last index.
        _ = try validInputs([signed(generator, .withdraw(from: lastIndex, amount: (UInt128(1) << 127) - 1, nonce: 0, recipient: testRecipient, signature: .unsigned), by: 1)],
                            on: try limitState(generator))
        // A debit to exactly 0 between ordinary accounts, and a self-transfer of the whole balance.
        _ = try validInputs([signed(generator, .transfer(from: 3, to: 4, amount: 1_000_000_000, nonce: 0, signature: .unsigned), by: 3),
                             signed(generator, .transfer(from: 5, to: 5, amount: 1_000_000_000, nonce: 0, signature: .unsigned), by: 5)],
                            on: try freshState(generator))
        // A deposit creating the last index, then a transfer from it back to index 0.
        let state = try freshState(generator)
        _ = try validInputs([.deposit(to: lastIndex, publicKey: BatchGenerator.testPublicKey(generator.privateKey(of: 30)), amount: 9)], on: state)
        let fromLast = try state.apply(Batch(number: 2, previousRoot: state.root, transactions: [
            signed(generator, .transfer(from: lastIndex, to: 0, amount: 9, nonce: 0, signature: .unsigned), by: 30)]), slots: 2)
        #expect(try firstFailure(try tinyCircuit.inputs(for: fromLast)) == nil)
        // An empty batch: both slots unused.
        let empty = try validInputs([], on: try freshState(generator))
        #expect(empty["slot[0].isTransfer"] == .zero && empty["slot[1].isDeposit"] == .zero)
    }
}
