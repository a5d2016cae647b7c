import BN254
import Foundation
import Poseidon
import SparseMerkleTree
import Testing

/// The reference twin of `SparseMerkleTree`: the root of a quaternary tree of `depth` levels over
/// `leaves` (absent = 0), hashing each level's parents from a dictionary of the level below, the
/// empty subtrees hashed from scratch.
func naiveRoot(_ leaves: [UInt64: Fr], depth: Int) -> Fr {
    var level = leaves, empty = Fr.zero
    for _ in 0..<depth {
        var parents: [UInt64: Fr] = [:]
        for parent in Set(level.keys.map { $0 / 4 }) {
            parents[parent] = Poseidon.hash((0..<4).map { level[parent * 4 + $0] ?? empty })
        }
        empty = Poseidon.hash([empty, empty, empty, empty])
        level = parents
    }
    return level[0] ?? empty
}

/// The tree of `shape` holding `leaves`, written one update at a time.
func filledTree(_ shape: TreeShape, _ leaves: [UInt64: Fr]) throws -> SparseMerkleTree<InMemoryTreeStore> {
    let tree = try SparseMerkleTree(shape: shape, store: InMemoryTreeStore())
    for (index, leaf) in leaves.sorted(by: { $0.key < $1.key }) { try tree.update(index, leaf) }
    return tree
}

@Suite("Sparse Merkle tree")
struct SparseMerkleTreeTests {
    @Test func matchesNaiveTreeForSmallDepths() throws {
        var generator = InsecureSeededGenerator(seed: TestSeed.seed(21))
        for depth in 1...4 {
            let shape = TreeShape.quaternary(depth: depth)
            let tree = try SparseMerkleTree(shape: shape, store: InMemoryTreeStore())
            var leaves: [UInt64: Fr] = [:]
            #expect(tree.root == naiveRoot(leaves, depth: depth) && tree.root == EmptyTree.roots[depth])
            for step in 0..<40 {
                let index = UInt64.random(in: 0..<shape.capacity, using: &generator)
                let leaf = step % 7 == 6 ? Fr.zero : Fr.random(using: &generator)
                let proof = try tree.update(index, leaf)
                #expect(proof.oldLeaf == leaves[index, default: .zero] && proof.verify())
                leaves[index] = leaf
                #expect(tree.root == naiveRoot(leaves, depth: depth), "depth \(depth) step \(step)")
                #expect(try tree.get(index) == leaf)
            }
            for index in 0..<shape.capacity {
                #expect(try tree.inclusionProof(index).verify(root: tree.root, index: index, leaf: leaves[index, default: .zero]))
            }
        }
    }

    @Test func matchesNaiveTreeAtEdgeIndicesOfTwoToThe24Leaves() throws {
        let shape = TreeShape.quaternary(depth: 12), last = shape.capacity - 1
        #expect(shape.capacity == 1 << 24)
        var generator = InsecureSeededGenerator(seed: TestSeed.seed(22))
        // 0 and its three siblings, the last index and its siblings, a parent's neighbours, random indices.
        let edges: [UInt64] = [0, 1, 2, 3, 4, 15, 16, last, last - 1, last - 2, last - 3, last - 4, 1 << 22, (1 << 22) - 1]
        let indices = edges + (0..<10).map { _ in UInt64.random(in: 0...last, using: &generator) }
        var leaves: [UInt64: Fr] = [:]
        let tree = try SparseMerkleTree(shape: shape, store: InMemoryTreeStore())
        for index in indices {
            leaves[index] = Fr.random(using: &generator)
            let proof = try tree.update(index, leaves[index]!)
            #expect(proof.siblings.count == 12 && proof.siblings.allSatisfy { $0.count == 3 })
            #expect(tree.root == naiveRoot(leaves, depth: 12), "index \(index)")
        }
        for index in indices {
            #expect(try tree.inclusionProof(index).verify(root: tree.root, index: index, leaf: leaves[index]!))
        }
    }

