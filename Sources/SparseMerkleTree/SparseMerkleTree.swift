import BN254
import Poseidon

/// The rollup's account tree: a quaternary Merkle tree of fixed depth D (1...16) over 4^D leaves,
/// node = Poseidon(c0, c1, c2, c3) of its four children (circomlib `Poseidon(4)`, t = 5, as
/// Loopring's tree), empty leaf 0. Leaf `index` sits at position `index` of level 0; at level ℓ
/// its ancestor is node `index >> 2ℓ`, which is child `(index >> 2ℓ) & 3` of its parent (two
/// position bits per level, LSB first, from the leaf up). Only non-empty nodes are stored; an
/// absent node is the empty-subtree root of its level.
public final class SparseMerkleTree<Store: TreeStore> {
    /// The tree's arity and depth.
    public let shape: TreeShape
    /// The node storage.
    public let store: Store
    /// The current root.
    public private(set) var root: Fr

    /// The number of levels above the leaves.
    public var depth: Int { shape.depth }

    /// The tree over `store` (empty or previously written with the same shape).
    public init(shape: TreeShape, store: Store) throws {
        guard shape.isSupported else { throw SparseMerkleTreeError.unsupportedShape(shape) }
        self.shape = shape
        self.store = store
        root = try store.node(at: NodeKey(level: shape.depth, index: 0)) ?? EmptyTree.roots[shape.depth]
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
        var siblings: [[Fr]] = [], writes: [NodeWrite] = []
        siblings.reserveCapacity(depth)
        writes.reserveCapacity(depth + 1)
        var current = leaf, position = index
        for level in 0..<depth {
            let levelSiblings = try self.siblings(level: level, of: position)
            siblings.append(levelSiblings)
            writes.append(NodeWrite(key: NodeKey(level: level, index: position), value: stored(current, level: level)))
            current = MerkleProof.parent(of: current, position: Int(position & 3), siblings: levelSiblings)
            position >>= 2
        }
        writes.append(NodeWrite(key: NodeKey(level: depth, index: 0), value: stored(current, level: depth)))
        try store.write(writes)
        let proof = UpdateProof(index: index, oldLeaf: oldLeaf, newLeaf: leaf, siblings: siblings, oldRoot: root, newRoot: current)
        root = current
        return proof
    }

    /// Sets every leaf of `updates` (of one index, the last update wins) and returns the new root:
    /// the same tree as `update(_:_:)` one by one, hashed level by level so that each changed node
    /// is hashed once, the nodes of a level on `threads` threads; one store write for the batch.
    @discardableResult
    public func update(batch updates: [(index: UInt64, leaf: Fr)], threads: Int) throws -> Fr {
        var changed: [UInt64: Fr] = [:]
        for update in updates {
            try checkIndex(update.index)
            changed[update.index] = update.leaf
        }
        guard !changed.isEmpty else { return root }
        var writes: [NodeWrite] = []
        for level in 0..<depth {
            for (index, value) in changed { writes.append(NodeWrite(key: NodeKey(level: level, index: index), value: stored(value, level: level))) }
            let parents = Set(changed.keys.lazy.map { $0 >> 2 }).sorted()
            var children = [Fr](repeating: .zero, count: 4 * parents.count)
            for (slot, parent) in parents.enumerated() {
                for position in 0..<4 {
                    let child = parent << 2 | UInt64(position)
                    children[4 * slot + position] = try changed[child] ?? node(level: level, index: child)
                }
            }
            var hashes = [Fr](repeating: .zero, count: parents.count)
            children.withUnsafeBufferPointer { children in
                hashes.withUnsafeMutableBufferPointer { hashes in
                    runInParallel(chunksOf: parents.count, workers: threads) { range in
                        for slot in range { hashes[slot] = Poseidon.hash(Array(children[4 * slot..<4 * slot + 4])) }
                    }
                }
            }
            changed = Dictionary(uniqueKeysWithValues: zip(parents, hashes))
        }
        let newRoot = changed[0]!
        writes.append(NodeWrite(key: NodeKey(level: depth, index: 0), value: stored(newRoot, level: depth)))
        try store.write(writes)
        root = newRoot
        return newRoot
    }

