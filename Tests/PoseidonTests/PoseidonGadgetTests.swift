import BN254
import Circuit
import Poseidon
import Testing

@Suite("Poseidon gadget")
struct PoseidonGadgetTests {
    /// A system hashing `count` private inputs with the first `outputs` lanes as public outputs.
    func system(inputs count: Int, initialState: Bool = false, outputs: Int = 1) -> (ConstraintSystem, hashConstraints: Int, [Variable]) {
        var cs = ConstraintSystem()
        let inputs = (0..<count).map { LinearCombination(cs.privateInput("in\($0)")) }
        let state: LinearCombination = initialState ? LinearCombination(cs.privateInput("init")) : 0
        let hashes = cs.poseidon(inputs, initialState: state, outputs: outputs)
        let hashConstraints = cs.constraintCount
        let outs = hashes.enumerated().map { cs.publicOutput("out\($0.offset)", equalTo: $0.element) }
        return (cs, hashConstraints, outs)
    }

    @Test func matchesNativeForEveryWidth() throws {
        var generator = InsecureSeededGenerator(seed: TestSeed.seed(7))
        for count in 1...Poseidon.maxInputs {
            let (cs, _, outs) = system(inputs: count)
            let values = (0..<count).map { _ in Fr.random(using: &generator) }
            var assignment: [String: Fr] = [:]
            for (i, value) in values.enumerated() { assignment["in\(i)"] = value }
            var witness = try cs.generateWitness(inputs: assignment)
            #expect(cs.value(of: outs[0], in: witness) == Poseidon.hash(values), "width \(count + 1)")
            #expect(try cs.check(witness) == nil, "width \(count + 1)")
            let tampered = witness.values.count - 1 - Int.random(in: 0..<(witness.values.count / 2), using: &generator)
            witness.values[tampered] += .one
            #expect(try cs.check(witness)?.path.hasPrefix("poseidon") == true, "width \(count + 1)")
        }
    }

    @Test func multipleOutputsAndInitialState() throws {
        var generator = InsecureSeededGenerator(seed: TestSeed.seed(11))
        for count in [2, 5] {
            let (cs, _, outs) = system(inputs: count, initialState: true, outputs: count + 1)
            let values = (0...count).map { _ in Fr.random(using: &generator) }
            var assignment = ["init": values[0]]
            for i in 0..<count { assignment["in\(i)"] = values[i + 1] }
            let witness = try cs.generateWitness(inputs: assignment)
            #expect(outs.map { cs.value(of: $0, in: witness) } == Poseidon.permutation(values))
            #expect(try cs.check(witness) == nil)
        }
    }

    @Test func constraintCounts() {
        // circomlib: 3 per S-box; the constant lane 0 of the first round is folded (240 for t = 3).
        #expect(system(inputs: 2).hashConstraints == 240)
        for count in 1...Poseidon.maxInputs {
            let t = count + 1
            let partial = [56, 57, 56, 60, 60, 63, 64, 63, 60, 66, 60, 65, 70, 60, 64, 68][t - 2]
            #expect(system(inputs: count).hashConstraints == 3 * (8 * t + partial - 1), "width \(t)")
        }
    }
}
