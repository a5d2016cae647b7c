import BabyJubJub
import BigInteger
import BN254
import Circuit
import Foundation
import Rollup
import SparseMerkleTree
import Testing

/// Removing one constraint of the tiny batch circuit must be caught (issue 15, acceptance). A
/// seeded sample of constraints (`TEST_SEED`) is removed one at a time, and each removal must be
/// shown harmful by a concrete witness that satisfies every other constraint and violates the
/// removed one, found by one of these (`RemovalChecks.firstCatch` tries them cheapest first):
///
/// 1. the under-constraint detector: a wire only the removed constraint pinned moves alone;
/// 2. a removal witness of the whole circuit (`removalWitness`): a multi-wire move re-solved forward
///    through the circuit, the stated inputs (new root, data hash, evaluation) settled;
/// 3. a gadget-level removal witness (`gadgetRemovalWitness`): inside the innermost gadget instance
///    around the constraint, its own wires re-solved with its inputs held, so that its output
///    moves: the gadget without the constraint no longer computes a function of its inputs;
/// 4. a check-gadget witness (`checkGadgetWitness`): the gadget's inputs moved, its wires
///    re-solved, so that it accepts inputs it rejects (bits above a bound, a path that misses the root);
/// 5. a rule forgery (`RuleForgery`): a valid batch edited coherently (Merkle paths, signatures) to
///    break one rule, whose witness violates exactly the removed constraint.
///
/// Constraints the others imply are not caught by any witness, by definition: `redundantRemovals`
/// lists them with their proofs, each matched exactly.
@Suite("Constraint removal: tiny batch circuit")
struct ConstraintRemovalTests {
    /// How many constraints are removed (one at a time).
    static let sampleSize = 40

    /// What a prover states rather than derives: each is mentioned by one equality, so a removal
    /// witness may set it to what the forged computation gives.
    static let settledInputs = ["dataHash", "evaluation", "newRoot"]

    /// A constraint the rest of the batch circuit implies: removing it admits no new witness.
    struct Redundant: Sendable {
        /// Whether the constraint (its index in the system) is this one.
        let matches: @Sendable (ConstraintSystem, Int) -> Bool
        /// Why the other constraints imply it.
        let proof: String
    }

    /// b·(b − 1) = 0 for the input named `name` alone.
    static func isBooleanConstraint(_ system: ConstraintSystem, _ constraint: Int, of name: String) -> Bool {
        guard let variable = system.variable(named: name) else { return false }
        let a = system.terms(ofConstraint: constraint, side: 0), b = system.terms(ofConstraint: constraint, side: 1)
        return system.terms(ofConstraint: constraint, side: 2).isEmpty && a.count == 1 && a.first! == Term(variable, .one)
            && b.count == 2 && b.contains(Term(variable, .one)) && b.contains(Term(.one, -Fr.one))
    }

    /// The slot a path of the form "slot[i]/…" belongs to.
    static func slot(of path: String) -> Int? {
        guard path.hasPrefix("slot["), let close = path.firstIndex(of: "]") else { return nil }
        return Int(path[path.index(path.startIndex, offsetBy: 5)..<close])
    }