    @Test func batchUpdateEqualsUpdatesOneByOne() throws {
        var generator = InsecureSeededGenerator(seed: TestSeed.seed(23))
        let shape = TreeShape.quaternary(depth: 6)
        let start = (0..<30).map { _ in (UInt64.random(in: 0..<shape.capacity, using: &generator), Fr.random(using: &generator)) }
        for threads in [1, 2, 4] {
            let single = try filledTree(shape, Dictionary(start, uniquingKeysWith: { $1 }))
            let batched = try filledTree(shape, Dictionary(start, uniquingKeysWith: { $1 }))
            // Siblings sharing parents, a repeated index (the last value wins), a cleared leaf, random indices.
            var updates: [(index: UInt64, leaf: Fr)] = [(8, Fr(1)), (9, Fr(2)), (11, Fr(3)), (8, Fr(4)), (start[0].0, .zero), (4095, Fr(5))]
            updates += (0..<40).map { _ in (UInt64.random(in: 0..<shape.capacity, using: &generator), Fr.random(using: &generator)) }
            for update in updates { try single.update(update.index, update.leaf) }
            let root = try batched.update(batch: updates, threads: threads)
            #expect(root == single.root && batched.root == single.root, "threads \(threads)")
            #expect(batched.store.storedNodeCount == single.store.storedNodeCount)
            for index in Set(updates.map(\.index) + start.map(\.0)) {
                #expect(try batched.inclusionProof(index) == (try single.inclusionProof(index)))
            }
        }
        let cleared = try filledTree(shape, [5: Fr(7)])
        #expect(try cleared.update(batch: [(5, .zero)], threads: 2) == EmptyTree.roots[6] && cleared.store.storedNodeCount == 0)
        #expect(throws: SparseMerkleTreeError.indexOutOfRange(index: 4096, shape: shape)) { try cleared.update(batch: [(4096, .one)], threads: 1) }
    }

