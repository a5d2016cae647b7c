import BabyJubJub
import BN254
import Foundation
import Rollup
import SparseMerkleTree
import Testing

/// A generator over the tiny circuit with 8 accounts and its first batches.
func generated(batches: Int, transactions: Int = 2, seed: UInt64 = 1) throws -> (BatchGenerator, [Batch]) {
    var generator = try BatchGenerator(configuration: .tiny, accountCount: 8, seed: seed)
    var list: [Batch] = []
    for _ in 0..<batches { list.append(try generator.nextBatch(transactions: transactions)) }
    return (generator, list)
}

/// A fresh in-memory state holding the generator's genesis.
func freshState(_ generator: BatchGenerator) throws -> RollupState<InMemoryTreeStore> {
    let state = try RollupState(shape: CircuitConfiguration.tiny.shape, store: InMemoryTreeStore())
    try state.applyGenesis(generator.genesis)
    return state
}

func signed(_ generator: BatchGenerator, _ transaction: Transaction, by index: Int) -> Transaction {
    generator.sign(transaction, by: index)
}

/// An L1 address for withdrawals in tests.
let testRecipient = L1Address(hex: "0x00000000000000000000000000000000000000a1")!

@Suite("Native state transition")
struct StateTransitionTests {
    @Test func replayingGeneratedBatchesReachesTheSameRoots() throws {
        let (generator, batches) = try generated(batches: 6)
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("rollup-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("state.sqlite").path
        do {
            let state = try RollupState(shape: .quaternary(depth: 3), store: try SQLiteTreeStore(path: path, shape: .quaternary(depth: 3)))
            try state.applyGenesis(generator.genesis)
            for batch in batches {
                let applied = try state.apply(batch, slots: 2)
                #expect(applied.oldRoot == batch.previousRoot)
                #expect(applied.slots.count == 2)
            }
            #expect(state.root == generator.root)
        }
        // Reopened: same root, same accounts, same batch counter.
        let reopened = try RollupState(shape: .quaternary(depth: 3), store: try SQLiteTreeStore(path: path, shape: .quaternary(depth: 3)))
        #expect(reopened.root == generator.root)
        #expect(try reopened.lastExecutedBatch() == 6)
        #expect(try reopened.account(at: 0) != nil)
    }

    /// One batch per rejection rule; each is refused with its code and the state is untouched.
    @Test func everyRuleRejectsAndLeavesTheStateUntouched() throws {
        let (generator, _) = try generated(batches: 0)
        let state = try freshState(generator)
        let root = state.root
        let sender = try state.account(at: 0)!
        let key1 = try state.account(at: 1)!.publicKey
        let good = signed(generator, .transfer(from: 0, to: 1, amount: 5, nonce: 0, signature: .unsigned), by: 0)
        let cases: [(String, Batch)] = [
            ("bad-signature", Batch(number: 1, previousRoot: root, transactions: [
                signed(generator, .transfer(from: 0, to: 1, amount: 5, nonce: 0, signature: .unsigned), by: 1)])),
            ("nonce-mismatch", Batch(number: 1, previousRoot: root, transactions: [
                signed(generator, .transfer(from: 0, to: 1, amount: 5, nonce: 3, signature: .unsigned), by: 0)])),
            ("insufficient-balance", Batch(number: 1, previousRoot: root, transactions: [
                signed(generator, .withdraw(from: 0, amount: sender.balance + 1, nonce: 0, recipient: testRecipient, signature: .unsigned), by: 0)])),
            ("unknown-sender", Batch(number: 1, previousRoot: root, transactions: [
                signed(generator, .transfer(from: 40, to: 1, amount: 5, nonce: 0, signature: .unsigned), by: 0)])),
            ("unknown-receiver", Batch(number: 1, previousRoot: root, transactions: [
                signed(generator, .transfer(from: 0, to: 40, amount: 5, nonce: 0, signature: .unsigned), by: 0)])),
            ("index-occupied", Batch(number: 1, previousRoot: root, transactions: [.deposit(to: 0, publicKey: key1, amount: 5)])),
            ("invalid-public-key", Batch(number: 1, previousRoot: root, transactions: [
                .deposit(to: 40, publicKey: PublicKey(x: Fr(1), y: Fr(2)), amount: 5)])),
            // G has order 8·l: on the curve, Ax ≠ 0, but outside the prime-order subgroup (as genesis refuses).
            ("invalid-public-key", Batch(number: 1, previousRoot: root, transactions: [
                .deposit(to: 40, publicKey: PublicKey(x: BabyJub.generator.x, y: BabyJub.generator.y), amount: 5)])),
            ("balance-overflow", Batch(number: 1, previousRoot: root, transactions: [.deposit(to: 1, publicKey: key1, amount: UInt128.max)])),
            ("index-out-of-range", Batch(number: 1, previousRoot: root, transactions: [.deposit(to: 64, publicKey: key1, amount: 5)])),
            ("batch-number", Batch(number: 0, previousRoot: root, transactions: [good])),
            ("previous-root", Batch(number: 1, previousRoot: Fr(7), transactions: [good])),
            ("too-many-transactions", Batch(number: 1, previousRoot: root, transactions: [good, good, good])),
        ]
        for (code, batch) in cases {
            let error = #expect(throws: BatchRejection.self, "\(code)") { try state.apply(batch, slots: 2) }
            #expect(error?.reasons.contains { $0.code == code } == true, "\(code): \(String(describing: error))")
            let last = try state.lastExecutedBatch()
            #expect(state.root == root && last == 0, "\(code) changed the state")
        }
    }

    /// The rollup id is the signatures' domain tag: a transfer signed for rollup 1 is refused by rollup 2,
    /// and a withdrawal's recipient is signed too.
    @Test func signaturesAreBoundToTheRollupIdAndTheRecipient() throws {
        let (generator, _) = try generated(batches: 0)
        var otherGenesis = generator.genesis
        otherGenesis.rollupId = 2
        let other = try RollupState(shape: CircuitConfiguration.tiny.shape, store: InMemoryTreeStore())
        try other.applyGenesis(otherGenesis)
        let transfer = signed(generator, .transfer(from: 0, to: 1, amount: 5, nonce: 0, signature: .unsigned), by: 0)
        let replay = #expect(throws: BatchRejection.self) { try other.apply(Batch(number: 1, previousRoot: other.root, transactions: [transfer]), slots: 2) }
        #expect(replay?.reasons.map(\.code) == ["bad-signature"])
        let state = try freshState(generator)
        guard case let .withdraw(from, amount, nonce, _, signature) = signed(
            generator, .withdraw(from: 0, amount: 5, nonce: 0, recipient: testRecipient, signature: .unsigned), by: 0) else { return }
        let redirected = Transaction.withdraw(from: from, amount: amount, nonce: nonce, recipient: L1Address(hex: "0x" + String(repeating: "b", count: 40))!,
                                              signature: signature)
        let error = #expect(throws: BatchRejection.self) { try state.apply(Batch(number: 1, previousRoot: state.root, transactions: [redirected]), slots: 2) }
        #expect(error?.reasons.map(\.code) == ["bad-signature"])
        let valid = Transaction.withdraw(from: from, amount: amount, nonce: nonce, recipient: testRecipient, signature: signature)
        let applied = try state.apply(Batch(number: 1, previousRoot: state.root, transactions: [valid]), slots: 2)
        #expect(applied.exits == [Exit(index: 0, amount: 5, recipient: testRecipient)])
    }

    @Test func aRejectedBatchListsEveryReason() throws {
        let (generator, _) = try generated(batches: 0)
        let state = try freshState(generator)
        let batch = Batch(number: 1, previousRoot: state.root, transactions: [
            signed(generator, .transfer(from: 0, to: 1, amount: 5, nonce: 9, signature: .unsigned), by: 0),
            signed(generator, .transfer(from: 2, to: 1, amount: 5, nonce: 0, signature: .unsigned), by: 3),
        ])
        let error = #expect(throws: BatchRejection.self) { try state.apply(batch, slots: 2) }
        #expect(error?.reasons.map(\.code) == ["nonce-mismatch", "bad-signature"])
        #expect(error?.reasons.map(\.transaction) == [0, 1])
    }

    @Test func selfTransfersAndDepositsThatCreateAccounts() throws {
        let (generator, _) = try generated(batches: 0)
        let state = try freshState(generator)
        let newKey = BatchGenerator.testPublicKey(generator.privateKey(of: 20))
        let batch = Batch(number: 1, previousRoot: state.root, transactions: [
            signed(generator, .transfer(from: 3, to: 3, amount: 7, nonce: 0, signature: .unsigned), by: 3),
            .deposit(to: 20, publicKey: newKey, amount: 99),
        ])
        let applied = try state.apply(batch, slots: 2)
        #expect(try state.account(at: 3)?.nonce == 1)
        #expect(try state.account(at: 20) == Account(publicKey: newKey, balance: 99, nonce: 0))
        #expect(applied.newRoot == state.root)
    }
}

@Suite("Batch files")
struct BatchFileTests {
    @Test func roundTrip() throws {
        let (generator, batches) = try generated(batches: 3)
        for batch in batches {
            #expect(try Batch(json: Data(batch.json.utf8), file: "b.json") == batch)
        }
        #expect(try Genesis(json: Data(generator.genesis.json.utf8), file: "g.json") == generator.genesis)
    }

