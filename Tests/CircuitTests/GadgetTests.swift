import BN254
import Circuit
import Testing

/// A circuit with private inputs named in `inputs`, built by `body`.
func circuit(inputs: [String], _ body: (inout ConstraintSystem, [Variable]) -> Void) -> ConstraintSystem {
    var cs = ConstraintSystem()
    let variables = inputs.map { cs.privateInput($0) }
    body(&cs, variables)
    return cs
}

/// Whether the solved witness satisfies the circuit.
func satisfied(_ cs: ConstraintSystem, _ inputs: [String: Int]) throws -> Bool {
    try cs.check(solve(cs, inputs)) == nil
}

/// Whether the solved witness still satisfies the circuit after `wire` is set to `value`.
func satisfiedAfterTampering(_ cs: ConstraintSystem, _ inputs: [String: Int], _ variable: Variable, _ value: Fr) throws -> Bool {
    var witness = try solve(cs, inputs)
    witness.values[cs.wire(of: variable)] = value
    return try cs.check(witness) == nil
}

@Suite("Gadgets")
struct GadgetTests {
    @Test func multiplyAndAssertEqual() throws {
        var product = Variable.one
        let cs = circuit(inputs: ["x", "y", "z"]) { cs, v in
            product = cs.multiply(v[0], v[1] + 1)
            cs.assertEqual(product, v[2])
        }
        #expect(try satisfied(cs, ["x": 6, "y": 4, "z": 30]))
        #expect(try !satisfied(cs, ["x": 6, "y": 4, "z": 31]))
        #expect(try !satisfiedAfterTampering(cs, ["x": 6, "y": 4, "z": 30], product, Fr(31)))
    }

    @Test func assertBoolean() throws {
        let cs = circuit(inputs: ["b"]) { cs, v in cs.assertBoolean(v[0]) }
        #expect(try satisfied(cs, ["b": 0]))
        #expect(try satisfied(cs, ["b": 1]))
        #expect(try !satisfied(cs, ["b": 2]))
        #expect(try !satisfied(cs, ["b": -1]))
    }

    @Test func toBits() throws {
        var bits: [Variable] = []
        let cs = circuit(inputs: ["x"]) { cs, v in bits = cs.toBits(v[0], count: 4) }
        #expect(cs.constraintCount == 5)
        let witness = try solve(cs, ["x": 0b1011])
        #expect(bits.map { cs.value(of: $0, in: witness) } == [1, 1, 0, 1].map { Fr($0) })
        #expect(try cs.check(witness) == nil)
        #expect(try satisfied(cs, ["x": 0]))
        #expect(try satisfied(cs, ["x": 15]))
        #expect(try !satisfied(cs, ["x": 16]))
        #expect(try !satisfiedAfterTampering(cs, ["x": 0b1011], bits[2], Fr(2)))
        // A bit set to 2 with its neighbour lowered keeps the sum but breaks booleanity.
        var compensated = witness
        compensated.values[cs.wire(of: bits[0])] = Fr(3)
        compensated.values[cs.wire(of: bits[1])] = .zero
        #expect(try cs.check(compensated)?.path == "toBits")
    }

    @Test func toBitsOfLargeValues() throws {
        var bits: [Variable] = []
        let cs = circuit(inputs: ["x"]) { cs, v in bits = cs.toBits(v[0], count: 253) }
        var generator = InsecureSeededGenerator(seed: TestSeed.seed(3))
        for _ in 0..<4 {
            var x = Fr.random(using: &generator)
            if x.canonicalLimbs.bit(253) { x = -x }
            guard !x.canonicalLimbs.bit(253) else { continue }
            let witness = try cs.generateWitness(inputs: ["x": x])
            #expect(try cs.check(witness) == nil)
            #expect(bits.enumerated().allSatisfy { cs.value(of: $1, in: witness) == (x.canonicalLimbs.bit($0) ? .one : .zero) })
        }
    }

    @Test(arguments: [1, 8, 64, 200, 253])
    func assertRange(bits: Int) throws {
        let cs = circuit(inputs: ["x"]) { cs, v in cs.assertRange(v[0], bits: bits) }
        var top = Fr.one
        for _ in 0..<bits { top = top.doubled() }
        #expect(try cs.check(cs.generateWitness(inputs: ["x": top - .one])) == nil)
        #expect(try cs.check(cs.generateWitness(inputs: ["x": .zero])) == nil)
        #expect(try cs.check(cs.generateWitness(inputs: ["x": top])) != nil)
        #expect(try cs.check(cs.generateWitness(inputs: ["x": -Fr.one])) != nil)
    }

