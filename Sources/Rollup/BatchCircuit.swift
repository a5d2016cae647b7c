import BabyJubJub
import BN254
import Circuit
import Digest
import Poseidon
import SparseMerkleTree

/// A shipped configuration of the batch circuit: N transaction slots over a quaternary tree of
/// depth D (4^D accounts).
public struct CircuitConfiguration: Hashable, Sendable {
    public let name: String
    public let slots: Int
    /// Levels of the quaternary account tree.
    public let depth: Int

    public init(name: String, slots: Int, depth: Int) {
        self.name = name
        self.slots = slots
        self.depth = depth
    }

    /// The account tree's shape: arity 4, `depth` levels.
    public var shape: TreeShape { .quaternary(depth: depth) }
    /// Children per tree node (4).
    public var arity: Int { shape.arity }
    /// The number of account indices, 4^depth.
    public var capacity: UInt64 { shape.capacity }

    /// Two slots over 4^3 = 64 accounts: tests and the demo.
    public static let tiny = CircuitConfiguration(name: "tiny", slots: 2, depth: 3)
    /// 25 transfers over 4^12 = 2^24 accounts: the most slots whose constraints fit the 2^19 domain,
    /// and the most proven transactions per second a machine (docs/BENCHMARKS.md).
    public static let transfer25Depth24 = CircuitConfiguration(name: "transfer25-d24", slots: 25, depth: 12)
    /// 32 transfers over 4^12 = 2^24 accounts: benchmarks.
    public static let transfer32Depth24 = CircuitConfiguration(name: "transfer32-d24", slots: 32, depth: 12)
    /// 128 transfers over 4^12 = 2^24 accounts: the larger batch (fewer proofs and settlements a transaction).
    public static let transfer128Depth24 = CircuitConfiguration(name: "transfer128-d24", slots: 128, depth: 12)
    /// The configurations in `Circuits/`.
    public static let shipped = [tiny, transfer25Depth24, transfer32Depth24, transfer128Depth24]

    /// The shipped configuration called `name`.
    public static func named(_ name: String) -> CircuitConfiguration? { shipped.first { $0.name == name } }
}

/// The batch circuit: public inputs (old root, new root, data hash, challenge, evaluation), in
/// that order, and N identical slots. Each slot proves one transaction (or nothing, when its kind
/// flags are all 0):
///
/// 1. sender side, at index `from`: for a transfer or withdrawal the account exists, signed the
///    message m = Poseidon(rollupId, kind, from, to, amount, nonce, recipient) (EdDSA-Poseidon,
///    circomlib's verifier), its nonce equals `nonce` and becomes nonce + 1, and its balance minus
///    `amount` stays in [0, 2^128); otherwise the leaf is unchanged;
/// 2. receiver side, at index `to`: a transfer credits an existing account, a deposit credits
///    the account holding the same key or creates one (key on Baby JubJub, Ax ≠ 0) at an empty
///    index; the new balance stays below 2^128; a withdrawal or an unused slot changes nothing;
/// 3. both updates chain the root (`merkleUpdate`), and the slot's published record
///    (`PublishedData`: three field elements) is built from the same wires.
///
/// Every field a kind does not use is 0. The published data is bound by `PublishedData`'s
/// commitment: the circuit recomputes the Poseidon data hash of its own record elements and their
/// evaluation at the public challenge, which the L1 contract derives from the calldata and that
/// hash, so a proof holds only for the records the contract received (and, through the deposit
/// records, its deposit queue). Amounts and balances are range-checked to 128 bits, so nothing
/// wraps around the field.
public struct BatchCircuit: Sendable {
    public let configuration: CircuitConfiguration
    /// The constraint system (built once; witnesses are solved per batch).
    public let system: ConstraintSystem

    /// SHA-256 of the input names (newline-separated, declaration order): binds a trace to this layout.
    let inputLayoutDigest: [UInt8]
    /// The inputs an execution trace carries as values, in declaration order: all but the Merkle
    /// siblings, which the prover replays from the trace's tree opening.
    let traceInputNames: [String]
    /// What names a sibling input (`slot[p].sender.sibling[level][k]`).
    static let siblingMarker = ".sibling["

    /// The names of the public inputs, in order.
    public static let publicInputNames = ["oldRoot", "newRoot", "dataHash", "challenge", "evaluation"]

