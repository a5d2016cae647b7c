import BN254
import Circuit
import SparseMerkleTree
import Testing

/// The private inputs `sibling[level][k]`: three per level.
func siblingInputs(_ cs: inout ConstraintSystem, depth: Int) -> [[LinearCombination]] {
    (0..<depth).map { level in (0..<3).map { LinearCombination(cs.privateInput("sibling[\(level)][\($0)]")) } }
}

/// The values of the `sibling[level][k]` inputs.
func siblingAssignment(_ siblings: [[Fr]]) -> [String: Fr] {
    var inputs: [String: Fr] = [:]
    for (level, three) in siblings.enumerated() {
        for (k, sibling) in three.enumerated() { inputs["sibling[\(level)][\(k)]"] = sibling }
    }
    return inputs
}

@Suite("Merkle gadgets")
struct MerkleGadgetTests {
    /// A system proving one update of a depth-`depth` tree; the new root is a public output.
    func updateSystem(depth: Int) -> (ConstraintSystem, gadgetConstraints: Int, newRoot: Variable) {
        var cs = ConstraintSystem()
        let oldRoot = cs.publicInput("oldRoot")
        let oldLeaf = cs.privateInput("oldLeaf"), newLeaf = cs.privateInput("newLeaf"), index = cs.privateInput("index")
        let siblings = siblingInputs(&cs, depth: depth)
        let root = cs.merkleUpdate(oldLeaf: oldLeaf, newLeaf: newLeaf, index: index, siblings: siblings, oldRoot: oldRoot)
        let count = cs.constraintCount
        let output = cs.publicOutput("newRoot", equalTo: root)
        return (cs, count, output)
    }

    func assignment(_ proof: UpdateProof) -> [String: Fr] {
        ["oldRoot": proof.oldRoot, "oldLeaf": proof.oldLeaf, "newLeaf": proof.newLeaf, "index": Fr(proof.index)]
            .merging(siblingAssignment(proof.siblings)) { $1 }
    }

    @Test func updateMatchesNativeAndRejectsForgedPaths() throws {
        var generator = InsecureSeededGenerator(seed: TestSeed.seed(5))
        let depth = 3
        let (cs, _, newRoot) = updateSystem(depth: depth)
        let tree = try SparseMerkleTree(shape: .quaternary(depth: depth), store: InMemoryTreeStore())
        // Fill every leaf so that moving the node to another child position changes the hashes.
        for index: UInt64 in 0..<64 { try tree.update(index, Fr.random(using: &generator)) }
        for index: UInt64 in [0, 1, 2, 3, 22, 45, 60, 63] {
            let proof = try tree.update(index, Fr.random(using: &generator))
            let witness = try cs.generateWitness(inputs: assignment(proof))
            #expect(try cs.check(witness) == nil)
            #expect(cs.value(of: newRoot, in: witness) == proof.newRoot)
            var wrongRoot = assignment(proof)
            wrongRoot["oldRoot"] = proof.newRoot + .one
            #expect(try cs.check(cs.generateWitness(inputs: wrongRoot))?.path == "merkleUpdate")
            // Each position bit of each level flipped: the node sits at another child, the old root differs.
            for bit in 0..<2 * depth {
                var wrongIndex = assignment(proof)
                wrongIndex["index"] = Fr(proof.index ^ (1 << UInt64(bit)))
                #expect(try cs.check(cs.generateWitness(inputs: wrongIndex))?.path == "merkleUpdate", "index \(index) bit \(bit)")
            }
            // Each sibling forged in turn.
            for level in 0..<depth {
                for k in 0..<3 {
                    var forged = assignment(proof)
                    forged["sibling[\(level)][\(k)]"]! += .one
                    #expect(try cs.check(cs.generateWitness(inputs: forged))?.path == "merkleUpdate", "sibling[\(level)][\(k)]")
                }
            }
        }
    }

    @Test func forgedPositionWiresFailAtThePathGadget() throws {
        let tree = try SparseMerkleTree(shape: .quaternary(depth: 2), store: InMemoryTreeStore())
        for index: UInt64 in 0..<16 { try tree.update(index, Fr(index + 100)) }
        var cs = ConstraintSystem()
        let root = cs.publicInput("root"), leaf = cs.privateInput("leaf"), index = cs.privateInput("index")
        let siblings = siblingInputs(&cs, depth: 2)
        let positions = cs.withNamespace("positions") { $0.merklePathPositions(index: index, depth: 2) }
        cs.withNamespace("root") { $0.assertEqual($0.merkleRoot(leaf: leaf.linearCombination, positions: positions, siblings: siblings), root) }
        let inputs = ["root": tree.root, "leaf": Fr(109), "index": Fr(9)].merging(siblingAssignment(try tree.inclusionProof(9).siblings)) { $1 }
        let witness = try cs.generateWitness(inputs: inputs)
        #expect(try cs.check(witness) == nil)
        // A bit that disagrees with the index breaks its recomposition (positions/toBits); a wrong product its own constraint.
        for wire in positions.flatMap({ [$0.low, $0.high, $0.both] }) {
            var forged = witness
            forged.values[cs.wire(of: wire.terms[0].variable)] = .one - witness.values[cs.wire(of: wire.terms[0].variable)]
            let path = try cs.check(forged)?.path
            #expect(path?.hasPrefix("positions") == true, "\(path ?? "satisfied")")
        }
    }

    @Test func inclusion() throws {
        let tree = try SparseMerkleTree(shape: .quaternary(depth: 4), store: InMemoryTreeStore())
        try tree.update(200, Fr(9))
        try tree.update(201, Fr(10))
        var cs = ConstraintSystem()
        let root = cs.publicInput("root"), leaf = cs.privateInput("leaf"), index = cs.privateInput("index")
        cs.assertMerkleInclusion(leaf: leaf, index: index, siblings: siblingInputs(&cs, depth: 4), root: root)
        // Bits 2·4 + 1, products 4, per level 3 + Poseidon(4) 297, the root check 1.
        #expect(cs.constraintCount == 9 + 4 + 4 * 300 + 1)
        var inputs = ["root": tree.root, "leaf": Fr(9), "index": Fr(200)].merging(siblingAssignment(try tree.inclusionProof(200).siblings)) { $1 }
        #expect(try cs.check(cs.generateWitness(inputs: inputs)) == nil)
        for other: UInt64 in [201, 202, 203, 204, 200 + 256] {
            inputs["index"] = Fr(other)
            #expect(try cs.check(cs.generateWitness(inputs: inputs)) != nil, "index \(other)")
        }
    }

    @Test func updateConstraintCount() {
        // Bits 2D + 1 and D products; per level and path: select 3 + Poseidon(4) 297; old-root check 1.
        #expect(updateSystem(depth: 12).gadgetConstraints == 25 + 12 + 2 * 12 * 300 + 1)
    }
}
