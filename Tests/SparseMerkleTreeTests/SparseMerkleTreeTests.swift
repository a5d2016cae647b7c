import BN254
import Foundation
import Poseidon
import SparseMerkleTree
import Testing

/// The root of a full tree over `leaves` (2^D of them), hashing every node.
func naiveRoot(_ leaves: [Fr]) -> Fr {
    var level = leaves
    while level.count > 1 { level = stride(from: 0, to: level.count, by: 2).map { Poseidon.hash(level[$0], level[$0 + 1]) } }
    return level[0]
}

@Suite("Sparse Merkle tree")
struct SparseMerkleTreeTests {
    @Test func matchesNaiveTreeForSmallDepths() throws {
        var generator = InsecureSeededGenerator(seed: TestSeed.seed(21))
        for depth in 1...6 {
            let tree = try SparseMerkleTree(depth: depth, store: InMemoryTreeStore())
            var leaves = [Fr](repeating: .zero, count: 1 << depth)
            #expect(tree.root == naiveRoot(leaves) && tree.root == EmptyTree.roots[depth])
            for step in 0..<40 {
                let index = Int.random(in: 0..<leaves.count, using: &generator)
                let leaf = step % 7 == 6 ? Fr.zero : Fr.random(using: &generator)
                let proof = try tree.update(UInt64(index), leaf)
                #expect(proof.oldLeaf == leaves[index] && proof.verify())
                leaves[index] = leaf
                #expect(tree.root == naiveRoot(leaves), "depth \(depth) step \(step)")
                #expect(try tree.get(UInt64(index)) == leaf)
            }
            for index in 0..<leaves.count {
                #expect(try tree.inclusionProof(UInt64(index)).verify(root: tree.root, index: UInt64(index), leaf: leaves[index]))
            }
        }
    }

    @Test func clearingEveryLeafEmptiesTheStore() throws {
        let store = InMemoryTreeStore()
        let tree = try SparseMerkleTree(depth: 8, store: store)
        for index: UInt64 in [3, 200, 255] { try tree.update(index, Fr(index + 1)) }
        for index: UInt64 in [3, 200, 255] { try tree.update(index, .zero) }
        #expect(tree.root == EmptyTree.roots[8] && store.storedNodeCount == 0)
    }

    @Test func proofsDoNotTransfer() throws {
        let tree = try SparseMerkleTree(depth: 16, store: InMemoryTreeStore())
        try tree.update(5, Fr(50))
        try tree.update(6, Fr(60))
        let proof = try tree.inclusionProof(5)
        #expect(proof.verify(root: tree.root, index: 5, leaf: Fr(50)))
        #expect(!proof.verify(root: tree.root, index: 6, leaf: Fr(60)))
        #expect(!proof.verify(root: tree.root, index: 5, leaf: Fr(60)))
        #expect(!proof.verify(root: tree.root, index: 4, leaf: Fr(50)))
        #expect(!proof.verify(root: tree.root, index: 1 << 16 | 5, leaf: Fr(50)))
        let update = try tree.update(5, Fr(51))
        #expect(update.verify())
        #expect(!UpdateProof(index: 6, oldLeaf: update.oldLeaf, newLeaf: update.newLeaf, siblings: update.siblings,
                             oldRoot: update.oldRoot, newRoot: update.newRoot).verify())
        #expect(!UpdateProof(index: 5, oldLeaf: update.oldLeaf, newLeaf: Fr(52), siblings: update.siblings,
                             oldRoot: update.oldRoot, newRoot: update.newRoot).verify())
    }

    @Test func rejectsBadArguments() throws {
        #expect(throws: SparseMerkleTreeError.invalidDepth(0)) { try SparseMerkleTree(depth: 0, store: InMemoryTreeStore()) }
        #expect(throws: SparseMerkleTreeError.invalidDepth(33)) { try SparseMerkleTree(depth: 33, store: InMemoryTreeStore()) }
        let tree = try SparseMerkleTree(depth: 32, store: InMemoryTreeStore())
        try tree.update(UInt64(UInt32.max), Fr(1))
        #expect(throws: SparseMerkleTreeError.indexOutOfRange(index: 1 << 32, depth: 32)) { try tree.update(1 << 32, Fr(1)) }
        #expect(throws: SparseMerkleTreeError.noOpenBatch) { try tree.commitBatch() }
        try tree.beginBatch()
        #expect(throws: SparseMerkleTreeError.batchAlreadyOpen) { try tree.beginBatch() }
    }

    @Test func inMemoryRollbackRestoresRoot() throws {
        let store = InMemoryTreeStore()
        let tree = try SparseMerkleTree(depth: 10, store: store)
        try tree.update(1, Fr(1))
        let before = tree.root, nodes = store.storedNodeCount
        try tree.beginBatch()
        for index: UInt64 in [1, 2, 700] { try tree.update(index, Fr(index + 9)) }
        try tree.rollbackBatch()
        #expect(try tree.root == before && store.storedNodeCount == nodes && (try tree.get(1)) == Fr(1) && (try tree.get(700)).isZero)
        try tree.beginBatch()
        try tree.update(2, Fr(2))
        try tree.commitBatch()
        #expect(try tree.inclusionProof(2).verify(root: tree.root, index: 2, leaf: Fr(2)))
    }
}
