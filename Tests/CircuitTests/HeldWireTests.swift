import BN254
import Circuit
import Testing

/// `generateWitness(inputs:holding:)`: a forged hint or product keeps its value, later wires are
/// computed from it, and `check` names the constraint that catches it.
@Suite("Witness solver: held wires")
struct HeldWireTests {
    /// "index path" of the first constraint `witness` violates, or nil when it satisfies `cs`.
    func firstFailure(_ cs: ConstraintSystem, _ witness: Witness) throws -> String? {
        try cs.check(witness).map { "\($0.index) \($0.path)" }
    }

    /// out = IsZero(x), then a product that reads out, so a forged out must flow into it.
    func isZeroCircuit() -> (ConstraintSystem, inverse: Variable, out: Variable, downstream: Variable) {
        var cs = ConstraintSystem()
        let x = cs.privateInput("x")
        let out = cs.isZero(x)
        let downstream = cs.multiply(out, x + 7)
        let wires = cs.computedWires { $0 == "isZero" }
        return (cs, wires[0], out, downstream)
    }

    @Test func holdingNothingIsTheHonestWitness() throws {
        let (cs, _, _, _) = isZeroCircuit()
        for x in [Fr.zero, Fr(5), -Fr.one] {
            #expect(try cs.generateWitness(inputs: ["x": x], holding: [:]) == cs.generateWitness(inputs: ["x": x]))
        }
    }

    @Test func computedWiresAreHintsAndProductsByPath() {
        let (cs, inverse, out, downstream) = isZeroCircuit()
        #expect(cs.computedWires { $0 == "isZero" } == [inverse, out])
        #expect(cs.computedWires { $0.isEmpty } == [downstream])  // the multiply at the root path; not the input x
        #expect(cs.computedWires { _ in true } == [inverse, out, downstream])
        var bits = ConstraintSystem()
        let y = bits.privateInput("y")
        let decomposition = bits.toBits(y, count: 4)
        #expect(bits.computedWires { $0 == "toBits" } == decomposition)
    }

    @Test func aForgedIsZeroFailsAtItsOwnConstraints() throws {
        let (cs, inverse, out, downstream) = isZeroCircuit()
        // x ≠ 0 claimed zero: out = 1 needs x·inv = 0, so inv = 0, and then x·out = 0 fails (constraint 1).
        let claimedZero = try cs.generateWitness(inputs: ["x": Fr(5)], holding: [out: .one, inverse: .zero])
        #expect(cs.value(of: out, in: claimedZero) == .one)
        #expect(cs.value(of: downstream, in: claimedZero) == Fr(12))  // computed from the forged out
        #expect(try firstFailure(cs, claimedZero) == "1 isZero")
        // x ≠ 0 with a wrong inverse: x·inv = 1 − out fails first (constraint 0); out stays honest.
        let wrongInverse = try cs.generateWitness(inputs: ["x": Fr(5)], holding: [inverse: Fr(3)])
        #expect(cs.value(of: out, in: wrongInverse) == .zero)
        #expect(try firstFailure(cs, wrongInverse) == "0 isZero")
        // x = 0 claimed nonzero: x·inv = 1 − 0 cannot hold for any inv.
        for forgedInverse in [Fr.zero, .one, Fr(9)] {
            let claimedNonzero = try cs.generateWitness(inputs: ["x": .zero], holding: [out: .zero, inverse: forgedInverse])
            #expect(try cs.check(claimedNonzero)?.index == 0)
        }
        // The inverse alone is free when x = 0 (the under-constraint detector's allow-listed case).
        #expect(try cs.check(cs.generateWitness(inputs: ["x": .zero], holding: [inverse: Fr(9)])) == nil)
    }

    @Test func forgedBitsFailAtTheBooleanOrTheSumConstraint() throws {
        var cs = ConstraintSystem()
        let x = cs.privateInput("x")
        let bits = cs.toBits(x, count: 3)
        // Constraints 0…2 are the booleans, 3 the sum. 5 = 101b.
        let held = { (values: [Int]) in Dictionary(uniqueKeysWithValues: zip(bits, values.map { Fr($0) })) }
        #expect(try cs.check(cs.generateWitness(inputs: ["x": Fr(5)], holding: held([1, 0, 1]))) == nil)
        #expect(try cs.check(cs.generateWitness(inputs: ["x": Fr(5)], holding: held([1, 1, 0])))?.index == 3)
        #expect(try cs.check(cs.generateWitness(inputs: ["x": Fr(5)], holding: held([3, 1, 0])))?.index == 0)  // 3 + 2 = 5, but 3 is no bit
        // One output of the multi-output hint held, the others as the hint computed them.
        let partial = try cs.generateWitness(inputs: ["x": Fr(5)], holding: [bits[1]: .one])
        #expect(bits.map { cs.value(of: $0, in: partial) } == [Fr.one, .one, .one])
        #expect(try firstFailure(cs, partial) == "3 toBits")
    }

    @Test func aHeldProductFeedsLaterHints() throws {
        // y = x·x, then bits of y: holding y moves the bits the hint computes, and only y's own constraint fails.
        var cs = ConstraintSystem()
        let x = cs.privateInput("x")
        let square = cs.multiply(x, x)
        let bits = cs.toBits(square, count: 8)
        let witness = try cs.generateWitness(inputs: ["x": Fr(3)], holding: [square: Fr(10)])
        #expect(bits.map { cs.value(of: $0, in: witness) } == [0, 1, 0, 1, 0, 0, 0, 0].map { Fr($0) })
        #expect(try cs.check(witness)?.index == 0)
    }
}
