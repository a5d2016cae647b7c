import BN254
import Circuit
import Poseidon

/// Where a path node sits among its parent's four children: position = low + 2·high, with
/// `both` = low·high (the booleans come from the index's bits, LSB first).
public struct MerkleChildPosition: Sendable {
    /// Bit 0 of the position.
    public let low: LinearCombination
    /// Bit 1 of the position.
    public let high: LinearCombination
    /// low·high: 1 for the last child.
    public let both: LinearCombination
}

/// Merkle-path gadgets for `SparseMerkleTree` (node = circomlib `Poseidon(4)` of the four
/// children, two index bits per level LSB first from the leaf up, three siblings per level).
extension ConstraintSystem {
    /// The root `leaf` hashes up to. Per level, 3 constraints put the current node c at its
    /// position among the siblings s0, s1, s2: with first = (1 − low)(1 − high) (linear given
    /// `both`), w0 = first·(c − s0), w1 = (1 − high)·(c − s1), w3 = both·(c − s2), the children
    /// are (s0 + w0, s1 + w1 − w0, c − w1 − w3, s2 + w3); then 297 for Poseidon(4).
    public mutating func merkleRoot(leaf: LinearCombination, positions: [MerkleChildPosition], siblings: [[LinearCombination]]) -> LinearCombination {
        precondition(positions.count == siblings.count && siblings.allSatisfy { $0.count == 3 }, "one position and three siblings per level")
        return withNamespace("merkleRoot") { cs in
            var current = leaf
            for (position, sibling) in zip(positions, siblings) {
                let first = 1 - position.low - position.high + position.both
                let w0 = cs.multiply(first, current - sibling[0]).linearCombination
                let w1 = cs.multiply(1 - position.high, current - sibling[1]).linearCombination
                let w3 = cs.multiply(position.both, current - sibling[2]).linearCombination
                current = cs.poseidon([sibling[0] + w0, sibling[1] + w1 - w0, current - w1 - w3, sibling[2] + w3])
            }
            return current
        }
    }

    /// The child positions of `index`'s path in a tree of `depth` levels: its 2·depth bits (LSB
    /// first; 2·depth + 1 constraints, which also enforce index < 4^depth, circomlib Num2Bits) and
    /// one product per level.
    public mutating func merklePathPositions(index: some LinearCombinationConvertible, depth: Int) -> [MerkleChildPosition] {
        let bits = toBits(index, count: 2 * depth).map(\.linearCombination)
        return (0..<depth).map { level in
            let low = bits[2 * level], high = bits[2 * level + 1]
            return MerkleChildPosition(low: low, high: high, both: multiply(low, high).linearCombination)
        }
    }

    /// Constrains `leaf` to be at `index` under `root` (depth = siblings.count).
    public mutating func assertMerkleInclusion(
        leaf: some LinearCombinationConvertible, index: some LinearCombinationConvertible,
        siblings: [[LinearCombination]], root: some LinearCombinationConvertible
    ) {
        withNamespace("merkleInclusion") { cs in
            let positions = cs.merklePathPositions(index: index, depth: siblings.count)
            cs.assertEqual(cs.merkleRoot(leaf: leaf.linearCombination, positions: positions, siblings: siblings), root)
        }
    }

    /// The root after replacing `oldLeaf` at `index` by `newLeaf`, constraining that `oldLeaf`
    /// with the same siblings hashes to `oldRoot` (the circuit form of `UpdateProof.verify`).
    public mutating func merkleUpdate(
        oldLeaf: some LinearCombinationConvertible, newLeaf: some LinearCombinationConvertible,
        index: some LinearCombinationConvertible, siblings: [[LinearCombination]], oldRoot: some LinearCombinationConvertible
    ) -> LinearCombination {
        withNamespace("merkleUpdate") { cs in
            let positions = cs.merklePathPositions(index: index, depth: siblings.count)
            cs.assertEqual(cs.merkleRoot(leaf: oldLeaf.linearCombination, positions: positions, siblings: siblings), oldRoot)
            return cs.merkleRoot(leaf: newLeaf.linearCombination, positions: positions, siblings: siblings)
        }
    }
}
