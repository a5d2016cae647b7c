import BN254
import Foundation
import Groth16
import Rollup
import SparseMerkleTree
import Testing

@Suite("L1 published data and rebuild")
struct L1Tests {
    /// A placeholder proof: the rebuild reads only the records and the claimed root.
    let proof = try! Proof(a: G1Curve.generator, b: G2Curve.generator, c: G1Curve.generator)

    @Test func recordsHaveTheDocumentedLayout() throws {
        let key = BatchGenerator.testPublicKey(try generated(batches: 0).0.privateKey(of: 3))
        let records = PublishedData.records([
            .deposit(to: 258, publicKey: key, amount: 0x0102),
            .withdraw(from: 7, amount: 5, nonce: 1, recipient: testRecipient, signature: .unsigned),
        ], slots: 3)
        #expect(records.count == 3 * 57)
        #expect(Array(records[0..<9]) == [1, 0, 0, 0, 0, 0, 0, 1, 2])
        #expect(Array(records[23..<25]) == [1, 2])
        #expect(Array(records[25..<57]) == PublishedData.compressedKey(key))
        #expect(PublishedData.decode(records)?[0].depositKey == key)
        #expect(Array(records[57..<66]) == [3, 0, 0, 0, 7, 0, 0, 0, 0])
        #expect(Array(records[57 + 37..<57 + 57]) == testRecipient.bytes)
        #expect(records[114...].allSatisfy { $0 == 0 })
    }

    /// Replaying the calldata of generated batches (deposits, transfers, withdrawals) from the genesis
    /// reaches the roots the state transition computed, and a tampered record is caught.
    @Test func rebuildFromCalldataReachesTheSameRoots() throws {
        var generator = try BatchGenerator(configuration: .tiny, accountCount: 8, seed: 5)
        let state = try freshState(generator)
        let rebuild = try L1Rebuild(genesis: generator.genesis, depth: CircuitConfiguration.tiny.depth)
        var kinds = Set<UInt64>()
        var first: [UInt8] = []
        for _ in 0..<12 {
            let batch = try generator.nextBatch(transactions: 2)
            kinds.formUnion(batch.transactions.map(\.kind))
            let applied = try state.apply(batch, slots: 2)
            let calldata = L1Calldata.submitBatch(batch: batch.number, newRoot: applied.newRoot, records: applied.records, proof: proof)
            if first.isEmpty { first = calldata }
            #expect(L1Calldata.decodeSubmitBatch(calldata)?.records == applied.records)
            let replayed = try rebuild.apply(calldata: calldata, source: "batch \(batch.number)")
            #expect(replayed.batch == batch.number && replayed.root == applied.newRoot)
        }
        #expect(kinds == [1, 2, 3])
        // An amount changed in the records no longer reaches the root the calldata claims.
        let (_, _, records) = try #require(L1Calldata.decodeSubmitBatch(first))
        var changed = records
        changed[24] ^= 1
        let tampered = L1Calldata.submitBatch(batch: 1, newRoot: try #require(L1Calldata.decodeSubmitBatch(first)).newRoot, records: changed, proof: proof)
        let fresh = try L1Rebuild(genesis: generator.genesis, depth: CircuitConfiguration.tiny.depth)
        #expect(throws: L1RebuildError.self) { try fresh.apply(calldata: tampered, source: "tampered") }
    }
}
