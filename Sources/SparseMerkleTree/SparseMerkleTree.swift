import BN254
import Poseidon

/// The rollup's account tree: a binary Merkle tree of fixed depth D (1...32) over 2^D leaves,
/// node = Poseidon(left, right) (circomlib `Poseidon(2)`), empty leaf 0. Leaf `index` sits at
/// position `index` of level 0; at level ℓ its ancestor is node `index >> ℓ`, which is a right
/// child iff bit ℓ of `index` is 1 (path bits LSB first, from the leaf up). Only non-empty
/// nodes are stored; an absent node is the empty-subtree root of its level.
public final class SparseMerkleTree<Store: TreeStore> {
    /// The number of levels above the leaves.
    public let depth: Int
    /// The node storage.
    public let store: Store
    /// The current root.
    public private(set) var root: Fr

    /// The tree over `store` (empty or previously written with the same depth).
    public init(depth: Int, store: Store) throws {
        guard (1...32).contains(depth) else { throw SparseMerkleTreeError.invalidDepth(depth) }
        self.depth = depth
        self.store = store
        root = try store.node(at: NodeKey(level: depth, index: 0)) ?? EmptyTree.roots[depth]
    }

    /// The leaf at `index` (0 when never set).
    public func get(_ index: UInt64) throws -> Fr {
        try checkIndex(index)
        return try node(level: 0, index: index)
    }

    /// Sets leaf `index` to `leaf` and returns the proof of the change.
    @discardableResult
    public func update(_ index: UInt64, _ leaf: Fr) throws -> UpdateProof {
        try checkIndex(index)
        let oldLeaf = try node(level: 0, index: index)
        var siblings: [Fr] = [], writes: [NodeWrite] = []
        siblings.reserveCapacity(depth)
        writes.reserveCapacity(depth + 1)
        var current = leaf, position = index
        for level in 0..<depth {
            let sibling = try node(level: level, index: position ^ 1)
            siblings.append(sibling)
            writes.append(NodeWrite(key: NodeKey(level: level, index: position), value: stored(current, level: level)))
            current = position & 1 == 0 ? Poseidon.hash(current, sibling) : Poseidon.hash(sibling, current)
            position >>= 1
        }
        writes.append(NodeWrite(key: NodeKey(level: depth, index: 0), value: stored(current, level: depth)))
        try store.write(writes)
        let proof = UpdateProof(index: index, oldLeaf: oldLeaf, newLeaf: leaf, siblings: siblings, oldRoot: root, newRoot: current)
        root = current
        return proof
    }

    /// The siblings of leaf `index`'s path, bottom-up.
    public func inclusionProof(_ index: UInt64) throws -> MerkleProof {
        try checkIndex(index)
        return MerkleProof(siblings: try (0..<depth).map { level in try node(level: level, index: (index >> UInt64(level)) ^ 1) })
    }

    /// Opens a batch: its updates are undone by `rollbackBatch` or by a crash before `commitBatch`.
    public func beginBatch() throws { try store.beginBatch() }

    /// Makes the batch's updates permanent.
    public func commitBatch() throws { try store.commitBatch() }

    /// Undoes the batch's updates and restores the root it started from.
    public func rollbackBatch() throws {
        try store.rollbackBatch()
        root = try store.node(at: NodeKey(level: depth, index: 0)) ?? EmptyTree.roots[depth]
    }

    private func node(level: Int, index: UInt64) throws -> Fr {
        try store.node(at: NodeKey(level: level, index: index)) ?? EmptyTree.roots[level]
    }

    private func stored(_ value: Fr, level: Int) -> Fr? { value == EmptyTree.roots[level] ? nil : value }

    private func checkIndex(_ index: UInt64) throws {
        guard index >> UInt64(depth) == 0 else { throw SparseMerkleTreeError.indexOutOfRange(index: index, depth: depth) }
    }
}

/// Roots of empty subtrees: level 0 is the empty leaf 0, level ℓ + 1 is Poseidon(e_ℓ, e_ℓ).
public enum EmptyTree {
    /// The empty-subtree root of each level 0...32.
    public static let roots: [Fr] = {
        var roots = [Fr.zero]
        for _ in 0..<32 { roots.append(Poseidon.hash(roots[roots.count - 1], roots[roots.count - 1])) }
        return roots
    }()
}