    static let redundantRemovals: [Redundant] = [
        Redundant(
            matches: { system, constraint in
                let path = system.path(ofConstraint: constraint)
                return slot(of: path).map { path == "slot[\($0)]/boolean" && isBooleanConstraint(system, constraint, of: "slot[\($0)].isDeposit") } ?? false
            },
            proof: "isDeposit ∈ {0, 1}: with isTransfer, isWithdraw and active = isDeposit + isTransfer + isWithdraw Boolean, "
                + "isDeposit ∈ {−2, …, 1}. −2 needs isTransfer = isWithdraw = 1, whose signed = 2 fails the signature's Boolean "
                + "enabled. −1 makes unused/depositKey (1 − isDeposit)·depositAx = 0 force depositAx = 0; with isTransfer = 1 the "
                + "receiver exists (receiverEmpty = 0), so topping = −1 and topping·(depositAx − receiver.Ax) = 0 force receiver.Ax = 0, "
                + "which IsZero turns into receiverEmpty = 1; with isWithdraw = 1, receiverEmpty = 0 fails the same way and "
                + "receiverEmpty = 1 gives creating = −1, which depositAx·inverse = creating refuses for depositAx = 0."),
        Redundant(
            matches: { system, constraint in
                let path = system.path(ofConstraint: constraint)
                return slot(of: path).map { path == "slot[\($0)]/signature/eddsaPoseidon/boolean" } ?? false
            },
            proof: "The signature's enabled = isTransfer + isWithdraw is Boolean whenever the three kind flags and active are "
                + "(`redundantBooleansAreImplied` enumerates the flags): the verifier's own check guards callers that have no such flags."),
        Redundant(
            matches: { system, constraint in
                let path = system.path(ofConstraint: constraint)
                guard let slot = slot(of: path), path == "slot[\(slot)]/sender" else { return false }
                return system.terms(ofConstraint: constraint, side: 2).isEmpty && system.terms(ofConstraint: constraint, side: 1).count == 1
            },
            proof: "\"A signer exists\" (signed·senderEmpty = 0): senderEmpty = 1 only when sender.Ax = 0 (IsZero), and a signed slot "
                + "verifies the signature under A = (sender.Ax, sender.Ay), which must be on the curve (so A = (0, ±1)) with 8·A ≠ O "
                + "(the inverse of (8·A).x); but 8·(0, ±1) = O. So signed = 1 already forces senderEmpty = 0."),
    ]

    /// The removal witness on small systems: a range check's recomposition is needed (a moved bit
    /// violates only it), so is a bit's boolean constraint (two bits move, the recomposition
    /// holds), and a product checked against a stated output is needed once the output may be settled.
    @Test func removalWitnessesOfSmallSystems() throws {
        let range = GadgetCase(["x"]) { cs, v in cs.assertRange(v[0], bits: 8) }
        let rangeDetector = try UnderConstraintDetector(range.system, witness: try range.system.generateWitness(inputs: ["x": Fr(77)]))
        let recomposition = try #require(try rangeDetector.removalWitness(forRemoving: 8, inputs: ["x": Fr(77)], settling: []))
        #expect(rangeDetector.violations(of: recomposition, limit: 9) == [8])
        let twoBits = try #require(try rangeDetector.removalWitness(forRemoving: 0, inputs: ["x": Fr(77)], settling: []))
        #expect(rangeDetector.violations(of: twoBits, limit: 9) == [0])
        let bit0 = try #require(range.system.computedWires { $0 == "range/toBits" }.first)
        #expect(![Fr.zero, .one].contains(range.system.value(of: bit0, in: twoBits)))

        let square = GadgetCase(["x", "out"]) { cs, v in cs.assertEqual(cs.multiply(v[0], v[0]), v[1]) }
        let inputs = ["x": Fr(3), "out": Fr(9)]
        let squareDetector = try UnderConstraintDetector(square.system, witness: try square.system.generateWitness(inputs: inputs))
        #expect(try squareDetector.removalWitness(forRemoving: 0, inputs: inputs, settling: []) == nil)
        let forged = try #require(try squareDetector.removalWitness(forRemoving: 0, inputs: inputs, settling: ["out"]))
        #expect(squareDetector.violations(of: forged, limit: 2) == [0])
        #expect(forged.values[square.system.wire(of: try #require(square.system.variable(named: "out")))] != Fr(9))

        // An assertion on inputs only is needed when moving one of its inputs breaks nothing else.
        let equality = GadgetCase(["a", "b", "c"]) { cs, v in
            cs.assertEqual(v[0], v[1])
            cs.assertEqual(cs.multiply(v[1], v[1]), v[2])
        }
        let equal = ["a": Fr(4), "b": Fr(4), "c": Fr(16)]
        let equalityDetector = try UnderConstraintDetector(equality.system, witness: try equality.system.generateWitness(inputs: equal))
        let movedA = try #require(try equalityDetector.removalWitness(forRemoving: 0, inputs: equal, settling: []))
        #expect(equalityDetector.violations(of: movedA, limit: 3) == [0])
    }

