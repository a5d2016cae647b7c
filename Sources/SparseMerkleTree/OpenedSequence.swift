import BN254

/// One step of a leaf sequence (`SparseMerkleTree.update(sequence:threads:)`): set leaf `index`
/// to `leaf`, or only read its path (`leaf` nil).
public struct TreeStep: Hashable, Sendable {
    public let index: UInt64
    public let leaf: Fr?

    public init(index: UInt64, leaf: Fr?) {
        self.index = index
        self.leaf = leaf
    }
}

/// A node and its value.
public struct NodeValue: Hashable, Sendable {
    public let key: NodeKey
    public let value: Fr

    public init(key: NodeKey, value: Fr) {
        self.key = key
        self.value = value
    }
}

/// A leaf sequence with the nodes it reads as they stood before it: with these alone a tree over
/// an in-memory store replays the sequence and gives every step's proof, so the executor needs to
/// hash only the batch's final tree and the prover, holding none of the tree, hashes the paths.
public struct OpenedSequence: Hashable, Sendable {
    public let shape: TreeShape
    public let steps: [TreeStep]
    /// The non-empty nodes the steps read before the first (each step's path node and its three
    /// siblings at every level below the root, and the root), by level then index.
    public let nodes: [NodeValue]

    public init(shape: TreeShape, steps: [TreeStep], nodes: [NodeValue]) {
        self.shape = shape
        self.steps = steps
        self.nodes = nodes
    }

    /// The root before the first step.
    public var oldRoot: Fr {
        nodes.last { $0.key == NodeKey(level: shape.depth, index: 0) }?.value ?? EmptyTree.roots[shape.depth]
    }

    /// Every step's proof, as `SparseMerkleTree.update(sequence:threads:)` gives them on the whole
    /// tree, its hashes on `threads` threads; and the root after the last step.
    public func proofs(threads: Int) throws -> (proofs: [UpdateProof], newRoot: Fr) {
        let store = InMemoryTreeStore()
        store.write(nodes.map { NodeWrite(key: $0.key, value: $0.value) })
        let tree = try SparseMerkleTree(shape: shape, store: store)
        let proofs = try tree.update(sequence: steps, threads: threads)
        return (proofs, tree.root)
    }
}

extension SparseMerkleTree {
    /// Applies `steps` in order without their proofs: returns the nodes they read as they stand
    /// now, and hashes only the tree they leave (`update(batch:threads:)`, each changed node once,
    /// on `threads` threads; the last change of a leaf wins, as in sequence). The proofs, when
    /// wanted, are `OpenedSequence.proofs(threads:)`: the same as `update(sequence:threads:)`.
    public func updateDeferringProofs(_ steps: [TreeStep], threads: Int) throws -> OpenedSequence {
        for step in steps { try checkIndex(step.index) }
        var read = Set<NodeKey>()
        for level in 0..<depth {
            let shift = UInt64(2 * level)
            for parent in Set(steps.lazy.map { $0.index >> (shift + 2) }) {
                for child in parent << 2..<(parent << 2) + 4 { read.insert(NodeKey(level: level, index: child)) }
            }
        }
        read.insert(NodeKey(level: depth, index: 0))
        var nodes: [NodeValue] = []
        for key in read.sorted(by: { ($0.level, $0.index) < ($1.level, $1.index) }) {
            if let value = try store.node(at: key) { nodes.append(NodeValue(key: key, value: value)) }
        }
        try update(batch: steps.compactMap { step in step.leaf.map { (step.index, $0) } }, threads: threads)
        return OpenedSequence(shape: shape, steps: steps, nodes: nodes)
    }
}
