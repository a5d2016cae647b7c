import BN254
import Poseidon

/// A Merkle path: the siblings of a leaf from the bottom level up (see `SparseMerkleTree` for
/// the index convention: bit ℓ of the index set = the path node at level ℓ is a right child).
public struct MerkleProof: Equatable, Sendable {
    /// The siblings, level 0 first; their count is the depth.
    public let siblings: [Fr]

    /// A proof with these siblings.
    public init(siblings: [Fr]) { self.siblings = siblings }

    /// The root that `leaf` at `index` hashes up to, nil when `index` ≥ 2^depth.
    public func root(index: UInt64, leaf: Fr) -> Fr? {
        guard index >> UInt64(siblings.count) == 0 else { return nil }
        var current = leaf
        for (level, sibling) in siblings.enumerated() {
            let isRight = (index >> UInt64(level)) & 1 == 1
            current = isRight ? Poseidon.hash(sibling, current) : Poseidon.hash(current, sibling)
        }
        return current
    }

    /// Whether `leaf` is at `index` in the tree with root `root`.
    public func verify(root: Fr, index: UInt64, leaf: Fr) -> Bool {
        self.root(index: index, leaf: leaf) == root
    }
}

/// The change of one leaf: the same siblings take `oldLeaf` to `oldRoot` and `newLeaf` to `newRoot`.
public struct UpdateProof: Equatable, Sendable {
    /// The leaf index.
    public let index: UInt64
    /// The leaf before the update.
    public let oldLeaf: Fr
    /// The leaf after the update.
    public let newLeaf: Fr
    /// The siblings of the leaf's path, bottom-up (unchanged by the update).
    public let siblings: [Fr]
    /// The root before the update.
    public let oldRoot: Fr
    /// The root after the update.
    public let newRoot: Fr

    /// The proof of setting leaf `index` from `oldLeaf` to `newLeaf`.
    public init(index: UInt64, oldLeaf: Fr, newLeaf: Fr, siblings: [Fr], oldRoot: Fr, newRoot: Fr) {
        self.index = index
        self.oldLeaf = oldLeaf
        self.newLeaf = newLeaf
        self.siblings = siblings
        self.oldRoot = oldRoot
        self.newRoot = newRoot
    }

    /// Whether both the old and the new leaf hash through the siblings to their roots.
    public func verify() -> Bool {
        let path = MerkleProof(siblings: siblings)
        return path.verify(root: oldRoot, index: index, leaf: oldLeaf) && path.verify(root: newRoot, index: index, leaf: newLeaf)
    }
}
