import BN254
import Circuit
import Foundation
import Rollup
import Testing

/// Removing one constraint of the tiny batch circuit must be noticed (issue 15, acceptance): by the
/// under-constraint detector (a wire it alone pins moves freely), or by a removal witness (a
/// multi-wire move, re-solved forward, that violates only the removed constraint). A seeded sample
/// of constraints is removed; those neither shows caught must match `uncaughtRemovals`, which
/// says why and which forgery test covers them.
@Suite("Constraint removal: tiny batch circuit")
struct ConstraintRemovalTests {
    /// How many constraints are removed (one at a time).
    static let sampleSize = 40

    /// What a prover states rather than derives: each is mentioned by one equality, so a removal
    /// witness may set it to what the forged computation gives.
    static let settledInputs = ["dataHash", "evaluation", "newRoot"]

    /// A kind of removal neither check shows caught, and why.
    struct Uncaught: Sendable {
        /// Whether the removed constraint (its index in the system) is of this kind.
        let matches: @Sendable (ConstraintSystem, Int) -> Bool
        /// Why the checks miss it and what catches it instead.
        let reason: String
    }

    /// b·(b − 1) = 0 for one variable b: a bit's boolean constraint.
    static func isBooleanConstraint(_ system: ConstraintSystem, _ constraint: Int) -> Bool {
        let a = system.terms(ofConstraint: constraint, side: 0), b = system.terms(ofConstraint: constraint, side: 1)
        guard system.terms(ofConstraint: constraint, side: 2).isEmpty, a.count == 1, a.first!.coefficient == .one else { return false }
        let bit = a.first!.variable
        return b.count == 2 && b.contains { $0.variable == bit && $0.coefficient == .one } && b.contains { $0.variable == .one && $0.coefficient == -Fr.one }
    }

    /// True when every variable `constraint` mentions is an input or the constant wire.
    static func mentionsOnlyInputs(_ system: ConstraintSystem, _ constraint: Int) -> Bool {
        let origins = system.wireOrigins()
        return (0..<3).allSatisfy { side in
            system.terms(ofConstraint: constraint, side: side).allSatisfy { term in
                switch origins[term.variable.index] {
                case .one, .input: true
                case .hint, .constraint: false
                }
            }
        }
    }