    @Test func isZero() throws {
        var out = Variable.one
        let cs = circuit(inputs: ["x"]) { cs, v in out = cs.isZero(v[0]) }
        #expect(cs.value(of: out, in: try solve(cs, ["x": 0])) == .one)
        #expect(cs.value(of: out, in: try solve(cs, ["x": 9])) == .zero)
        #expect(try satisfied(cs, ["x": 0]))
        #expect(try satisfied(cs, ["x": 9]))
        #expect(try !satisfiedAfterTampering(cs, ["x": 0], out, .zero))
        #expect(try !satisfiedAfterTampering(cs, ["x": 9], out, .one))
    }

    @Test func isEqual() throws {
        var out = Variable.one
        let cs = circuit(inputs: ["a", "b"]) { cs, v in out = cs.isEqual(v[0], v[1]) }
        #expect(cs.value(of: out, in: try solve(cs, ["a": 4, "b": 4])) == .one)
        #expect(cs.value(of: out, in: try solve(cs, ["a": 4, "b": 5])) == .zero)
        #expect(try !satisfiedAfterTampering(cs, ["a": 4, "b": 5], out, .one))
        #expect(try cs.check(solve(cs, ["a": 4, "b": 4])) == nil)
    }

    @Test(arguments: [(0, 0, 0), (0, 1, 1), (1, 0, 0), (254, 255, 1), (255, 255, 0), (255, 0, 0), (0, 255, 1), (100, 101, 1)])
    func lessThan(a: Int, b: Int, expected: Int) throws {
        var out = Variable.one
        var cs = ConstraintSystem()
        let x = cs.privateInput("a")
        let y = cs.privateInput("b")
        out = cs.publicOutput("lt", equalTo: cs.lessThan(x, y, bits: 8))
        let witness = try solve(cs, ["a": a, "b": b])
        #expect(cs.value(of: out, in: witness) == Fr(expected))
        #expect(try cs.check(witness) == nil)
        #expect(try !satisfiedAfterTampering(cs, ["a": a, "b": b], out, Fr(1 - expected)))
    }

    @Test func lessThanRejectsAFlippedTopBit() throws {
        var cs = ConstraintSystem()
        let x = cs.privateInput("a")
        let y = cs.privateInput("b")
        _ = cs.lessThan(x, y, bits: 4)
        // Bits of a + 16 − b occupy the five wires after the inputs; the top one is the answer.
        var witness = try solve(cs, ["a": 3, "b": 9])
        #expect(try cs.check(witness) == nil)
        #expect(witness[3 + 4] == .zero)
        witness.values[3 + 4] = .one
        #expect(try cs.check(witness)?.path == "lessThan/toBits")
    }

    @Test func select() throws {
        var chosen = Variable.one
        let cs = circuit(inputs: ["c", "t", "f"]) { cs, v in
            cs.assertBoolean(v[0])
            chosen = cs.publicOutput("out", equalTo: cs.select(v[0], v[1], v[2]))
        }
        #expect(cs.value(of: chosen, in: try solve(cs, ["c": 1, "t": 10, "f": 20])) == Fr(10))
        #expect(cs.value(of: chosen, in: try solve(cs, ["c": 0, "t": 10, "f": 20])) == Fr(20))
        #expect(try satisfied(cs, ["c": 1, "t": 10, "f": 20]))
        #expect(try satisfied(cs, ["c": 0, "t": 10, "f": 20]))
        #expect(try !satisfiedAfterTampering(cs, ["c": 1, "t": 10, "f": 20], chosen, Fr(20)))
        #expect(try !satisfiedAfterTampering(cs, ["c": 0, "t": 10, "f": 20], chosen, Fr(10)))
        #expect(try !satisfied(cs, ["c": 2, "t": 10, "f": 20]))
    }

    @Test func inverse() throws {
        var inverse = Variable.one
        let cs = circuit(inputs: ["x"]) { cs, v in inverse = cs.inverse(v[0]) }
        let witness = try solve(cs, ["x": 5])
        #expect(cs.value(of: inverse, in: witness) * Fr(5) == .one)
        #expect(try cs.check(witness) == nil)
        #expect(try !satisfied(cs, ["x": 0]))
        #expect(try !satisfiedAfterTampering(cs, ["x": 5], inverse, Fr(5)))
    }

    @Test func customGadgetsUseThePublicAPI() throws {
        // x³ + x + 5 = out, the classic example, written as another module would.
        var cs = ConstraintSystem()
        let x = cs.privateInput("x")
        let out = cs.withNamespace("cubic") { cs in
            let square = cs.witness { context in context[x].squared() }
            cs.enforce(x, x, square)
            let cube = cs.multiply(square, x)
            return cs.publicOutput("out", equalTo: cube + x + 5)
        }
        let witness = try solve(cs, ["x": 3])
        #expect(cs.value(of: out, in: witness) == Fr(35))
        #expect(try cs.check(witness) == nil)
    }
}