    /// The gadget-level and check-gadget witnesses on small systems: a removed S-box square moves the
    /// gadget's output; a duplicated constraint, and a bit whose Boolean constraint the circuit repeats
    /// outside the gadget, are not reported; a removed comparison step lets bits above the bound
    /// through, and a removed square lets a point off the curve through.
    @Test func gadgetWitnessesOfSmallSystems() throws {
        let power = GadgetCase(["x", "out"]) { cs, v in
            let y = cs.withNamespace("power") { cs in
                let x2 = cs.multiply(v[0], v[0]), x4 = cs.multiply(x2, x2)
                return cs.multiply(x4, v[0])
            }
            cs.assertEqual(y, v[1])
        }
        let powerInputs = ["x": Fr(3), "out": Fr(243)]
        let powerDetector = try UnderConstraintDetector(power.system, witness: try power.system.generateWitness(inputs: powerInputs))
        let (instance, forged) = try #require(try powerDetector.gadgetRemovalWitness(forRemoving: 1, inputs: powerInputs))
        #expect(instance.prefix == "power" && instance.constraints == 0..<3)
        #expect(powerDetector.violations(of: forged, limit: 4) == [1, 3])

        let duplicated = GadgetCase(["x", "out"]) { cs, v in
            let y = cs.withNamespace("square") { cs in
                let y = cs.multiply(v[0], v[0])
                cs.enforce(v[0], v[0], y)
                return y
            }
            cs.assertEqual(y, v[1])
        }
        let duplicatedInputs = ["x": Fr(5), "out": Fr(25)]
        let duplicatedDetector = try UnderConstraintDetector(duplicated.system, witness: try duplicated.system.generateWitness(inputs: duplicatedInputs))
        #expect(try duplicatedDetector.gadgetRemovalWitness(forRemoving: 1, inputs: duplicatedInputs) == nil)
        #expect(try duplicatedDetector.checkGadgetWitness(forRemoving: 1, inputs: duplicatedInputs) == nil)

        // Bit 0 of toBits feeds a product outside; once its Boolean constraint repeats outside, the two-bit move is refused there.
        func bitsCase(repeatingBoolean: Bool) -> GadgetCase {
            GadgetCase(["x", "y"]) { cs, v in
                let bits = cs.toBits(v[0], count: 4)
                if repeatingBoolean { cs.assertBoolean(bits[0]) }
                _ = cs.multiply(bits[0], v[1])
            }
        }
        let bitsInputs = ["x": Fr(6), "y": Fr(7)]
        for repeating in [false, true] {
            let bits = bitsCase(repeatingBoolean: repeating)
            let detector = try UnderConstraintDetector(bits.system, witness: try bits.system.generateWitness(inputs: bitsInputs))
            let found = try detector.gadgetRemovalWitness(forRemoving: 0, inputs: bitsInputs)
            #expect((found == nil) == repeating, "repeating the Boolean constraint outside: \(repeating)")
            if let (instance, forged) = found {
                #expect(instance.prefix == "toBits")
                #expect(detector.violations(of: forged, limit: 6) == [0, 5])
            }
        }

        // x ≤ 9 = 0b1001 on 4 bits checks bit 2 and bit 1 against bit 3: removing the check of bit 1 admits 0b1010 = 10.
        let bounded = GadgetCase(["x"]) { cs, v in cs.assertBits(cs.toBits(v[0], count: 4), atMost: BigInt(9)) }
        let boundedInputs = ["x": Fr(2)]
        let boundedDetector = try UnderConstraintDetector(bounded.system, witness: try bounded.system.generateWitness(inputs: boundedInputs))
        let steps = (0..<bounded.system.constraintCount).filter { bounded.system.path(ofConstraint: $0) == "bitsAtMost" }
        #expect(steps.count == 2)
        let step = try #require(steps.last)
        #expect(boundedDetector.wiresFreed(byRemoving: step).isEmpty)
        let (checked, accepted) = try #require(try boundedDetector.checkGadgetWitness(forRemoving: step, inputs: boundedInputs))
        #expect(checked.prefix == "bitsAtMost" && boundedDetector.violations(of: accepted, in: checked) == [step])
        let bitValues = bounded.system.computedWires { $0 == "toBits" }.map { bounded.system.value(of: $0, in: accepted) }
        #expect(bitValues == [.zero, .one, .zero, .one])

        // Without x·out = 0, IsZero's x·inv = 1 − out with x held lets out move together with inv: out = 1 − x·inv ≠ 0 for x ≠ 0.
        let zero = GadgetCase(["x", "y"]) { cs, v in cs.assertEqual(cs.multiply(cs.isZero(v[0]), v[1]), v[1]) }
        let zeroInputs = ["x": Fr(5), "y": Fr(0)]
        let zeroDetector = try UnderConstraintDetector(zero.system, witness: try zero.system.generateWitness(inputs: zeroInputs))
        let (isZero, nonZero) = try #require(try zeroDetector.gadgetRemovalWitness(forRemoving: 1, inputs: zeroInputs))
        #expect(isZero.prefix == "isZero" && zeroDetector.violations(of: nonZero, in: isZero) == [1])

        // Without xx = x·x the curve check reads a square x no longer has: it accepts (x + δ, y) off the curve.
        let onCurve = GadgetCase(["x", "y"]) { cs, v in cs.assertOnBabyJub(BabyJubPointVariable(x: v[0], y: v[1])) }
        let point = ["x": BabyJub.base8.x, "y": BabyJub.base8.y]
        let curveDetector = try UnderConstraintDetector(onCurve.system, witness: try onCurve.system.generateWitness(inputs: point))
        #expect(curveDetector.wiresFreed(byRemoving: 0).isEmpty)
        let (curve, offCurve) = try #require(try curveDetector.checkGadgetWitness(forRemoving: 0, inputs: point))
        #expect(curve.prefix == "babyCheck" && curveDetector.violations(of: offCurve, in: curve) == [0])
        let x = try #require(onCurve.system.variable(named: "x")), y = try #require(onCurve.system.variable(named: "y"))
        #expect(!BabyJub.isOnCurve(x: onCurve.system.value(of: x, in: offCurve), y: onCurve.system.value(of: y, in: offCurve)))
    }

