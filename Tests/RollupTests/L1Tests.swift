import BN254
import Digest
import Foundation
import Groth16
import Poseidon
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
        #expect(records.count == 3 * 96)
        // Word 0: kind (byte 7), from (bytes 8..<12), to (bytes 12..<16), amount (bytes 16..<32).
        #expect(Array(records[0..<16]) == [0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 1, 2])
        #expect(Array(records[16..<32]) == [UInt8](repeating: 0, count: 14) + [1, 2])
        #expect(Array(records[32..<64]) == key.x.bigEndianBytes && Array(records[64..<96]) == key.y.bigEndianBytes)
        #expect(PublishedData.decode(records)?[0].depositKey == key)
        #expect(Array(records[96..<112]) == [0, 0, 0, 0, 0, 0, 0, 3, 0, 0, 0, 7, 0, 0, 0, 0])
        #expect(records[127] == 5)
        #expect(Array(records[128..<140]).allSatisfy { $0 == 0 } && Array(records[140..<160]) == testRecipient.bytes)
        #expect(PublishedData.decode(records)?[1].recipient == testRecipient)
        #expect(records[160...].allSatisfy { $0 == 0 })
        // A word not below r, or bits above the kind, is not a record.
        var wide = records
        wide[6] = 1
        #expect(PublishedData.decode(wide) == nil)
        var notBelowR = records
        for i in 32..<64 { notBelowR[i] = 0xFF }
        #expect(PublishedData.decode(notBelowR) == nil)
    }

    /// The commitment from its definition, computed here from scratch: the Poseidon chain over
    /// (header, record words), z = SHA-256(dataHash ‖ rollupId ‖ batch ‖ records) mod 2^253, and
    /// y = Σ D_j·z^j summed term by term (not by Horner's rule, as the code does).
    @Test func commitmentFollowsItsDefinition() throws {
        let key = BatchGenerator.testPublicKey(try generated(batches: 0).0.privateKey(of: 3))
        let records = PublishedData.records([.deposit(to: 9, publicKey: key, amount: 77)], slots: 2)
        let commitment = PublishedData.Commitment(rollupId: 0x0A0B, batch: 12, records: records)
        let header = Fr(UInt128(0x0A0B) << 64 | 12)
        let words = stride(from: 0, to: records.count, by: 32).map { try! Fr(bigEndianBytes: records[$0..<$0 + 32]) }
        #expect(words.count == 6 && words[1] == key.x && words[2] == key.y && words[3...].allSatisfy { $0 == .zero })
        let hash = Poseidon.hash([Poseidon.hash([header] + words[0..<3])] + words[3..<6])
        #expect(commitment.dataHash == hash)
        var digest = SHA256.hash(hash.bigEndianBytes + [0, 0, 0, 0, 0, 0, 0x0A, 0x0B] + [0, 0, 0, 0, 0, 0, 0, 12] + records)
        digest[0] &= 0x1F
        let z = try Fr(bigEndianBytes: digest)
        #expect(commitment.challenge == z)
        var sum = Fr.zero, power = Fr.one
        for element in [header] + words {
            sum = sum + element * power
            power = power * z
        }
        #expect(commitment.evaluation == sum)
        // Every byte of the records moves the challenge.
        var changed = records
        changed[95] ^= 1
        #expect(PublishedData.Commitment(rollupId: 0x0A0B, batch: 12, records: changed).challenge != z)
    }

    /// Replaying the calldata of generated batches (deposits, transfers, withdrawals) from the genesis
    /// reaches the roots the state transition computed, and a tampered record is caught.
    @Test func rebuildFromCalldataReachesTheSameRoots() throws {
        var generator = try BatchGenerator(configuration: .tiny, accountCount: 8, seed: 5)
        let state = try freshState(generator)
        let rebuild = try L1Rebuild(genesis: generator.genesis, shape: CircuitConfiguration.tiny.shape)
        var kinds = Set<UInt64>()
        var first: [UInt8] = []
        for _ in 0..<12 {
            let batch = try generator.nextBatch(transactions: 2)
            kinds.formUnion(batch.transactions.map(\.kind))
            let applied = try state.apply(batch, slots: 2)
            let calldata = L1Calldata.submitBatch(batch: batch.number, newRoot: applied.newRoot, dataHash: applied.commitment.dataHash,
                                                  records: applied.records, proof: proof)
            if first.isEmpty { first = calldata }
            #expect(L1Calldata.decodeSubmitBatch(calldata)?.records == applied.records)
            let replayed = try rebuild.apply(calldata: calldata, source: "batch \(batch.number)")
            #expect(replayed.batch == batch.number && replayed.root == applied.newRoot)
        }
        #expect(kinds == [1, 2, 3])
        // An amount changed in the records no longer reaches the root the calldata claims.
        let (_, _, records) = try #require(L1Calldata.decodeSubmitBatch(first))
        var changed = records
        changed[31] ^= 1
        let tampered = L1Calldata.submitBatch(batch: 1, newRoot: try #require(L1Calldata.decodeSubmitBatch(first)).newRoot, dataHash: .zero,
                                              records: changed, proof: proof)
        let fresh = try L1Rebuild(genesis: generator.genesis, shape: CircuitConfiguration.tiny.shape)
        #expect(throws: L1RebuildError.self) { try fresh.apply(calldata: tampered, source: "tampered") }
    }
}