    /// Builds the circuit for `configuration`.
    public init(_ configuration: CircuitConfiguration) {
        var cs = ConstraintSystem()
        let oldRoot = cs.publicInput("oldRoot")
        let newRoot = cs.publicInput("newRoot")
        let dataHash = cs.publicInput("dataHash")
        let challenge = cs.publicInput("challenge").linearCombination
        let evaluation = cs.publicInput("evaluation")
        let rollupId = cs.privateInput("rollupId").linearCombination
        let batch = cs.privateInput("batch").linearCombination
        // Both below 2^64, so the header rollupId·2^64 + batch names one deployment and one batch.
        let header = cs.withNamespace("header") { cs in
            _ = cs.toBits(rollupId, count: 64)
            _ = cs.toBits(batch, count: 64)
            return Fr(UInt128(1) << 64) * rollupId + batch
        }
        var records: [[LinearCombination]] = []
        var root = oldRoot.linearCombination
        for slot in 0..<configuration.slots {
            cs.withNamespace("slot[\(slot)]") { cs in
                records.append(Self.buildSlot(&cs, prefix: "slot[\(slot)].", depth: configuration.depth, rollupId: rollupId, root: &root))
            }
        }
        // The published data first, so a record that differs from what the slots did fails here, in "commitment".
        cs.withNamespace("commitment") { cs in
            cs.withNamespace("dataHash") { cs in
                var hash = header
                for record in records { hash = cs.poseidon([hash] + record) }
                cs.assertEqual(hash, dataHash)
            }
            cs.withNamespace("evaluation") { cs in
                let elements = [header] + records.joined()
                var sum = elements[elements.count - 1]
                for element in elements.dropLast().reversed() { sum = cs.multiply(sum, challenge).linearCombination + element }
                cs.assertEqual(sum, evaluation)
            }
        }
        cs.withNamespace("newRoot") { $0.assertEqual(root, newRoot) }
        self.configuration = configuration
        system = cs
        inputLayoutDigest = SHA256.hash(cs.inputNames.joined(separator: "\n").utf8)
        traceInputNames = cs.inputNames.filter { !$0.contains(Self.siblingMarker) }
    }

    /// The number of constraints.
    public var constraintCount: Int { system.constraintCount }