    @Test func strictParsingNamesTheTransactionAndField() throws {
        let (_, batches) = try generated(batches: 1)
        let text = batches[0].json
        func problem(_ mutated: String) -> BatchFormatError? {
            #expect(throws: BatchFormatError.self) { try Batch(json: Data(mutated.utf8), file: "b.json") }
        }
        #expect(problem(text.replacingOccurrences(of: "\"version\": 1", with: "\"version\": 2"))?.field == "version")
        #expect(problem(text.replacingOccurrences(of: "\"batch\": 1", with: "\"batch\": 1, \"extra\": 0"))?.field == "extra")
        let amount = problem(text.replacingOccurrences(of: "\"amount\": \"", with: "\"amount\": \"-"))
        #expect(amount?.field == "amount" && amount?.transaction == 0)
        let big = problem(text.replacingOccurrences(of: "\"amount\": \"", with: "\"amount\": \"999999999999999999999999999999999999999"))
        #expect(big?.field == "amount")
        #expect(problem(text.replacingOccurrences(of: "\"previousRoot\": \"", with: "\"previousRoot\": \"x"))?.field == "previousRoot")
        #expect(problem("{")?.field == "$")
        #expect(problem(text.replacingOccurrences(of: "\"type\": \"transfer\"", with: "\"type\": \"mint\""))?.field == "type")
        // One spelling per value: no leading zeros, no hex, no fractional integers, no repeated key.
        #expect(problem(text.replacingOccurrences(of: "\"amount\": \"", with: "\"amount\": \"0"))?.field == "amount")
        #expect(problem(text.replacingOccurrences(of: "\"previousRoot\": \"", with: "\"previousRoot\": \"0x"))?.field == "previousRoot")
        #expect(problem(text.replacingOccurrences(of: "\"batch\": 1", with: "\"batch\": 1.0"))?.field == "batch")
        #expect(problem(text.replacingOccurrences(of: "\"batch\": 1", with: "\"batch\": true"))?.field == "batch")
        let repeated = problem(text.replacingOccurrences(of: "\"batch\": 1", with: "\"batch\": 1, \"batch\": 2"))
        #expect(repeated?.field == "$" && repeated?.problem.contains("appears twice") == true, "\(String(describing: repeated))")
    }
}

@Suite("Genesis keys")
struct GenesisKeyTests {
    /// The generator's genesis with the key of its account at position 0 replaced, parsed back.
    func parse(withKey key: PublicKey) throws -> BatchFormatError? {
        let (generator, _) = try generated(batches: 0)
        var accounts = generator.genesis.accounts
        accounts[0].account.publicKey = key
        let text = Genesis(rollupId: 1, accounts: accounts).json
        return #expect(throws: BatchFormatError.self) { try Genesis(json: Data(text.utf8), file: "g.json") }
    }