    static let uncaughtRemovals: [Uncaught] = [
        Uncaught(
            matches: { system, constraint in
                let path = system.path(ofConstraint: constraint)
                return isBooleanConstraint(system, constraint) && (path.contains("/merkle") || path.contains("/signature/eddsaPoseidon"))
            },
            reason: "A boolean constraint of a bit that is consumed beyond its recomposition (Merkle path bits, EdDSA scalar and "
                + "hash bits): the two-bit move that keeps Σ 2^i·b_i feeds a non-bit into the swaps or the scalar multiplication, "
                + "which moves a root or a point that must meet a fixed value. HeldWireTests.forgedBitsFailAtTheBooleanOrTheSumConstraint "
                + "holds such a pair and fails at the boolean constraint."),
        Uncaught(
            matches: { system, constraint in
                let path = system.path(ofConstraint: constraint)
                return mentionsOnlyInputs(system, constraint)
                    && ["/boolean", "/sender", "/unused/from", "/unused/to"].contains { path.hasSuffix($0) }
            },
            reason: "An assertion on inputs whose inputs feed other constraints too: a moved kind flag (or the signature's enabled "
                + "flag) changes what the slot does, a moved nonce the signed message, a moved from or to (a deposit's from, a "
                + "withdrawal's to) the Merkle path. ForgeryTests (kindFlagsAndAmounts, senderRules, zeroFieldsOfEachKind) forge "
                + "each and fail there."),
        Uncaught(
            matches: { system, constraint in system.path(ofConstraint: constraint).hasSuffix("/poseidon") && !system.path(ofConstraint: constraint).hasPrefix("commitment") },
            reason: "A Poseidon S-box of a leaf, Merkle node, message or signature hash: a moved S-box moves the hash, and forward "
                + "re-solving carries that to a value no prover chooses (the old root the contract stores, the root the next update "
                + "starts from, the signature equation). An exploit must pick the wire to cancel a forged input (the last full "
                + "round is linear in its S-boxes): a targeted forgery per hash, which no test builds. Hashes that reach only the "
                + "new root or the data hash are caught through the settled inputs."),
        Uncaught(
            matches: { system, constraint in system.path(ofConstraint: constraint).contains("/signature/eddsaPoseidon") },
            reason: "Curve arithmetic and scalar bits of the signature check (B8·S, R + H·8A, S < l): a moved wire moves one side of "
                + "the final equality left = right, which a single forward-solved move does not meet again. ForgeryTests.signatures "
                + "forges S, S + l (the same scalar), the scalar bits and the hash bits."),
        Uncaught(
            matches: { system, constraint in system.path(ofConstraint: constraint).contains("/merkle") },
            reason: "A Merkle swap or path-bit recomposition: a moved wire moves the computed old root, which must equal the "
                + "root before the update. ForgeryTests.senderRules forges the path bits of another index."),
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

    /// Whether one of `detectors` (each for the input set at the same position) finds a removal witness for `constraint`.
    func removalCaught(_ constraint: Int, detectors: [UnderConstraintDetector], inputSets: [[String: Fr]]) throws -> Bool {
        for (detector, inputs) in zip(detectors, inputSets) {
            if let forged = try detector.removalWitness(forRemoving: constraint, inputs: inputs, settling: Self.settledInputs) {
                #expect(detector.violations(of: forged, limit: 2) == [constraint])
                return true
            }
        }
        return false
    }

    /// The sample is tried on the first batch of `BatchUnderConstraintTests` (a transfer, a deposit
    /// creating an account); an assertion on inputs, which is vacuous for the kinds it does not
    /// guard, also on the other two (a withdrawal and an unused slot, a self-transfer) and on an
    /// empty batch (slot 0 is signed in all three).
    @Test func everySampledRemovalIsCaughtOrExplained() throws {
        let state = try freshState(try generated(batches: 0).0)
        let empty = tinyCircuit.inputs(for: try state.apply(Batch(number: 1, previousRoot: state.root, transactions: []), slots: 2))
        let inputSets = try BatchUnderConstraintTests.inputSets() + [empty]
        let detectors = try inputSets.map { try UnderConstraintDetector(tinyCircuit.system, witness: try tinyCircuit.system.generateWitness(inputs: $0)) }
        let detector = detectors[0]
        var generator = InsecureSeededGenerator(seed: detector.seed)
        var sample = Array(0..<tinyCircuit.system.constraintCount)
        sample.shuffle(using: &generator)
        var byDetector = 0, byWitness = 0
        var byReason = [Int](repeating: 0, count: Self.uncaughtRemovals.count)
        var unexplained: [String] = []
        for constraint in sample.prefix(Self.sampleSize).sorted() {
            if !detector.wiresFreed(byRemoving: constraint).isEmpty {
                byDetector += 1
            } else if try removalCaught(constraint, detectors: Self.mentionsOnlyInputs(tinyCircuit.system, constraint) ? detectors : [detector], inputSets: inputSets) {
                byWitness += 1
            } else {
                let path = detector.path(ofConstraint: constraint)
                if let reason = Self.uncaughtRemovals.firstIndex(where: { $0.matches(tinyCircuit.system, constraint) }) {
                    byReason[reason] += 1
                } else {
                    unexplained.append("\(constraint) \(path)")
                }
            }
        }
        // With the default seed: caught by the detector, by a removal witness, and explained, per reason in order.
        if detector.seed == UnderConstraintDetector.defaultSeed {
            #expect([byDetector, byWitness] + byReason == [0, 13, 3, 0, 16, 8, 0], "TEST_SEED=\(detector.seed)")
        }
        #expect(unexplained.isEmpty, "removals neither caught nor explained (TEST_SEED=\(detector.seed); \(byDetector) by the detector, \(byWitness) by a witness): \(unexplained)")
    }
}