    /// One slot's constraints; returns its published record (`PublishedData`'s three words).
    static func buildSlot(_ cs: inout ConstraintSystem, prefix: String, depth: Int, rollupId: LinearCombination,
                          root: inout LinearCombination) -> [LinearCombination] {
        func input(_ name: String) -> LinearCombination { cs.privateInput(prefix + name).linearCombination }
        let isDeposit = input("isDeposit"), isTransfer = input("isTransfer"), isWithdraw = input("isWithdraw")
        let from = input("from"), to = input("to"), amount = input("amount"), nonce = input("nonce"), recipient = input("recipient")
        let r8x = input("R8x"), r8y = input("R8y"), s = input("S")
        let depositX = input("depositAx"), depositY = input("depositAy")
        let sender = AccountInputs(&cs, prefix: prefix + "sender.", depth: depth)
        let receiver = AccountInputs(&cs, prefix: prefix + "receiver.", depth: depth)

        // Kinds: three booleans, at most one set.
        for flag in [isDeposit, isTransfer, isWithdraw] { cs.assertBoolean(flag) }
        let signed = isTransfer + isWithdraw
        let credited = isDeposit + isTransfer
        let active = isDeposit + signed
        cs.assertBoolean(active)
        let kind: LinearCombination = isDeposit + Fr(2) * isTransfer + Fr(3) * isWithdraw
        // Fields a kind does not use are zero, so one state transition has exactly one record and message.
        cs.withNamespace("unused") { cs in
            cs.withNamespace("from") { $0.enforce(1 - signed, from, 0) }
            cs.withNamespace("to") { $0.enforce(1 - credited, to, 0) }
            cs.withNamespace("amount") { $0.enforce(1 - active, amount, 0) }
            cs.withNamespace("nonce") { $0.enforce(1 - signed, nonce, 0) }  // a deposit's nonce is 0
            cs.withNamespace("recipient") { $0.enforce(1 - isWithdraw, recipient, 0) }
            cs.withNamespace("depositKey") { cs in
                cs.enforce(1 - isDeposit, depositX, 0)
                cs.enforce(1 - isDeposit, depositY, 0)
            }
            cs.withNamespace("signature") { cs in
                for part in [r8x, r8y, s] { cs.enforce(1 - signed, part, 0) }
            }
        }
        _ = cs.withNamespace("amount") { $0.toBits(amount, count: 128) }

        // Sender side.
        let senderEmpty = sender.emptiness(&cs)
        cs.withNamespace("sender") { cs in
            cs.enforce(signed, senderEmpty, 0)  // a signer exists
            cs.enforce(signed, nonce - sender.nonce, 0)
            let debited = sender.balance - cs.multiply(signed, amount)
            _ = cs.withNamespace("balance") { $0.toBits(debited, count: 128) }
            let oldLeaf = sender.leaf(&cs, empty: senderEmpty)
            let updated = cs.poseidon([sender.x, sender.y, debited, sender.nonce + signed])
            let newLeaf = cs.select(signed, updated, oldLeaf)
            root = cs.merkleUpdate(oldLeaf: oldLeaf, newLeaf: newLeaf, index: from, siblings: sender.siblings, oldRoot: root)
        }
        let message = cs.withNamespace("message") { $0.poseidon([rollupId, kind, from, to, amount, nonce, recipient]) }
        cs.withNamespace("signature") { cs in
            cs.verifyEdDSAPoseidon(
                enabled: signed, publicKey: BabyJubPointVariable(x: sender.x, y: sender.y),
                R8: BabyJubPointVariable(x: r8x, y: r8y), S: s, message: message)
        }

        // Receiver side.
        let receiverEmpty = receiver.emptiness(&cs)
        cs.withNamespace("receiver") { cs in
            cs.enforce(isTransfer, receiverEmpty, 0)  // transfers go to existing accounts
            let creating = cs.multiply(isDeposit, receiverEmpty)
            let topping = isDeposit - creating
            cs.enforce(topping, depositX - receiver.x, 0)  // a deposit to an account uses its key
            cs.enforce(topping, depositY - receiver.y, 0)
            // A created account gets a Baby JubJub key with Ax ≠ 0.
            let inverse = cs.witness { context in
                context[creating].isOne ? (context.evaluate(depositX).inverse() ?? .zero) : .zero
            }
            cs.enforce(depositX, inverse, creating)
            let x2 = cs.multiply(depositX, depositX), y2 = cs.multiply(depositY, depositY)
            let x2y2 = cs.multiply(x2, y2)
            let curveEquation: LinearCombination = BabyJub.a * x2 + y2.linearCombination - BabyJub.d * x2y2
            cs.enforce(creating, curveEquation - 1, 0)
            let newX = cs.select(receiverEmpty, depositX, receiver.x)
            let newY = cs.select(receiverEmpty, depositY, receiver.y)
            let creditedBalance = receiver.balance + cs.multiply(credited, amount)
            _ = cs.withNamespace("balance") { $0.toBits(creditedBalance, count: 128) }
            let oldLeaf = receiver.leaf(&cs, empty: receiverEmpty)
            let updated = cs.poseidon([newX, newY, creditedBalance, receiver.nonce])
            let newLeaf = cs.select(credited, updated, oldLeaf)
            root = cs.merkleUpdate(oldLeaf: oldLeaf, newLeaf: newLeaf, index: to, siblings: receiver.siblings, oldRoot: root)
        }

        // The record: from and to are below 2^32 (their Merkle path bits), the amount below 2^128 and
        // the kind at most 3, so the first word packs them injectively; a recipient is an L1 address.
        return cs.withNamespace("record") { cs in
            _ = cs.withNamespace("recipient") { $0.toBits(recipient, count: 160) }
            let twoTo64 = Fr(UInt128(1) << 64)
            let head = twoTo64 * (twoTo64 * (twoTo64 * kind + Fr(UInt128(1) << 32) * from + to)) + amount
            return [head, depositX + recipient, depositY]
        }
    }
}

/// The witness inputs describing one account before an update: its fields and its path.
struct AccountInputs {
    let x: LinearCombination
    let y: LinearCombination
    let balance: LinearCombination
    let nonce: LinearCombination
    /// Three per level, bottom-up: the wires `sibling[level][k]`.
    let siblings: [[LinearCombination]]

    init(_ cs: inout ConstraintSystem, prefix: String, depth: Int) {
        x = cs.privateInput(prefix + "Ax").linearCombination
        y = cs.privateInput(prefix + "Ay").linearCombination
        balance = cs.privateInput(prefix + "balance").linearCombination
        nonce = cs.privateInput(prefix + "nonce").linearCombination
        siblings = (0..<depth).map { level in
            (0..<3).map { k in cs.privateInput(prefix + "sibling[\(level)][\(k)]").linearCombination }
        }
    }

    /// 1 when the index is empty (Ax = 0; real keys have Ax ≠ 0), in which case every field
    /// must be zero: an empty index cannot bring a balance into the state.
    func emptiness(_ cs: inout ConstraintSystem) -> LinearCombination {
        let empty = cs.isZero(x).linearCombination
        cs.enforce(empty, y, 0)
        cs.enforce(empty, balance, 0)
        cs.enforce(empty, nonce, 0)
        return empty
    }

    /// The leaf: 0 for an empty index, Poseidon(Ax, Ay, balance, nonce) otherwise.
    func leaf(_ cs: inout ConstraintSystem, empty: LinearCombination) -> LinearCombination {
        let hash = cs.poseidon([x, y, balance, nonce])
        return cs.multiply(1 - empty, hash).linearCombination
    }
}
