import BN254
import Circuit
import SparseMerkleTree
import Testing

@Suite("Merkle gadgets")
struct MerkleGadgetTests {
    /// A system proving one update of a depth-`depth` tree; the new root is a public output.
    func updateSystem(depth: Int) -> (ConstraintSystem, gadgetConstraints: Int, newRoot: Variable) {
        var cs = ConstraintSystem()
        let oldRoot = cs.publicInput("oldRoot")
        let oldLeaf = cs.privateInput("oldLeaf"), newLeaf = cs.privateInput("newLeaf"), index = cs.privateInput("index")
        let siblings = (0..<depth).map { LinearCombination(cs.privateInput("sibling\($0)")) }
        let root = cs.merkleUpdate(oldLeaf: oldLeaf, newLeaf: newLeaf, index: index, siblings: siblings, oldRoot: oldRoot)
        let count = cs.constraintCount
        let output = cs.publicOutput("newRoot", equalTo: root)
        return (cs, count, output)
    }

    func assignment(_ proof: UpdateProof) -> [String: Fr] {
        var inputs = ["oldRoot": proof.oldRoot, "oldLeaf": proof.oldLeaf, "newLeaf": proof.newLeaf, "index": Fr(proof.index)]
        for (level, sibling) in proof.siblings.enumerated() { inputs["sibling\(level)"] = sibling }
        return inputs
    }

    @Test func updateMatchesNative() throws {
        var generator = InsecureSeededGenerator(seed: TestSeed.seed(5))
        let depth = 6
        let (cs, _, newRoot) = updateSystem(depth: depth)
        let tree = try SparseMerkleTree(depth: depth, store: InMemoryTreeStore())
        // Fill every leaf so that swapping a path bit changes the hashes.
        for index: UInt64 in 0..<64 { try tree.update(index, Fr.random(using: &generator)) }
        for _ in 0..<12 {
            let proof = try tree.update(UInt64.random(in: 0..<64, using: &generator), Fr.random(using: &generator))
            let witness = try cs.generateWitness(inputs: assignment(proof))
            #expect(try cs.check(witness) == nil)
            #expect(cs.value(of: newRoot, in: witness) == proof.newRoot)
            var wrongRoot = assignment(proof)
            wrongRoot["oldRoot"] = proof.newRoot + .one
            #expect(try cs.check(cs.generateWitness(inputs: wrongRoot))?.path == "merkleUpdate")
            var wrongIndex = assignment(proof)
            wrongIndex["index"] = Fr(proof.index ^ 1)
            #expect(try cs.check(cs.generateWitness(inputs: wrongIndex)) != nil)
            var tampered = witness
            tampered.values[tampered.values.count - 3] += .one
            #expect(try cs.check(tampered) != nil)
        }
    }

    @Test func inclusion() throws {
        let tree = try SparseMerkleTree(depth: 8, store: InMemoryTreeStore())
        try tree.update(200, Fr(9))
        try tree.update(201, Fr(10))
        var cs = ConstraintSystem()
        let root = cs.publicInput("root"), leaf = cs.privateInput("leaf"), index = cs.privateInput("index")
        let siblings = (0..<8).map { LinearCombination(cs.privateInput("sibling\($0)")) }
        cs.assertMerkleInclusion(leaf: leaf, index: index, siblings: siblings, root: root)
        #expect(cs.constraintCount == 9 + 8 * 241 + 1)
        var inputs = ["root": tree.root, "leaf": Fr(9), "index": Fr(200)]
        for (level, sibling) in try tree.inclusionProof(200).siblings.enumerated() { inputs["sibling\(level)"] = sibling }
        #expect(try cs.check(cs.generateWitness(inputs: inputs)) == nil)
        inputs["index"] = Fr(201)
        #expect(try cs.check(cs.generateWitness(inputs: inputs)) != nil)
        inputs["index"] = Fr(200 + 256)
        #expect(try cs.check(cs.generateWitness(inputs: inputs)) != nil)
    }

    @Test func updateConstraintCount() {
        // toBits: D + 1; per level and path: swap 1 + Poseidon 240; old-root check 1.
        #expect(updateSystem(depth: 24).gadgetConstraints == 25 + 2 * 24 * 241 + 1)
    }
}
