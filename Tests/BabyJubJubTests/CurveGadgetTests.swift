import BN254
import BigInteger
import BabyJubJub
import Circuit
import Testing

/// The values of a point variable in a witness.
func value(of point: BabyJubPointVariable, in witness: Witness, _ cs: ConstraintSystem) -> (Fr, Fr) {
    func evaluate(_ combination: LinearCombination) -> Fr {
        combination.terms.reduce(Fr.zero) { $0 + $1.coefficient * cs.value(of: $1.variable, in: witness) }
    }
    return (evaluate(point.x), evaluate(point.y))
}

/// A random point of the prime-order subgroup.
func randomPoint(_ generator: inout InsecureSeededGenerator) -> BabyJubPoint {
    BabyJub.base8.multiplied(by: Fr.random(using: &generator).bigInt)
}

@Suite("BabyJubJub gadgets")
struct CurveGadgetTests {
    @Test func addDoubleAndOnCurve() throws {
        var cs = ConstraintSystem()
        let names = ["px", "py", "qx", "qy"]
        let v = names.map { cs.privateInput($0) }
        let p = BabyJubPointVariable(x: v[0], y: v[1]), q = BabyJubPointVariable(x: v[2], y: v[3])
        cs.assertOnBabyJub(p)
        cs.assertOnBabyJub(q)
        let sum = cs.babyJubAdd(p, q), double = cs.babyJubDouble(p)
        #expect(cs.constraintCount == 3 + 3 + 6 + 5)
        var generator = InsecureSeededGenerator(seed: TestSeed.seed(1))
        let small = try BabyJubPoint(x: .zero, y: -Fr.one)
        for (a, b) in [(randomPoint(&generator), randomPoint(&generator)), (BabyJub.generator, .identity), (small, small),
                       (BabyJub.generator, -BabyJub.generator)] {
            let witness = try cs.generateWitness(inputs: Dictionary(uniqueKeysWithValues: zip(names, [a.x, a.y, b.x, b.y])))
            #expect(try cs.check(witness) == nil)
            #expect(value(of: sum, in: witness, cs) == ((a + b).x, (a + b).y))
            #expect(value(of: double, in: witness, cs) == (a.doubled().x, a.doubled().y))
        }
        let offCurve = try cs.generateWitness(inputs: ["px": .one, "py": .zero, "qx": .zero, "qy": .one])
        #expect(try cs.check(offCurve)?.path == "babyCheck")
    }

    @Test(arguments: [1, 2, 3, 8, 253, 254])
    func scalarMultiplication(bitCount: Int) throws {
        var cs = ConstraintSystem()
        let k = cs.privateInput("k"), px = cs.privateInput("px"), py = cs.privateInput("py")
        let bits = bitCount == 254 ? cs.toBitsStrict(k) : cs.toBits(k, count: bitCount)
        let variable = cs.babyJubScalarMul(bits: bits, point: BabyJubPointVariable(x: px, y: py))
        let fixed = cs.babyJubScalarMul(bits: bits, base: BabyJub.base8)
        var generator = InsecureSeededGenerator(seed: TestSeed.seed(UInt64(bitCount)))
        let p = BabyJub.generator.multiplied(by: Fr.random(using: &generator).bigInt)
        for _ in 0..<3 {
            let full = Fr.random(using: &generator).bigInt
            let scalar = bitCount >= 253 ? full >> (254 - bitCount) : full.modulo(BigInt(1) << bitCount)
            let witness = try cs.generateWitness(inputs: ["k": Fr(reducing: scalar), "px": p.x, "py": p.y])
            #expect(try cs.check(witness) == nil)
            let expected = p.multiplied(by: scalar), expectedFixed = BabyJub.base8.multiplied(by: scalar)
            #expect(value(of: variable, in: witness, cs) == (expected.x, expected.y))
            #expect(value(of: fixed, in: witness, cs) == (expectedFixed.x, expectedFixed.y))
        }
    }

    @Test func strictBitsRejectAliases() throws {
        var cs = ConstraintSystem()
        let x = cs.privateInput("x")
        let bits = cs.toBitsStrict(x)
        for value in [Fr.zero, Fr.one, -Fr.one, Fr(reducing: BigInt(1) << 253)] {
            #expect(try cs.check(cs.generateWitness(inputs: ["x": value])) == nil)
        }
        // x = 5 also has the 254-bit representation 5 + p < 2^254, which the bound must reject.
        var witness = try cs.generateWitness(inputs: ["x": Fr(5)])
        let alias = Fr.modulus + 5
        for (i, bit) in bits.enumerated() { witness.values[cs.wire(of: bit)] = alias.bit(i) ? .one : .zero }
        #expect(try cs.check(witness)?.path == "toBitsStrict/bitsAtMost")
    }

