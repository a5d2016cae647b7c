import BN254
import Poseidon

/// A Merkle path: per level from the bottom up, the three other children of the path node's
/// parent, left to right (see `SparseMerkleTree` for the index convention: the path node at
/// level ℓ is child `(index >> 2ℓ) & 3` of its parent).
public struct MerkleProof: Equatable, Sendable {
    /// Three siblings per level, level 0 first; their count is the depth.
    public let siblings: [[Fr]]

    /// A proof with these siblings.
    public init(siblings: [[Fr]]) { self.siblings = siblings }

    /// The root that `leaf` at `index` hashes up to, nil when `index` ≥ 4^depth or a level does
    /// not have three siblings.
    public func root(index: UInt64, leaf: Fr) -> Fr? {
        guard siblings.count <= 16, index >> UInt64(2 * siblings.count) == 0, siblings.allSatisfy({ $0.count == 3 }) else { return nil }
        var current = leaf
        for (level, levelSiblings) in siblings.enumerated() {
            current = Self.parent(of: current, position: Int((index >> UInt64(2 * level)) & 3), siblings: levelSiblings)
        }
        return current
    }

    /// Whether `leaf` is at `index` in the tree with root `root`.
    public func verify(root: Fr, index: UInt64, leaf: Fr) -> Bool {
        self.root(index: index, leaf: leaf) == root
    }

    /// The parent of `node` when it is child `position` (0...3) and `siblings` are the other three, in order.
    static func parent(of node: Fr, position: Int, siblings: [Fr]) -> Fr {
        var children = siblings
        children.insert(node, at: position)
        return Poseidon.hash(children)
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
    /// The siblings of the leaf's path, three per level, bottom-up (unchanged by the update).
    public let siblings: [[Fr]]
    /// The root before the update.
    public let oldRoot: Fr
    /// The root after the update.
    public let newRoot: Fr

    /// The proof of setting leaf `index` from `oldLeaf` to `newLeaf`.
    public init(index: UInt64, oldLeaf: Fr, newLeaf: Fr, siblings: [[Fr]], oldRoot: Fr, newRoot: Fr) {
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