    /// The valid batches the rule forgeries edit, on `KnownKeyRollup`'s genesis: a deposit creating
    /// an account and a withdrawal; a withdrawal and a deposit topping one up; two transfers of 0 to
    /// index 0; an empty batch; a deposit topping one up and a transfer; a transfer and a deposit
    /// creating an account. Every kind appears in both slots, a deposit of each sort too.
    static let knownKeyTransactions: [[Transaction]] = [
        [.deposit(to: 30, publicKey: KnownKeyRollup.publicKey(of: 30), amount: 9),
         KnownKeyRollup.sign(.withdraw(from: 1, amount: 7, nonce: 0, recipient: testRecipient, signature: .unsigned), by: 1)],
        [KnownKeyRollup.sign(.withdraw(from: 2, amount: 7, nonce: 0, recipient: testRecipient, signature: .unsigned), by: 2),
         .deposit(to: 3, publicKey: KnownKeyRollup.publicKey(of: 3), amount: 4)],
        [KnownKeyRollup.sign(.transfer(from: 4, to: 0, amount: 0, nonce: 0, signature: .unsigned), by: 4),
         KnownKeyRollup.sign(.transfer(from: 5, to: 0, amount: 0, nonce: 0, signature: .unsigned), by: 5)],
        [],
        [.deposit(to: 6, publicKey: KnownKeyRollup.publicKey(of: 6), amount: 11),
         KnownKeyRollup.sign(.transfer(from: 7, to: 2, amount: 5, nonce: 0, signature: .unsigned), by: 7)],
        [KnownKeyRollup.sign(.transfer(from: 5, to: 1, amount: 3, nonce: 0, signature: .unsigned), by: 5),
         .deposit(to: 29, publicKey: KnownKeyRollup.publicKey(of: 29), amount: 2)],
    ]