    /// The executor's path: a sequence of changes and reads hashed level by level gives each step the
    /// proof `update(_:_:)` (or, for a read, `inclusionProof`) gives at that point, and the same tree after.
    @Test func sequenceUpdateEqualsUpdatesOneByOne() throws {
        var generator = InsecureSeededGenerator(seed: TestSeed.seed(24))
        for depth in [1, 3, 6] {
            let shape = TreeShape.quaternary(depth: depth)
            let start = (0..<20).map { _ in (UInt64.random(in: 0..<shape.capacity, using: &generator), Fr.random(using: &generator)) }
            // A repeated index, siblings of one parent, a cleared leaf, reads before and after changes of the same leaf,
            // the last index, then random changes and reads.
            var steps: [TreeStep] = [
                .init(index: 0, leaf: nil), .init(index: 1, leaf: Fr(1)), .init(index: 2, leaf: Fr(2)), .init(index: 1, leaf: Fr(3)),
                .init(index: 1, leaf: nil), .init(index: start[0].0, leaf: .zero), .init(index: start[0].0, leaf: nil),
                .init(index: shape.capacity - 1, leaf: Fr(4)), .init(index: 0, leaf: nil),
            ]
            steps += (0..<40).map { step in
                .init(index: UInt64.random(in: 0..<shape.capacity, using: &generator), leaf: step % 3 == 2 ? nil : Fr.random(using: &generator))
            }
            for threads in [1, 2, 3] {
                let single = try filledTree(shape, Dictionary(start, uniquingKeysWith: { $1 }))
                let sequenced = try filledTree(shape, Dictionary(start, uniquingKeysWith: { $1 }))
                let expected = try steps.map { step in
                    if let leaf = step.leaf { return try single.update(step.index, leaf) }
                    let leaf = try single.get(step.index)
                    return UpdateProof(index: step.index, oldLeaf: leaf, newLeaf: leaf, siblings: try single.inclusionProof(step.index).siblings,
                                       oldRoot: single.root, newRoot: single.root)
                }
                let proofs = try sequenced.update(sequence: steps, threads: threads)
                #expect(proofs == expected, "depth \(depth), threads \(threads)")
                #expect(sequenced.root == single.root && sequenced.store.storedNodeCount == single.store.storedNodeCount)
                for index in Set(steps.map(\.index) + start.map(\.0)) {
                    #expect(try sequenced.inclusionProof(index) == (try single.inclusionProof(index)))
                }
            }
        }
        let tree = try filledTree(.quaternary(depth: 2), [5: Fr(7)])
        #expect(try tree.update(sequence: [], threads: 2).isEmpty && tree.root == (try filledTree(.quaternary(depth: 2), [5: Fr(7)])).root)
        #expect(throws: SparseMerkleTreeError.indexOutOfRange(index: 16, shape: .quaternary(depth: 2))) {
            try tree.update(sequence: [.init(index: 3, leaf: .one), .init(index: 16, leaf: nil)], threads: 1)
        }
        #expect(try tree.get(3) == .zero)  // nothing applied when a step is out of range
    }

    /// The executor's path since the paths moved to the prover: the deferred update leaves the tree
    /// the sequence leaves, and its opening alone, replayed, gives the sequence's proofs; without one
    /// of its non-empty nodes the replay gives other proofs.
    @Test func deferredUpdateReplaysToTheSequenceProofs() throws {
        var generator = InsecureSeededGenerator(seed: TestSeed.seed(25))
        for depth in [1, 3, 6] {
            let shape = TreeShape.quaternary(depth: depth)
            let start = Dictionary((0..<20).map { _ in (UInt64.random(in: 0..<shape.capacity, using: &generator), Fr.random(using: &generator)) },
                                   uniquingKeysWith: { $1 })
            let first = start.keys.min()!
            var steps: [TreeStep] = [
                .init(index: 0, leaf: nil), .init(index: 1, leaf: Fr(1)), .init(index: 1, leaf: nil), .init(index: 1, leaf: Fr(3)),
                .init(index: first, leaf: .zero), .init(index: first, leaf: nil), .init(index: shape.capacity - 1, leaf: Fr(4)),
            ]
            steps += (0..<40).map { step in
                .init(index: UInt64.random(in: 0..<shape.capacity, using: &generator), leaf: step % 3 == 2 ? nil : Fr.random(using: &generator))
            }
            for threads in [1, 2, 3] {
                let sequenced = try filledTree(shape, start), deferred = try filledTree(shape, start)
                let expected = try sequenced.update(sequence: steps, threads: threads)
                let opened = try deferred.updateDeferringProofs(steps, threads: threads)
                #expect(opened.oldRoot == (try filledTree(shape, start)).root)
                let replay = try opened.proofs(threads: threads)
                #expect(replay.proofs == expected && replay.newRoot == sequenced.root, "depth \(depth), threads \(threads)")
                #expect(deferred.root == sequenced.root && deferred.store.storedNodeCount == sequenced.store.storedNodeCount)
                for index in Set(steps.map(\.index) + start.keys) {
                    #expect(try deferred.inclusionProof(index) == (try sequenced.inclusionProof(index)))
                }
                let keys = opened.nodes.map(\.key)
                #expect(keys == keys.sorted { ($0.level, $0.index) < ($1.level, $1.index) } && Set(keys).count == keys.count)
                let leaf = try #require(opened.nodes.firstIndex { $0.key.level == 0 })
                let missing = OpenedSequence(shape: shape, steps: steps, nodes: opened.nodes.enumerated().filter { $0.offset != leaf }.map(\.element))
                #expect(try missing.proofs(threads: threads).proofs != expected)
            }
        }
        let reads = try filledTree(.quaternary(depth: 2), [5: Fr(7)])
        let opened = try reads.updateDeferringProofs([.init(index: 5, leaf: nil), .init(index: 0, leaf: nil)], threads: 2)
        #expect(reads.root == (try filledTree(.quaternary(depth: 2), [5: Fr(7)])).root && opened.oldRoot == reads.root)
        #expect(throws: SparseMerkleTreeError.indexOutOfRange(index: 16, shape: .quaternary(depth: 2))) {
            try reads.updateDeferringProofs([.init(index: 3, leaf: .one), .init(index: 16, leaf: nil)], threads: 1)
        }
        #expect(try reads.get(3) == .zero)
    }

    @Test func clearingEveryLeafEmptiesTheStore() throws {
        let store = InMemoryTreeStore()
        let tree = try SparseMerkleTree(shape: .quaternary(depth: 4), store: store)
        for index: UInt64 in [3, 200, 255] { try tree.update(index, Fr(index + 1)) }
        for index: UInt64 in [3, 200, 255] { try tree.update(index, .zero) }
        #expect(tree.root == EmptyTree.roots[4] && store.storedNodeCount == 0)
    }

    @Test func proofsDoNotTransfer() throws {
        let tree = try SparseMerkleTree(shape: .quaternary(depth: 8), store: InMemoryTreeStore())
        try tree.update(5, Fr(50))
        try tree.update(6, Fr(60))
        let proof = try tree.inclusionProof(5)
        #expect(proof.verify(root: tree.root, index: 5, leaf: Fr(50)))
        #expect(!proof.verify(root: tree.root, index: 6, leaf: Fr(60)))
        #expect(!proof.verify(root: tree.root, index: 5, leaf: Fr(60)))
        for sibling: UInt64 in [4, 6, 7, 1, 21] { #expect(!proof.verify(root: tree.root, index: sibling, leaf: Fr(50))) }
        #expect(!proof.verify(root: tree.root, index: 1 << 16 | 5, leaf: Fr(50)))
        #expect(!MerkleProof(siblings: Array(proof.siblings.dropLast()) + [Array(proof.siblings[7].prefix(2))]).verify(root: tree.root, index: 5, leaf: Fr(50)))
        let update = try tree.update(5, Fr(51))
        #expect(update.verify())
        #expect(!UpdateProof(index: 6, oldLeaf: update.oldLeaf, newLeaf: update.newLeaf, siblings: update.siblings,
                             oldRoot: update.oldRoot, newRoot: update.newRoot).verify())
        #expect(!UpdateProof(index: 5, oldLeaf: update.oldLeaf, newLeaf: Fr(52), siblings: update.siblings,
                             oldRoot: update.oldRoot, newRoot: update.newRoot).verify())
    }

    @Test func rejectsBadArguments() throws {
        for shape in [TreeShape.quaternary(depth: 0), .quaternary(depth: 17), TreeShape(arity: 2, depth: 24)] {
            #expect(throws: SparseMerkleTreeError.unsupportedShape(shape)) { try SparseMerkleTree(shape: shape, store: InMemoryTreeStore()) }
        }
        let shape = TreeShape.quaternary(depth: 16)
        let tree = try SparseMerkleTree(shape: shape, store: InMemoryTreeStore())
        try tree.update(UInt64(UInt32.max), Fr(1))
        #expect(try tree.inclusionProof(UInt64(UInt32.max)).verify(root: tree.root, index: UInt64(UInt32.max), leaf: Fr(1)))
        #expect(throws: SparseMerkleTreeError.indexOutOfRange(index: 1 << 32, shape: shape)) { try tree.update(1 << 32, Fr(1)) }
        #expect(throws: SparseMerkleTreeError.noOpenBatch) { try tree.commitBatch() }
        try tree.beginBatch()
        #expect(throws: SparseMerkleTreeError.batchAlreadyOpen) { try tree.beginBatch() }
    }

    @Test func inMemoryRollbackRestoresRoot() throws {
        let store = InMemoryTreeStore()
        let tree = try SparseMerkleTree(shape: .quaternary(depth: 5), store: store)
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