    /// The error names the file, the account and the field.
    func expectRefused(_ error: BatchFormatError?, field: String, reason: String) {
        #expect(error?.field == "accounts[0].\(field)")
        #expect(error?.description.hasPrefix("g.json: field accounts[0].\(field): account 0: ") == true)
        #expect(error?.problem.contains(reason) == true, "\(String(describing: error))")
    }

    @Test func refusesAKeyOffTheCurve() throws {
        let (generator, _) = try generated(batches: 0)
        let key = generator.genesis.accounts[0].account.publicKey
        expectRefused(try parse(withKey: PublicKey(x: key.x, y: key.y + .one)), field: "publicKey", reason: "not on Baby JubJub")
    }

    /// (0, 1) is the identity: on the curve and in the subgroup, refused only for Ax = 0.
    @Test func refusesAxZero() throws {
        expectRefused(try parse(withKey: PublicKey(x: .zero, y: .one)), field: "publicKey.Ax", reason: "Ax = 0")
    }

    /// (1/√a, 0) has order 4 (EIP-2494): on the curve with Ax ≠ 0, refused by the subgroup check.
    @Test func refusesAPointOfSmallOrder() throws {
        let x = try #require(BabyJub.a.squareRoot()?.inverse())
        let point = try BabyJubPoint(x: x, y: .zero)
        #expect(point.doubled().doubled().isIdentity)
        expectRefused(try parse(withKey: PublicKey(x: point.x, y: point.y)), field: "publicKey", reason: "prime-order subgroup")
    }

    /// G has order 8·l: 8·G = B8 is not the identity, so only the full l·P check refuses it.
    @Test func refusesAPointOutsideThePrimeOrderSubgroup() throws {
        let g = BabyJub.generator
        #expect(!g.doubled().doubled().doubled().isIdentity)
        expectRefused(try parse(withKey: PublicKey(x: g.x, y: g.y)), field: "publicKey", reason: "prime-order subgroup")
    }
}

extension BatchGenerator {
    /// The public key of a (test) private key.
    static func testPublicKey(_ key: EdDSAPrivateKey) -> PublicKey {
        PublicKey(x: key.publicKey.x, y: key.publicKey.y)
    }
}
