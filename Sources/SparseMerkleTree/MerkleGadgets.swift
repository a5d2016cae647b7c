import BN254
import Circuit
import Poseidon

/// Merkle-path gadgets for `SparseMerkleTree` (node = circomlib `Poseidon(2)`, index bits LSB
/// first from the leaf up; cf. circomlib `smt/smtlevins.circom`'s switcher for the swap).
extension ConstraintSystem {
    /// The root `leaf` hashes up to: per level one constraint for the swap (m = bit·(sibling −
    /// current), left = current + m, right = sibling − m) and 240 for Poseidon. The bits must
    /// already be boolean.
    public mutating func merkleRoot(leaf: LinearCombination, pathBits: [LinearCombination], siblings: [LinearCombination]) -> LinearCombination {
        precondition(pathBits.count == siblings.count, "one path bit per sibling")
        return withNamespace("merkleRoot") { cs in
            var current = leaf
            for (bit, sibling) in zip(pathBits, siblings) {
                let swap = cs.multiply(bit, sibling - current)
                current = cs.poseidon(current + swap, sibling - swap)
            }
            return current
        }
    }

    /// The bits of `index` (LSB first) for a tree of `depth` levels: depth + 1 constraints,
    /// which also enforce index < 2^depth (circomlib Num2Bits).
    public mutating func merklePathBits(index: some LinearCombinationConvertible, depth: Int) -> [LinearCombination] {
        toBits(index, count: depth).map(\.linearCombination)
    }

    /// Constrains `leaf` to be at `index` under `root` (depth = siblings.count).
    public mutating func assertMerkleInclusion(
        leaf: some LinearCombinationConvertible, index: some LinearCombinationConvertible,
        siblings: [LinearCombination], root: some LinearCombinationConvertible
    ) {
        withNamespace("merkleInclusion") { cs in
            let bits = cs.merklePathBits(index: index, depth: siblings.count)
            cs.assertEqual(cs.merkleRoot(leaf: leaf.linearCombination, pathBits: bits, siblings: siblings), root)
        }
    }

    /// The root after replacing `oldLeaf` at `index` by `newLeaf`, constraining that `oldLeaf`
    /// with the same siblings hashes to `oldRoot` (the circuit form of `UpdateProof.verify`).
    public mutating func merkleUpdate(
        oldLeaf: some LinearCombinationConvertible, newLeaf: some LinearCombinationConvertible,
        index: some LinearCombinationConvertible, siblings: [LinearCombination], oldRoot: some LinearCombinationConvertible
    ) -> LinearCombination {
        withNamespace("merkleUpdate") { cs in
            let bits = cs.merklePathBits(index: index, depth: siblings.count)
            cs.assertEqual(cs.merkleRoot(leaf: oldLeaf.linearCombination, pathBits: bits, siblings: siblings), oldRoot)
            return cs.merkleRoot(leaf: newLeaf.linearCombination, pathBits: bits, siblings: siblings)
        }
    }
}
