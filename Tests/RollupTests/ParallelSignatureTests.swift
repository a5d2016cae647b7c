import BN254
import Rollup
import SparseMerkleTree
import Testing

/// Signatures verified on several threads before the state application (`.parallel`) against
/// verification inside it (`.serial`, the reference): the same batches pass, the same reasons refuse.
@Suite("Parallel signature verification")
struct ParallelSignatureTests {
    /// Sixteen slots over the tiny circuit's tree (64 accounts), so a batch spreads over several threads.
    static let configuration = CircuitConfiguration(name: "test16", slots: 16, depth: 3)

    func freshState(_ generator: BatchGenerator) throws -> RollupState<InMemoryTreeStore> {
        let state = try RollupState(shape: Self.configuration.shape, store: InMemoryTreeStore())
        try state.applyGenesis(generator.genesis)
        return state
    }

    /// Applies `batch` to a fresh state both ways and returns the rejection reasons of each (nil: applied).
    func outcomes(_ batch: Batch, _ generator: BatchGenerator) throws -> (serial: [RejectionReason]?, parallel: [RejectionReason]?) {
        func outcome(_ signatures: SignatureVerification) throws -> [RejectionReason]? {
            let state = try freshState(generator)
            do {
                try state.apply(batch, slots: Self.configuration.slots, signatures: signatures)
                return nil
            } catch let rejection as BatchRejection {
                return rejection.reasons
            }
        }
        return (try outcome(.serial), try outcome(.parallel(threads: 3)))
    }

    @Test func validBatchesReachTheSameRootsAndWitnesses() throws {
        var generator = try BatchGenerator(configuration: Self.configuration, accountCount: 8, seed: 5)
        let genesisGenerator = generator
        let batches = try (0..<3).map { _ in try generator.nextBatch(transactions: Self.configuration.slots) }
        let serial = try freshState(genesisGenerator), parallel = try freshState(genesisGenerator)
        for batch in batches {
            let a = try serial.apply(batch, slots: Self.configuration.slots, signatures: .serial)
            let b = try parallel.apply(batch, slots: Self.configuration.slots, signatures: .parallel(threads: 2))
            #expect(a.publicInputs == b.publicInputs)
            #expect(a.slots == b.slots && a.tree == b.tree)
        }
        #expect(serial.root == generator.root && parallel.root == generator.root)
    }

    @Test func aForgedSignatureIsRefusedAtTheSameTransaction() throws {
        var generator = try BatchGenerator(configuration: Self.configuration, accountCount: 8, seed: 6)
        let genesisGenerator = generator
        let batch = try generator.nextBatch(transactions: Self.configuration.slots, transfersOnly: true)
        for position in [0, 7, 15] {
            var forged = batch
            guard case let .transfer(from, to, amount, nonce, _) = batch.transactions[position] else { Issue.record("not a transfer"); return }
            let unsigned = Transaction.transfer(from: from, to: to, amount: amount, nonce: nonce, signature: .unsigned)
            forged.transactions[position] = genesisGenerator.sign(unsigned, by: Int((from + 1) % 8))
            let (serial, parallel) = try outcomes(forged, genesisGenerator)
            // The first reason is the forgery; later transactions of the same sender then fail on their nonce.
            #expect(serial?.first?.code == "bad-signature" && serial?.first?.transaction == position, "forged at \(position)")
            #expect(serial?.dropFirst().allSatisfy { $0.code == "nonce-mismatch" } == true, "forged at \(position)")
            #expect(parallel == serial, "forged at \(position)")
        }
    }

    /// Keys the prediction gets right (a deposit creating the sender), keys it gets wrong (the first
    /// deposit to an index was refused, a second one created it), and rules that fail before the signature.
    @Test func mixedBatchesGiveTheSameReasonsInTheSameOrder() throws {
        let generator = try BatchGenerator(configuration: Self.configuration, accountCount: 8, seed: 7)
        func key(_ index: Int) -> PublicKey { BatchGenerator.testPublicKey(generator.privateKey(of: index)) }
        func transfer(from: UInt64, to: UInt64, nonce: UInt64 = 0, by signer: Int) -> Transaction {
            generator.sign(.transfer(from: from, to: to, amount: 3, nonce: nonce, signature: .unsigned), by: signer)
        }
        let offCurve = PublicKey(x: Fr(1), y: Fr(2))
        let state = try freshState(generator)
        let valid: [Transaction] = [
            .deposit(to: 20, publicKey: key(20), amount: 50),
            transfer(from: 20, to: 1, by: 20),  // the key comes from the deposit above
            .deposit(to: 23, publicKey: key(23), amount: 50),
            transfer(from: 23, to: 2, by: 23),
            transfer(from: 0, to: 1, by: 0),
        ]
        let accepted = try outcomes(Batch(number: 1, previousRoot: state.root, transactions: valid), generator)
        #expect(accepted.serial == nil && accepted.parallel == nil)

        let mixed: [Transaction] = [
            transfer(from: 0, to: 1, by: 0),
            transfer(from: 1, to: 2, by: 3),  // forged
            .deposit(to: 21, publicKey: offCurve, amount: 50),  // refused: 21 stays empty
            transfer(from: 21, to: 2, by: 21),  // unknown sender, although a key was predicted
            .deposit(to: 22, publicKey: offCurve, amount: 50),  // refused, so the predicted key of 22 is wrong
            .deposit(to: 22, publicKey: key(22), amount: 50),
            transfer(from: 22, to: 2, by: 22),  // valid under the real key: the prediction must not decide
            transfer(from: 2, to: 3, nonce: 4, by: 5),  // nonce and signature wrong: the nonce is reported
            transfer(from: 4, to: 5, by: 4),
            transfer(from: 5, to: 6, by: 4),  // forged
        ]
        let (serial, parallel) = try outcomes(Batch(number: 1, previousRoot: state.root, transactions: mixed), generator)
        #expect(serial?.map(\.code) == ["bad-signature", "invalid-public-key", "unknown-sender", "invalid-public-key", "nonce-mismatch", "bad-signature"])
        #expect(serial?.map(\.transaction) == [1, 2, 3, 4, 7, 9])
        #expect(parallel == serial)
    }
}