    /// Applies `steps` in order and returns the proof of each: the proofs, root and stored nodes of
    /// `update(_:_:)` one step at a time (a read's proof has equal old and new leaves and roots),
    /// computed level by level. At a level, step k's siblings are the nodes as they stood before k,
    /// read from that level's history of values (step, value after it), and its parent hash needs
    /// only the level below: the hashes of a level, one per changing step, run on `threads`
    /// threads. Each node is read from the store once; one store write for the sequence.
    public func update(sequence steps: [TreeStep], threads: Int) throws -> [UpdateProof] {
        for step in steps { try checkIndex(step.index) }
        let count = steps.count
        guard count > 0 else { return [] }
        let changes = steps.indices.filter { steps[$0].leaf != nil }
        // after[k]: step k's path node at the current level once step k is done (its value before, for a read).
        var after = [Fr](repeating: .zero, count: count)
        var oldLeaves = [Fr](repeating: .zero, count: count)
        var siblings = [[[Fr]]](repeating: [], count: count)
        var writes: [NodeWrite] = []
        for level in 0...depth {
            let shift = UInt64(2 * level)
            // The values each changed node of this level takes, in step order, and the value before the sequence of
            // every node a step reads (its path node and the three siblings).
            var history: [UInt64: [(step: Int, value: Fr)]] = [:]
            var initial: [UInt64: Fr] = [:]
            for k in 0..<count {
                let position = steps[k].index >> shift
                let first = level == depth ? position : position & ~3
                for node in first...(level == depth ? position : first + 3) where initial[node] == nil {
                    initial[node] = try self.node(level: level, index: node)
                }
            }
            if level == 0 {
                for k in changes { after[k] = steps[k].leaf! }
            }
            for k in changes { history[steps[k].index >> shift, default: []].append((k, after[k])) }
            /// The value of `node` before step `k`: its last change at an earlier step, or its stored value.
            func valueBefore(_ node: UInt64, _ k: Int) -> Fr {
                guard let values = history[node] else { return initial[node]! }
                var low = 0, high = values.count  // the first change at step k or later
                while low < high {
                    let middle = (low + high) / 2
                    if values[middle].step < k { low = middle + 1 } else { high = middle }
                }
                return low == 0 ? initial[node]! : values[low - 1].value
            }
            for k in 0..<count where steps[k].leaf == nil { after[k] = valueBefore(steps[k].index >> shift, k) }
            if level == 0 {
                for k in 0..<count { oldLeaves[k] = valueBefore(steps[k].index, k) }
            }
            for (node, values) in history { writes.append(NodeWrite(key: NodeKey(level: level, index: node), value: stored(values.last!.value, level: level))) }
            if level == depth { break }
            var parents = after
            for k in 0..<count {
                let position = steps[k].index >> shift, first = position & ~3
                siblings[k].append((first..<first + 4).filter { $0 != position }.map { valueBefore($0, k) })
            }
            parents.withUnsafeMutableBufferPointer { parents in
                runInParallel(chunksOf: changes.count, workers: threads) { range in
                    for k in changes[range] {
                        let position = steps[k].index >> shift
                        parents[k] = MerkleProof.parent(of: after[k], position: Int(position & 3), siblings: siblings[k][level])
                    }
                }
            }
            after = parents
        }
        // `after` now holds the root after each step (before it, for a read).
        var proofs: [UpdateProof] = []
        proofs.reserveCapacity(count)
        var root = self.root
        for k in 0..<count {
            let newRoot = steps[k].leaf == nil ? root : after[k]
            proofs.append(UpdateProof(index: steps[k].index, oldLeaf: oldLeaves[k], newLeaf: steps[k].leaf ?? oldLeaves[k], siblings: siblings[k],
                                      oldRoot: root, newRoot: newRoot))
            root = newRoot
        }
        try store.write(writes)
        self.root = root
        return proofs
    }

    /// The siblings of leaf `index`'s path, bottom-up.
    public func inclusionProof(_ index: UInt64) throws -> MerkleProof {
        try checkIndex(index)
        return MerkleProof(siblings: try (0..<depth).map { level in try siblings(level: level, of: index >> UInt64(2 * level)) })
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

    /// The three other children of node `position`'s parent at `level`, left to right.
    private func siblings(level: Int, of position: UInt64) throws -> [Fr] {
        let first = position & ~3
        return try (first..<first + 4).filter { $0 != position }.map { try node(level: level, index: $0) }
    }

    private func node(level: Int, index: UInt64) throws -> Fr {
        try store.node(at: NodeKey(level: level, index: index)) ?? EmptyTree.roots[level]
    }

    private func stored(_ value: Fr, level: Int) -> Fr? { value == EmptyTree.roots[level] ? nil : value }

    func checkIndex(_ index: UInt64) throws {
        guard index < shape.capacity else { throw SparseMerkleTreeError.indexOutOfRange(index: index, shape: shape) }
    }
}

/// Roots of empty subtrees: level 0 is the empty leaf 0, level ℓ + 1 is Poseidon(e_ℓ, e_ℓ, e_ℓ, e_ℓ).
public enum EmptyTree {
    /// The empty-subtree root of each level 0...16.
    public static let roots: [Fr] = {
        var roots = [Fr.zero]
        for _ in 0..<16 { roots.append(Poseidon.hash([Fr](repeating: roots[roots.count - 1], count: 4))) }
        return roots
    }()
}