    @Test(arguments: [0, 1, 5, 6, 7, 8, 12, 13, 15])
    func bitsAtMost(value: Int) throws {
        for bound in [0, 5, 6, 12, 15] {
            var cs = ConstraintSystem()
            let x = cs.privateInput("x")
            cs.assertBits(cs.toBits(x, count: 4), atMost: BigInt(bound))
            #expect(try (cs.check(cs.generateWitness(inputs: ["x": Fr(value)])) == nil) == (value <= bound))
        }
    }
}

@Suite("BabyJubJub subgroup scalar multiplication")
struct SubgroupScalarMulTests {
    /// The bounds the ladder's doc comment rests on, in integers.
    @Test func ladderBoundsExcludeExceptionalCases() {
        let l = BabyJub.subgroupOrder, one = BigInt(1)
        let incomplete = BabyJub.ladderSteps - BabyJub.completeSteps
        // Before the last incomplete step k = 248 the multiple a is below 3·2^248: a + 1 and 2a + 1 < l.
        let largestMultiple = BigInt(3) * (one << (incomplete - 1)) - 1
        #expect(BigInt(2) * largestMultiple + 1 < l)
        // One more step could reach l: the next four must be complete.
        #expect(!(BigInt(2) * (BigInt(3) * (one << incomplete) - 1) + 1 < l))
        // c − j·l − C + 2^252 over c, C < 2^253 and j ≤ 3 stays inside (−r, r).
        let r = Fr.modulus
        #expect((one << 253) - 1 + (one << 252) < r)
        #expect(BigInt(3) * l + (one << 253) - 1 - (one << 252) < r)
        // j ≤ 3 always reaches 2^252 from C ≥ 0.
        #expect(BigInt(3) * l >= one << 252)
    }

    @Test func matchesTheNativeMultiplication() throws {
        var cs = ConstraintSystem()
        let k = cs.privateInput("k"), px = cs.privateInput("px"), py = cs.privateInput("py")
        let bits = cs.toBitsStrict(k), before = cs.constraintCount
        let product = cs.babyJubScalarMul(strictBits: bits, subgroupPoint: BabyJubPointVariable(x: px, y: py))
        // 256 for the digits, 2 + 4 into Montgomery and the first doubling, 249 × 6, 2 back, 4 × 12, 8 for h₀.
        #expect(cs.constraintCount - before == 1814)
        let l = BabyJub.subgroupOrder, one = BigInt(1), r = Fr.modulus
        // Scalars for each j (C ≥ 2^252, and C just below 2^252 − l, − 2l), both parities, the ends of Fr.
        var scalars: [BigInt] = [0, 1, 2, 3, l - 1, l, l + 1, r - 1, r - 2, one << 253, (one << 253) + 1, (one << 253) - 1,
                                 (one << 253) - BigInt(2) * l, (one << 253) - BigInt(4) * l - 3, (one << 252) + 5]
        var generator = InsecureSeededGenerator(seed: TestSeed.seed(253))
        for _ in 0..<6 { scalars.append(Fr.random(using: &generator).bigInt) }
        for (index, scalar) in scalars.enumerated() {
            let p = index % 3 == 0 ? BabyJub.base8 : randomPoint(&generator)
            let witness = try cs.generateWitness(inputs: ["k": Fr(reducing: scalar), "px": p.x, "py": p.y])
            #expect(try cs.check(witness) == nil, "k = \(scalar), \(TestSeed.note)")
            let expected = p.multiplied(by: scalar)
            #expect(value(of: product, in: witness, cs) == (expected.x, expected.y), "k = \(scalar)")
        }
    }

    @Test func aDigitChangedAloneBreaksTheDigitEquation() throws {
        var cs = ConstraintSystem()
        let k = cs.privateInput("k")
        _ = cs.babyJubScalarMul(strictBits: cs.toBitsStrict(k), subgroupPoint: BabyJubPointVariable(constant: BabyJub.base8))
        var witness = try cs.generateWitness(inputs: ["k": Fr(12_345)])
        let allocation = try #require(cs.wireOrigins().firstIndex(of: .hint(path: "subgroupScalarMul/digits")))
        let digit = cs.wireIDsByAllocation()[allocation]
        witness.values[digit] = witness.values[digit] == .one ? .zero : .one
        #expect(try cs.check(witness)?.path == "subgroupScalarMul/digits")
    }
}