    /// The known-key batches as circuit inputs, each applied to a fresh genesis as batch 1.
    static func knownKeyBatches() throws -> [[String: Fr]] {
        try knownKeyTransactions.map { transactions in
            let state = try KnownKeyRollup.state()
            return try tinyCircuit.inputs(for: try state.apply(Batch(number: 1, previousRoot: state.root, transactions: transactions), slots: 2))
        }
    }

    /// The rule forgeries of every known-key batch (`knownKeyBatches()`, computed once by the caller).
    static func ruleForgeries(of batches: [[String: Fr]]) throws -> [RuleForgery] {
        try batches.flatMap { try RuleForgery.forgeries(of: $0, slots: 2) }
    }

    /// Each rule forgery's witness (stated inputs settled) violates exactly one constraint, in the
    /// gadget of the rule it breaks; a failure here means a forgery broke more than its rule.
    @Test func everyRuleForgeryViolatesExactlyItsRule() throws {
        let inputs = try BatchUnderConstraintTests.inputSets()[0]
        let detector = try UnderConstraintDetector(tinyCircuit.system, witness: try tinyCircuit.system.generateWitness(inputs: inputs))
        let forgeries = try Self.ruleForgeries(of: Self.knownKeyBatches())
        #expect(forgeries.count == 48)
        for forgery in forgeries {
            let violated = try detector.violations(ofInputs: forgery.inputs, settling: Self.settledInputs, limit: 2)
            #expect(violated.count == 1 && violated.first.map(detector.path(ofConstraint:)) == forgery.path,
                    "\(forgery): violates \(violated.map { "\($0) \(detector.path(ofConstraint: $0))" })")
        }
    }

    /// The signature's Boolean enabled is implied by the slot's kind flags: every assignment of the
    /// three flags satisfying the slot's four Boolean constraints satisfies it (`redundantRemovals`).
    @Test func redundantBooleansAreImplied() throws {
        let system = tinyCircuit.system
        for slot in 0..<CircuitConfiguration.tiny.slots {
            let flags = try ["isDeposit", "isTransfer", "isWithdraw"].map { try #require(system.variable(named: "slot[\(slot)].\($0)")) }
            let booleans = (0..<system.constraintCount).filter { system.path(ofConstraint: $0) == "slot[\(slot)]/boolean" }
            let enabled = (0..<system.constraintCount).filter { system.path(ofConstraint: $0) == "slot[\(slot)]/signature/eddsaPoseidon/boolean" }
            #expect(booleans.count == 4 && enabled.count == 1)
            var satisfying = 0
            for pattern in 0..<8 {
                var values: [Variable: Fr] = [.one: .one]
                for (bit, flag) in flags.enumerated() { values[flag] = pattern >> bit & 1 == 1 ? .one : .zero }
                guard try booleans.allSatisfy({ try Self.holds($0, in: system, at: values) }) else { continue }
                satisfying += 1
                #expect(try Self.holds(enabled[0], in: system, at: values), "flags \(pattern) in slot \(slot)")
            }
            #expect(satisfying == 4)
        }
    }

    /// Whether `constraint`, which must mention only variables of `values`, holds there.
    static func holds(_ constraint: Int, in system: ConstraintSystem, at values: [Variable: Fr]) throws -> Bool {
        let sides = try (0..<3).map { side in
            try system.terms(ofConstraint: constraint, side: side).reduce(Fr.zero) { sum, term in
                sum + term.coefficient * (try #require(values[term.variable], "constraint \(constraint) mentions another variable"))
            }
        }
        return sides[0] * sides[1] == sides[2]
    }

    /// The sample is tried on the first batch of `BatchUnderConstraintTests` (a transfer, a deposit
    /// creating an account); the circuit-wide removal witness also on the other two (a withdrawal and
    /// an unused slot, a self-transfer), on an empty batch (an assertion on inputs is vacuous for the
    /// kinds it does not guard) and on an empty batch over an empty tree, where every Merkle update
    /// is a no-op on equal siblings, so that a removed child-position product (both = low·high)
    /// changes no hash and violates only itself, and on the known-key batches of the rule forgeries
    /// (a deposit topping an account up in either slot, where holding creating = isDeposit·empty at 1
    /// drops only "a deposit to an account uses its key"). Each check's witness is re-verified here.
    @Test func everySampledRemovalIsCaught() throws {
        let checks = try RemovalChecks()
        var generator = InsecureSeededGenerator(seed: checks.seed)
        var sample = Array(0..<tinyCircuit.system.constraintCount)
        sample.shuffle(using: &generator)
        let (caught, uncaught, _) = try checks.classify(sample.prefix(Self.sampleSize).sorted())
        print("constraint removal, TEST_SEED=\(checks.seed): \(caught.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", "))")
        #expect(uncaught.isEmpty, "removals not caught (TEST_SEED=\(checks.seed); \(caught)): \(uncaught)")
    }

    /// The removals a random sample rarely meets, all of them: every assertion on inputs only (the
    /// kind flags, the zero fields) and every constraint recorded directly in a slot's sender side,
    /// receiver side or signature verifier (the nonce, "a signer exists", "transfers go to existing
    /// accounts", a created key on the curve, the two signature equalities), which the rule
    /// forgeries and `redundantRemovals` cover, and the IsZero of each side's emptiness.
    @Test func everyInputAssertionAndSlotLevelConstraintIsCaught() throws {
        let system = tinyCircuit.system
        let origins = system.wireOrigins()
        let chosen = (0..<system.constraintCount).filter { constraint in
            let path = system.path(ofConstraint: constraint)
            let onInputs = (0..<3).allSatisfy { side in
                system.terms(ofConstraint: constraint, side: side).allSatisfy { term in
                    switch origins[term.variable.index] {
                    case .one, .input: true
                    case .hint, .constraint: false
                    }
                }
            }
            return onInputs || Self.slot(of: path).map { ["sender", "receiver", "signature/eddsaPoseidon", "isZero"].contains(path.dropFirst("slot[\($0)]/".count)) } ?? false
        }
        let (caught, uncaught, listedRedundant) = try RemovalChecks().classify(chosen)
        print("constraint removal, \(chosen.count) assertions on inputs and sender, receiver and signature constraints: \(caught.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", "))")
        print("listed redundant, caught by a gadget-level witness: \(listedRedundant)")
        #expect(caught["rule forgery", default: 0] > 0 && caught["redundant", default: 0] + listedRedundant.count == 6, "\(caught)")
        #expect(listedRedundant.allSatisfy { $0.hasSuffix("(check-gadget witness)") || $0.hasSuffix("(gadget witness)") }, "\(listedRedundant)")
        #expect(uncaught.isEmpty, "removals not caught (\(caught)): \(uncaught)")
    }
}

/// The checks of `ConstraintRemovalTests`, in order, over the tiny circuit.
struct RemovalChecks {
    let inputSets: [[String: Fr]]
    let detectors: [UnderConstraintDetector]
    /// The constraint each rule forgery violates alone.
    let forged: [Int: RuleForgery]

    /// The detector's seed (`TEST_SEED`).
    var seed: UInt64 { detectors[0].seed }

    init() throws {
        let state = try freshState(try generated(batches: 0).0)
        let empty = try tinyCircuit.inputs(for: try state.apply(Batch(number: 1, previousRoot: state.root, transactions: []), slots: 2))
        let emptyTree = try RollupState(shape: CircuitConfiguration.tiny.shape, store: InMemoryTreeStore())
        try emptyTree.applyGenesis(Genesis(rollupId: KnownKeyRollup.rollupId, accounts: []))
        let nothing = try tinyCircuit.inputs(for: try emptyTree.apply(Batch(number: 1, previousRoot: emptyTree.root, transactions: []), slots: 2))
        let knownKey = try ConstraintRemovalTests.knownKeyBatches()
        inputSets = try BatchUnderConstraintTests.inputSets() + [empty, nothing] + knownKey
        detectors = try inputSets.map { try UnderConstraintDetector(tinyCircuit.system, witness: try tinyCircuit.system.generateWitness(inputs: $0)) }
        var forged: [Int: RuleForgery] = [:]
        for forgery in try ConstraintRemovalTests.ruleForgeries(of: knownKey) {
            let violated = try detectors[0].violations(ofInputs: forgery.inputs, settling: ConstraintRemovalTests.settledInputs, limit: 2)
            if violated.count == 1 { forged[violated[0]] = forgery }
        }
        self.forged = forged
    }

    /// How many of `constraints` each check catches first (by name), those none catches, and those
    /// caught by a witness although `redundantRemovals` lists them (only a gadget-level witness can:
    /// the gadget needs the constraint, the rest of the circuit implies it).
    func classify(_ constraints: [Int]) throws -> (caught: [String: Int], uncaught: [String], listedRedundant: [String]) {
        var caught = [String: Int]()
        var uncaught: [String] = [], listedRedundant: [String] = []
        for constraint in constraints {
            let name = "\(constraint) \(detectors[0].path(ofConstraint: constraint))"
            let redundant = ConstraintRemovalTests.redundantRemovals.contains { $0.matches(tinyCircuit.system, constraint) }
            if let check = try firstCatch(constraint) {
                caught[check, default: 0] += 1
                if redundant { listedRedundant.append("\(name) (\(check))") }
            } else if redundant {
                caught["redundant", default: 0] += 1
            } else {
                uncaught.append(name)
            }
        }
        return (caught, uncaught, listedRedundant)
    }

    /// The first check whose witness shows the removal of `constraint` harmful, each witness
    /// re-verified: the detector, a rule forgery violating it alone, the gadget-level witness on
    /// the first input set, then the circuit-wide, check-gadget and gadget-level witnesses on every
    /// input set (a slot's receiver checks need a receiver of the right sort in that slot).
    private func firstCatch(_ constraint: Int) throws -> String? {
        if !detectors[0].wiresFreed(byRemoving: constraint).isEmpty { return "detector" }
        if forged[constraint] != nil { return "rule forgery" }
        if try gadgetWitnessExists(constraint, on: detectors.prefix(1)) { return "gadget witness" }
        if try circuitWitnessExists(constraint) { return "circuit witness" }
        for (detector, inputs) in zip(detectors, inputSets) {
            if let (instance, witness) = try detector.checkGadgetWitness(forRemoving: constraint, inputs: inputs) {
                #expect(detector.violations(of: witness, in: instance) == [constraint])
                return "check-gadget witness"
            }
        }
        return try gadgetWitnessExists(constraint, on: detectors.dropFirst()) ? "gadget witness" : nil
    }

    /// Whether a gadget-level removal witness for `constraint` exists on one of `detectors`' input sets.
    private func gadgetWitnessExists(_ constraint: Int, on chosen: ArraySlice<UnderConstraintDetector>) throws -> Bool {
        for index in chosen.indices {
            if let (instance, witness) = try detectors[index].gadgetRemovalWitness(forRemoving: constraint, inputs: inputSets[index]) {
                #expect(detectors[index].violations(of: witness, in: instance) == [constraint])
                return true
            }
        }
        return false
    }

    /// Whether a circuit-wide removal witness for `constraint` exists on one of the input sets.
    private func circuitWitnessExists(_ constraint: Int) throws -> Bool {
        for (detector, inputs) in zip(detectors, inputSets) {
            if let forged = try detector.removalWitness(forRemoving: constraint, inputs: inputs, settling: ConstraintRemovalTests.settledInputs) {
                #expect(detector.violations(of: forged, limit: 2) == [constraint])
                return true
            }
        }
        return false
    }
}
