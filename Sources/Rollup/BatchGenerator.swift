import BabyJubJub
import BN254
import SparseMerkleTree

/// Generates a genesis and a sequence of valid signed batches from a seed, for tests, demos and
/// benchmarks. INSECURE: every private key is derived from the seed, so anyone who knows the
/// seed controls every account. Never use these keys for value.
public struct BatchGenerator {
    public let configuration: CircuitConfiguration
    public let accountCount: Int
    /// Account k of the genesis sits at index k · `indexStride` (1: indices 0…accountCount−1).
    public let indexStride: UInt64
    /// The rollup id of the genesis (the domain tag the generated signatures use).
    public let rollupId: UInt64
    private var random: InsecureSeededGenerator
    private let keys: [EdDSAPrivateKey]
    private let state: RollupState<InMemoryTreeStore>
    private var nextBatch: UInt64 = 1

    /// A generator for `accountCount` genesis accounts of the configuration's tree, account k at
    /// index k · `indexStride` (a stride of 4^D / accountCount spreads them so that no two share a
    /// subtree below the top levels); keys for further deposit accounts are derived the same way.
    public init(configuration: CircuitConfiguration, accountCount: Int, seed: UInt64, rollupId: UInt64 = 1, indexStride: UInt64 = 1) throws {
        precondition(accountCount >= 2 && UInt64(accountCount) < configuration.capacity, "need at least 2 accounts and a free index")
        precondition(indexStride >= 1 && UInt64(accountCount - 1) * indexStride < configuration.capacity, "the stride puts an account outside the tree")
        self.configuration = configuration
        self.accountCount = accountCount
        self.indexStride = indexStride
        self.rollupId = rollupId
        random = InsecureSeededGenerator(seed: seed)
        var keyRandom = InsecureSeededGenerator(seed: seed ^ 0x6B65_7973)  // "keys"
        keys = (0..<(accountCount + 64)).map { _ in EdDSAPrivateKey.random(using: &keyRandom) }
        state = try RollupState(shape: configuration.shape, store: InMemoryTreeStore())
        try state.applyGenesis(genesis)
    }

    /// The test key of genesis account `index` (at index · `indexStride`; INSECURE, derived from the seed).
    public func privateKey(of index: Int) -> EdDSAPrivateKey { keys[index] }

    /// The genesis: every account starts with a balance of 10^9.
    public var genesis: Genesis {
        Genesis(rollupId: rollupId, accounts: (0..<accountCount).map { index in
            (UInt64(index) * indexStride, Account(publicKey: Self.publicKey(keys[index]), balance: 1_000_000_000, nonce: 0))
        })
    }

    /// The next batch: `count` valid transactions (mostly transfers, some withdrawals to seeded
    /// L1 addresses and deposits), applied to the generator's own copy of the state so batches chain.
    /// With `transfersOnly`, every transaction is a transfer (the gas benchmark's batch).
    public mutating func nextBatch(transactions count: Int, transfersOnly: Bool = false) throws -> Batch {
        precondition(count <= configuration.slots, "more transactions than slots")
        var transactions: [Transaction] = []
        var nonces: [UInt64: UInt64] = [:]
        var balances: [UInt64: UInt128] = [:]
        for _ in 0..<count {
            let roll = transfersOnly ? 9 : Int.random(in: 0..<10, using: &random)
            if roll == 0 {
                let index = UInt64(Int.random(in: 0..<accountCount, using: &random)) * indexStride
                let key = try state.account(at: index)!.publicKey
                transactions.append(.deposit(to: index, publicKey: key, amount: UInt128(Int.random(in: 1...1000, using: &random))))
                continue
            }
            let signer = Int.random(in: 0..<accountCount, using: &random)
            let from = UInt64(signer) * indexStride
            let account = try state.account(at: from)!
            let nonce = nonces[from, default: account.nonce]
            let balance = balances[from, default: account.balance]
            let amount = UInt128(Int.random(in: 1...100, using: &random))
            guard balance >= amount else { continue }
            let transaction: Transaction
            if roll == 1 {
                let recipient = L1Address(bytes: (0..<20).map { _ in UInt8.random(in: 0...255, using: &random) })!
                let unsigned = Transaction.withdraw(from: from, amount: amount, nonce: nonce, recipient: recipient, signature: .unsigned)
                transaction = unsigned.signed(sign(unsigned.message(rollupId: rollupId), by: signer))
            } else {
                let to = UInt64(Int.random(in: 0..<accountCount, using: &random)) * indexStride
                let unsigned = Transaction.transfer(from: from, to: to, amount: amount, nonce: nonce, signature: .unsigned)
                transaction = unsigned.signed(sign(unsigned.message(rollupId: rollupId), by: signer))
                let receiverBalance = try state.account(at: to)!.balance
                balances[to, default: receiverBalance] += amount
            }
            nonces[from] = nonce + 1
            balances[from] = balance - amount
            transactions.append(transaction)
        }
        let batch = Batch(number: nextBatch, previousRoot: state.root, transactions: transactions)
        try state.apply(batch, slots: configuration.slots)
        nextBatch += 1
        return batch
    }

    /// The state root after the batches generated so far.
    public var root: Fr { state.root }

    /// Signs `transaction` (a transfer or withdrawal) with the test key of genesis account `index` (at index · `indexStride`) for this rollup id.
    public func sign(_ transaction: Transaction, by index: Int) -> Transaction {
        transaction.signed(sign(transaction.message(rollupId: rollupId), by: index))
    }

    func sign(_ message: Fr, by index: Int) -> TransactionSignature {
        let signature = keys[index].signPoseidon(message)
        return TransactionSignature(r8x: signature.R8.x, r8y: signature.R8.y, s: signature.S)
    }

    static func publicKey(_ key: EdDSAPrivateKey) -> PublicKey {
        let point = key.publicKey
        return PublicKey(x: point.x, y: point.y)
    }
}

extension TransactionSignature {
    /// An all-zero placeholder, used to compute a message before signing it.
    public static let unsigned = TransactionSignature(r8x: .zero, r8y: .zero, s: .zero)
}
