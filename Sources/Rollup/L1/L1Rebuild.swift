import BN254
import SparseMerkleTree

/// Why the published data of a batch cannot be replayed.
public struct L1RebuildError: Error, CustomStringConvertible, Sendable {
    /// Which input (file name or position) was at fault.
    public var source: String
    public var problem: String

    public init(source: String, problem: String) {
        self.source = source
        self.problem = problem
    }

    public var description: String { "\(source): \(problem)" }
}

/// Rebuilds the state from what L1 holds: the genesis and the `submitBatch` calldata of every
/// settled batch in order (records carry every state change; deposit keys are decompressed from
/// their records). Signatures are not published and not needed: the proofs checked them.
public struct L1Rebuild {
    let state: RollupState<InMemoryTreeStore>

    /// A state holding `genesis` in a tree of `shape`.
    public init(genesis: Genesis, shape: TreeShape) throws {
        state = try RollupState(shape: shape, store: InMemoryTreeStore())
        try state.applyGenesis(genesis)
    }

    /// The current root.
    public var root: Fr { state.root }

    /// Applies one batch's `submitBatch` calldata; returns its batch number and the root after it,
    /// which must equal the new root the calldata claims (the contract accepted it with a proof).
    @discardableResult
    public func apply(calldata: [UInt8], source: String) throws -> (batch: UInt64, root: Fr) {
        guard let call = L1Calldata.decodeSubmitBatch(calldata), let records = PublishedData.decode(call.records) else {
            throw L1RebuildError(source: source, problem: "not submitBatch calldata with whole \(PublishedData.recordSize)-byte records of words below r")
        }
        for (slot, record) in records.enumerated() {
            func fail(_ problem: String) -> L1RebuildError { L1RebuildError(source: source, problem: "record \(slot): \(problem)") }
            switch record.kind {
            case 0: continue
            case 1:
                let key = record.depositKey
                let existing = try state.account(at: record.to)
                try state.store(Account(publicKey: key, balance: (existing?.balance ?? 0) + record.amount, nonce: existing?.nonce ?? 0), at: record.to)
            case 2, 3:
                guard var sender = try state.account(at: record.from), sender.balance >= record.amount else {
                    throw fail("account \(record.from) cannot pay \(record.amount)")
                }
                sender.balance -= record.amount
                sender.nonce += 1
                try state.store(sender, at: record.from)
                if record.kind == 2 {
                    guard var receiver = try state.account(at: record.to) else { throw fail("no account at \(record.to)") }
                    receiver.balance += record.amount
                    try state.store(receiver, at: record.to)
                }
            default:
                throw fail("unknown kind \(record.kind)")
            }
        }
        guard state.root == call.newRoot else {
            throw L1RebuildError(source: source, problem: "replaying batch \(call.batch) gives root \(state.root), the calldata claims \(call.newRoot)")
        }
        return (call.batch, state.root)
    }
}
