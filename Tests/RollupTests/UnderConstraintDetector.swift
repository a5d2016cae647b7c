import BN254
import Circuit
import Foundation

/// Finds wires a satisfied witness does not pin: each non-input wire w_i is moved to w_i + d,
/// all other wires fixed, for three deltas — a random nonzero d (seeded, per wire), +1 and −1
/// (the last two are the 0 ↔ 1 swap of a bit) — and must make some constraint fail. A wire for
/// which some delta keeps every constraint satisfied is free.
///
/// Only the constraints mentioning the wire are re-evaluated, and in closed form: with
/// a = ⟨A, w⟩, b = ⟨B, w⟩, c = ⟨C, w⟩ (a·b = c) and the wire's coefficients α, β, γ in A, B, C,
/// the moved constraint (a + αd)(b + βd) = c + γd holds iff d·(αb + βa − γ + d·αβ) = 0, so each
/// (wire, constraint) pair keeps λ = αb + βa − γ and μ = αβ and a delta d ≠ 0 passes iff
/// λ + d·μ = 0. That is exact (the same field arithmetic as re-evaluating) and O(1) per pair.
///
/// It is a single-wire test: it finds a wire that can move alone, not wires that can only move
/// together. For removed constraints it has multi-wire twins, each returning a witness that
/// violates the removed constraint and satisfies the others: `removalWitness` over the whole
/// circuit, `gadgetRemovalWitness` and `checkGadgetWitness` inside the gadget instance around it
/// (ConstraintRemovalTests says what each shows).
struct UnderConstraintDetector {
    /// A wire some perturbation leaves every constraint satisfied.
    struct FreeWire: CustomStringConvertible, Equatable {
        /// The allocation index (the solver's order).
        let index: Int
        /// The exported wire id (the index into `Witness.values` and the .r1cs/.wtns files).
        let wireID: Int
        /// Where it was created: its hint's namespace path, or the path of the constraint that defines it.
        let path: String
        /// The number of constraints that mention it.
        let mentions: Int
        /// True when no constraint sees it under this witness (every λ and μ is 0), so any value
        /// passes; false when only some of the tested deltas pass.
        let anyValue: Bool

        /// The wire id, allocation index, path and how it is free.
        var description: String {
            "wire \(wireID) (allocation \(index)) created in \"\(path)\": \(anyValue ? "any value" : "±1 or the random delta") passes, \(mentions) constraint(s) mention it"
        }
    }

    /// Which wires to perturb.
    enum Selection {
        /// Every non-input wire.
        case all
        /// A seeded random sample of this many non-input wires (all of them when there are fewer).
        case sample(Int)
    }

    /// The seed of the random deltas and samples: `TEST_SEED` from the environment when set,
    /// else `defaultSeed`. Failure messages print it.
    let seed: UInt64
    /// The seed used when `TEST_SEED` is not set.
    static let defaultSeed: UInt64 = 15

    private let system: ConstraintSystem
    private let origins: [WireOrigin]
    private let wireIDs: [Int]
    // The computed wires (hint outputs and products) as variables, by allocation index.
    private let computedVariables: [Int: Variable]
    // The satisfied witness by allocation index.
    private let values: [Fr]
    // Per wire, the (constraint, λ, μ) pairs of the constraints mentioning it: entries
    // pairStart[i]..<pairStart[i + 1] of the three arrays.
    private let pairStart: [Int]
    private let pairConstraint: [Int32]
    private let pairLinear: [Fr]
    private let pairQuadratic: [Fr]
    // Per constraint, the wires it mentions: wiresOf[constraintStart[j]..<constraintStart[j + 1]].
    private let constraintStart: [Int]
    private let wiresOf: [Int32]

    /// A detector for `witness` (in wire-id order, as `generateWitness` returns it), which must
    /// satisfy `system`.
    init(_ system: ConstraintSystem, witness: Witness) throws {
        let failure = try system.check(witness)
        precondition(failure == nil, "the detector needs a witness that satisfies the system: \(failure!)")
        self.system = system
        seed = ProcessInfo.processInfo.environment["TEST_SEED"].flatMap { UInt64($0) } ?? Self.defaultSeed
        origins = system.wireOrigins()
        wireIDs = system.wireIDsByAllocation()
        computedVariables = Dictionary(uniqueKeysWithValues: system.computedWires { _ in true }.map { ($0.index, $0) })
        let values = wireIDs.map { witness.values[$0] }
        self.values = values

        // (wire, constraint, λ, μ) in constraint order, then bucketed by wire.
        var wires: [Int32] = [], constraints: [Int32] = [], linear: [Fr] = [], quadratic: [Fr] = []
        var constraintStart = [0]
        constraintStart.reserveCapacity(system.constraintCount + 1)
        var slot = [Int32](repeating: -1, count: system.wireCount)  // wire → its entry in the current constraint
        var coefficients: [(Fr, Fr, Fr)] = []
        for constraint in 0..<system.constraintCount {
            let base = wires.count
            coefficients.removeAll(keepingCapacity: true)
            var sides = [Fr.zero, Fr.zero, Fr.zero]
            for side in 0..<3 {
                for term in system.terms(ofConstraint: constraint, side: side) {
                    sides[side] += term.coefficient * values[term.variable.index]
                    let wire = term.variable.index
                    if slot[wire] < 0 {
                        slot[wire] = Int32(coefficients.count)
                        coefficients.append((.zero, .zero, .zero))
                        wires.append(Int32(wire))
                    }
                    let entry = Int(slot[wire])
                    switch side {
                    case 0: coefficients[entry].0 += term.coefficient
                    case 1: coefficients[entry].1 += term.coefficient
                    default: coefficients[entry].2 += term.coefficient
                    }
                }
            }
            for (offset, (alpha, beta, gamma)) in coefficients.enumerated() {
                slot[Int(wires[base + offset])] = -1
                constraints.append(Int32(constraint))
                linear.append(alpha * sides[1] + beta * sides[0] - gamma)
                quadratic.append(alpha * beta)
            }
            constraintStart.append(wires.count)
        }
        var start = [Int](repeating: 0, count: system.wireCount + 1)
        for wire in wires { start[Int(wire) + 1] += 1 }
        for wire in 0..<system.wireCount { start[wire + 1] += start[wire] }
        var fill = start
        var bucketConstraint = [Int32](repeating: 0, count: wires.count)
        var bucketLinear = [Fr](repeating: .zero, count: wires.count)
        var bucketQuadratic = [Fr](repeating: .zero, count: wires.count)
        for entry in 0..<wires.count {
            let wire = Int(wires[entry])
            bucketConstraint[fill[wire]] = constraints[entry]
            bucketLinear[fill[wire]] = linear[entry]
            bucketQuadratic[fill[wire]] = quadratic[entry]
            fill[wire] += 1
        }
        pairStart = start
        pairConstraint = bucketConstraint
        pairLinear = bucketLinear
        pairQuadratic = bucketQuadratic
        self.constraintStart = constraintStart
        wiresOf = wires
    }

    /// The free wires among `selection`, in allocation order.
    func freeWires(_ selection: Selection = .all) -> [FreeWire] {
        var generator = InsecureSeededGenerator(seed: seed)
        var candidates = (0..<system.wireCount).filter(isPerturbed)
        if case let .sample(count) = selection, count < candidates.count {
            candidates.shuffle(using: &generator)
            candidates = candidates.prefix(count).sorted()
        }
        return candidates.compactMap { freeWire($0, ignoring: nil, generator: &generator) }
    }

    /// The wires that become free when `constraint` alone is removed (and were not free with it).
    /// Only the wires `constraint` mentions can change, so only they are perturbed: the result is
    /// what the full detector reports on the reduced system beyond what it reports on this one.
    func wiresFreed(byRemoving constraint: Int) -> [FreeWire] {
        var generator = InsecureSeededGenerator(seed: seed ^ UInt64(constraint))
        return wiresOf[constraintStart[constraint]..<constraintStart[constraint + 1]].map { Int($0) }.filter(isPerturbed).compactMap { wire in
            freeWire(wire, ignoring: nil, generator: &generator) == nil ? freeWire(wire, ignoring: constraint, generator: &generator) : nil
        }
    }

    /// A witness that violates `constraint` and satisfies every other constraint, so that removing
    /// `constraint` admits it. Each computed wire `constraint` mentions (the wire it defines first,
    /// at most `wireLimit` of them) is held at its value plus each delta (seeded random, +1, −1)
    /// while the solver recomputes every later wire from `inputs`: a multi-wire move along the
    /// circuit's own computation. The inputs named in `settled` — values a prover states rather than
    /// derives, each mentioned by one constraint (a new root, a data hash) — are then set to satisfy
    /// that constraint. When no single move works, each such wire u is moved together with a
    /// partner p of a linear equality u is in (Σ αᵢ·wᵢ = c·…, B constant: a bit recomposition), p
    /// by ±1 and u by ∓α_p/α_u so that the equality still holds: the two-bit move (bᵢ + 2,
    /// bᵢ₊₁ − 1) that a bit's removed boolean constraint admits. Last, the inputs the constraint
    /// reads (which the prover chooses too) get the same single moves: all an assertion on inputs
    /// can move, and for an equality of a computed value with an input (the first update's old root)
    /// the move that breaks only it. Nil when no tried move gives such a witness.
    func removalWitness(forRemoving constraint: Int, inputs: [String: Fr], settling settled: [String], wireLimit: Int = 3) throws -> Witness? {
        var generator = InsecureSeededGenerator(seed: seed ^ UInt64(constraint) ^ 0x7265_6D6F)  // "remo"
        var mentioned: [Variable] = []
        for side in 0..<3 {
            for term in system.terms(ofConstraint: constraint, side: side)
            where isPerturbed(term.variable.index) && !mentioned.contains(term.variable) { mentioned.append(term.variable) }
        }
        let defines = { (variable: Variable) in self.origins[variable.index] == .constraint(constraint) }
        let candidates = (mentioned.filter(defines) + mentioned.filter { !defines($0) }).prefix(wireLimit)
        for variable in candidates {
            let wire = variable.index
            var random = Fr.random(using: &generator)
            while random.isZero { random = Fr.random(using: &generator) }
            for delta in [random, .one, -Fr.one] {
                var witness = try system.generateWitness(inputs: inputs, holding: [variable: values[wire] + delta])
                settle(settled, in: &witness)
                if violations(of: witness, limit: 2) == [constraint] { return witness }
            }
        }
        for variable in candidates {
            for (partner, ratio) in linearPartners(of: variable, besides: constraint).prefix(2) {
                for step in [Fr.one, -Fr.one] {
                    let held = [partner: values[partner.index] + step, variable: values[variable.index] - step * ratio]
                    var witness = try system.generateWitness(inputs: inputs, holding: held)
                    settle(settled, in: &witness)
                    if violations(of: witness, limit: 2) == [constraint] { return witness }
                }
            }
        }
        return try inputMoveWitness(forRemoving: constraint, inputs: inputs, settling: settled, generator: &generator)
    }

    /// Single moves of each input `constraint` mentions (an assertion on inputs mentions a few).
    private func inputMoveWitness(forRemoving constraint: Int, inputs: [String: Fr], settling settled: [String],
                                  generator: inout InsecureSeededGenerator) throws -> Witness? {
        var names: [String] = []
        for side in 0..<3 {
            for term in system.terms(ofConstraint: constraint, side: side) {
                if case let .input(name) = origins[term.variable.index], !settled.contains(name), !names.contains(name) { names.append(name) }
            }
        }
        for name in names {
            var random = Fr.random(using: &generator)
            while random.isZero { random = Fr.random(using: &generator) }
            for delta in [random, .one, -Fr.one] {
                var moved = inputs
                moved[name]! += delta
                var witness = try system.generateWitness(inputs: moved)
                settle(settled, in: &witness)
                if violations(of: witness, limit: 2) == [constraint] { return witness }
            }
        }
        return nil
    }

    /// Computed wires p that share with `variable` (u) a linear equality other than `besides`
    /// (u and p only on side A, side B a constant), with α_p/α_u: moving p by d and u by −d·α_p/α_u keeps it.
    private func linearPartners(of variable: Variable, besides removed: Int) -> [(Variable, Fr)] {
        var partners: [(Variable, Fr)] = []
        for pair in pairStart[variable.index]..<pairStart[variable.index + 1] {
            let constraint = Int(pairConstraint[pair])
            let a = system.terms(ofConstraint: constraint, side: 0), b = system.terms(ofConstraint: constraint, side: 1)
            guard constraint != removed, b.allSatisfy({ $0.variable == .one }),
                  let alpha = a.first(where: { $0.variable == variable })?.coefficient, let inverse = alpha.inverse(),
                  !system.terms(ofConstraint: constraint, side: 2).contains(where: { $0.variable == variable })
            else { continue }
            for term in a where term.variable != variable && isPerturbed(term.variable.index)
                && !system.terms(ofConstraint: constraint, side: 2).contains(where: { $0.variable == term.variable }) {
                partners.append((term.variable, term.coefficient * inverse))
            }
        }
        return partners
    }

    /// Owned wires p that share with `variable` (u) a constraint of `instance` other than `besides`
    /// that is linear in the instance's own wires once its inputs are held (side A or side B mentions
    /// no owned wire: κ·⟨L, w⟩ = ⟨C, w⟩ with κ that side's value), with α_p/α_u, α a wire's coefficient
    /// in κ·L − C: moving p by d and u by −d·α_p/α_u keeps it. IsZero's x·inv = 1 − out with x held is
    /// one: out moves to 1 with inv to 0, which only x·out = 0 refuses.
    private func heldLinearPartners(of variable: Variable, besides removed: Int, in instance: GadgetInstance) -> [(Variable, Fr)] {
        var partners: [(Variable, Fr)] = []
        for pair in pairStart[variable.index]..<pairStart[variable.index + 1] {
            let constraint = Int(pairConstraint[pair])
            guard constraint != removed, instance.constraints.contains(constraint) else { continue }
            let sides = (0..<3).map { system.terms(ofConstraint: constraint, side: $0) }
            let ownsNone = { (terms: ArraySlice<Term>) in !terms.contains { instance.owned.contains($0.variable.index) } }
            guard let held = ownsNone(sides[0]) ? 0 : ownsNone(sides[1]) ? 1 : nil else { continue }
            let kappa = sides[held].reduce(Fr.zero) { $0 + $1.coefficient * values[$1.variable.index] }
            var coefficients: [Variable: Fr] = [:]
            for term in sides[1 - held] where instance.owned.contains(term.variable.index) { coefficients[term.variable, default: .zero] += kappa * term.coefficient }
            for term in sides[2] where instance.owned.contains(term.variable.index) { coefficients[term.variable, default: .zero] -= term.coefficient }
            guard let inverse = coefficients[variable]?.inverse() else { continue }
            for (partner, alpha) in coefficients.sorted(by: { $0.key.index < $1.key.index }) where partner != variable && !alpha.isZero {
                partners.append((partner, alpha * inverse))
            }
        }
        return partners
    }

    /// A gadget instance: the maximal run of consecutive constraints recorded under one namespace
    /// (its path or below it) around a constraint, and the wires that run computes.
    struct GadgetInstance {
        /// The namespace: the removed constraint's path or one of its ancestors.
        let prefix: String
        /// The run of constraints.
        let constraints: Range<Int>
        /// The wires the run computes (allocation indices): the products of its constraints, and the
        /// hint outputs created under `prefix` whose first constraint is in the run.
        let owned: Set<Int>
        /// The wires the run mentions but does not compute (the constant wire, circuit inputs and
        /// wires computed elsewhere): its inputs, held at their values.
        let inputs: Set<Int>
        /// The owned wires some constraint outside the run mentions, in allocation order.
        let outputs: [Int]
    }

    /// The instance of the gadget under `prefix` (a path that is, or is an ancestor of, the path of
    /// `constraint`) whose run contains `constraint`.
    func gadgetInstance(around constraint: Int, prefix: String) -> GadgetInstance {
        let within = { (path: String) in path == prefix || path.hasPrefix(prefix + "/") }
        var lower = constraint, upper = constraint + 1
        while lower > 0, within(system.path(ofConstraint: lower - 1)) { lower -= 1 }
        while upper < system.constraintCount, within(system.path(ofConstraint: upper)) { upper += 1 }
        let run = lower..<upper
        var mentioned = Set<Int>()
        for entry in constraintStart[lower]..<constraintStart[upper] { mentioned.insert(Int(wiresOf[entry])) }
        let owned = mentioned.filter { wire in
            switch origins[wire] {
            case .one, .input: false
            case let .constraint(defining): run.contains(defining)
            case let .hint(path): within(path) && run.contains(Int(pairConstraint[pairStart[wire]]))
            }
        }
        let outputs = owned.filter { wire in
            !run.contains(Int(pairConstraint[pairStart[wire]])) || !run.contains(Int(pairConstraint[pairStart[wire + 1] - 1]))
        }.sorted()
        return GadgetInstance(prefix: prefix, constraints: run, owned: owned, inputs: mentioned.subtracting(owned), outputs: outputs)
    }

    /// A gadget-level removal witness: inside the innermost gadget instance around `constraint` (its
    /// path, then each ancestor namespace) for which one is found, a new assignment of the instance's
    /// own wires, everything else at its value, that satisfies every constraint of the instance but
    /// `constraint`, violates `constraint` and changes an output of the instance (an owned wire used
    /// outside it). The moves are those of `removalWitness`: an owned wire `constraint` mentions held
    /// off its value (seeded random, +1, −1) with the instance's later wires re-solved from its held
    /// inputs, or a bit moved with a partner of its recomposition (or, failing one, with a partner of
    /// a constraint linear once the instance's inputs are held). Such a witness shows the gadget
    /// without `constraint` no longer computes a function of its inputs: a circuit using it accepts a
    /// forged output. A forgery that a constraint outside the instance rejects using only the
    /// instance's own wires and inputs (the circuit re-imposing the removed check at the gadget's
    /// boundary, e.g. a second boolean constraint on an output bit) does not count. Nil when no move
    /// at any level gives such a witness.
    func gadgetRemovalWitness(forRemoving constraint: Int, inputs: [String: Fr], wireLimit: Int = 3) throws -> (GadgetInstance, Witness)? {
        let segments = path(ofConstraint: constraint).split(separator: "/")
        for depth in stride(from: segments.count, to: 0, by: -1) {
            let instance = gadgetInstance(around: constraint, prefix: segments.prefix(depth).joined(separator: "/"))
            guard !instance.outputs.isEmpty else { continue }
            if let witness = try gadgetRemovalWitness(forRemoving: constraint, in: instance, inputs: inputs, wireLimit: wireLimit) {
                return (instance, witness)
            }
        }
        return nil
    }

    /// The moves of `gadgetRemovalWitness(forRemoving:inputs:wireLimit:)` inside one instance.
    private func gadgetRemovalWitness(forRemoving constraint: Int, in instance: GadgetInstance, inputs: [String: Fr], wireLimit: Int) throws -> Witness? {
        var generator = InsecureSeededGenerator(seed: seed ^ UInt64(constraint) ^ 0x6761_6467)  // "gadg"
        var mentioned: [Variable] = []
        for side in 0..<3 {
            for term in system.terms(ofConstraint: constraint, side: side)
            where instance.owned.contains(term.variable.index) && !mentioned.contains(term.variable) { mentioned.append(term.variable) }
        }
        // The wire `constraint` defines, then the hints it is the first to constrain, then the rest.
        let rank = { (variable: Variable) -> Int in
            if self.origins[variable.index] == .constraint(constraint) { return 0 }
            if case .hint = self.origins[variable.index], Int(self.pairConstraint[self.pairStart[variable.index]]) == constraint { return 1 }
            return 2
        }
        let candidates = mentioned.enumerated().sorted { (rank($0.element), $0.offset) < (rank($1.element), $1.offset) }.map(\.element).prefix(wireLimit)
        var moves: [[Variable: Fr]] = []
        for variable in candidates {
            var random = Fr.random(using: &generator)
            while random.isZero { random = Fr.random(using: &generator) }
            for delta in [random, .one, -Fr.one] { moves.append([variable: values[variable.index] + delta]) }
        }
        for variable in candidates {
            let isOwnedHint = { (partner: Variable, _: Fr) -> Bool in
                guard instance.owned.contains(partner.index), case .hint = self.origins[partner.index] else { return false }
                return true
            }
            let linear = linearPartners(of: variable, besides: constraint).filter(isOwnedHint)
            let ownedHints = linear.isEmpty ? heldLinearPartners(of: variable, besides: constraint, in: instance).filter(isOwnedHint) : linear
            for (partner, ratio) in ownedHints.prefix(2) {
                for step in [Fr.one, -Fr.one] {
                    moves.append([partner: values[partner.index] + step, variable: values[variable.index] - step * ratio])
                }
            }
        }
        for move in moves {
            let first = move.keys.map(\.index).min()!
            var held = move
            for wire in instance.inputs where wire > first && isPerturbed(wire) { held[computedVariables[wire]!] = values[wire] }
            let solved = try system.generateWitness(inputs: inputs, holding: held)
            var current = values
            for wire in instance.owned { current[wire] = solved.values[wireIDs[wire]] }
            if isGadgetForgery(current, removing: constraint, in: instance) {
                var ordered = [Fr](repeating: .zero, count: current.count)
                for (wire, value) in current.enumerated() { ordered[wireIDs[wire]] = value }
                return Witness(values: ordered)
            }
        }
        return nil
    }

    /// A check-gadget removal witness: inside the innermost gadget instance around `constraint` for
    /// which one is found, new values of some of the instance's inputs (wires it reads and does not
    /// compute) with its own wires re-solved, everything else at its value, that satisfy every
    /// constraint of the instance but `constraint` and violate `constraint`: the gadget without
    /// `constraint` accepts inputs it rejects (an inclusion proof whose siblings do not hash to the
    /// root, a point off the curve, bits above a bound). When `constraint` is an assertion, only
    /// inputs another constraint of the instance also reads are moved (moving an input only it reads
    /// would show nothing about the gadget); when it defines a wire w = a·b that the instance reads
    /// elsewhere, the inputs it reads, directly or through the instance's products (a leaf's
    /// account fields), are moved while w keeps its value. Inputs move one at a time by
    /// a seeded random delta, +1 and −1, and, when they are bits (each has a Boolean constraint), to
    /// the Boolean vector that sets to 1 every bit `constraint` reads through the instance's products
    /// and then to 0 each other bit of a constraint that fails, until none but `constraint` does (w
    /// forced to 0 or a random value). As for the gadget-level witness, a forgery rejected at the
    /// instance's boundary does not count. Nil when none is found.
    func checkGadgetWitness(forRemoving constraint: Int, inputs: [String: Fr], wireLimit: Int = 3) throws -> (GadgetInstance, Witness)? {
        let segments = path(ofConstraint: constraint).split(separator: "/")
        for depth in stride(from: segments.count, to: 0, by: -1) {
            let instance = gadgetInstance(around: constraint, prefix: segments.prefix(depth).joined(separator: "/"))
            guard instance.constraints.count > 1 else { continue }
            if let witness = try checkGadgetWitness(forRemoving: constraint, in: instance, inputs: inputs, wireLimit: wireLimit) {
                return (instance, witness)
            }
        }
        return nil
    }

    /// The input moves of `checkGadgetWitness(forRemoving:inputs:wireLimit:)` inside one instance.
    private func checkGadgetWitness(forRemoving constraint: Int, in instance: GadgetInstance, inputs: [String: Fr], wireLimit: Int) throws -> Witness? {
        var generator = InsecureSeededGenerator(seed: seed ^ UInt64(constraint) ^ 0x6368_6563)  // "chec"
        let readBesides = { (wire: Int) in
            (self.pairStart[wire]..<self.pairStart[wire + 1]).contains { pair in
                let reader = Int(self.pairConstraint[pair])
                return reader != constraint && instance.constraints.contains(reader)
            }
        }
        let read = instance.inputs.filter { $0 != 0 }.sorted()
        // A removed definition w = a·b: w keeps a value while the inputs move, and the instance must read w elsewhere.
        let defined = instance.owned.first { origins[$0] == .constraint(constraint) }.flatMap { readBesides($0) ? $0 : nil }
        let cone = cone(of: constraint, in: instance)
        let movable = defined == nil ? read.filter(readBesides) : read.filter(cone.contains)
        var random = Fr.random(using: &generator)
        while random.isZero { random = Fr.random(using: &generator) }
        var moves: [[Int: Fr]] = []
        if !movable.isEmpty, read.allSatisfy(hasBooleanConstraint) {
            for forced in defined.map({ [($0, Fr.zero), ($0, random)] }) ?? [nil] {
                var activating = activatingBits(of: constraint, in: instance, bits: read, forcing: forced)
                if let (wire, value) = forced { activating[wire] = value }
                if activating.keys.contains(where: readBesides) { moves.append(activating) }
            }
        }
        for wire in movable.prefix(wireLimit) {
            for delta in [random, .one, -Fr.one] {
                var move = [wire: values[wire] + delta]
                if let defined { move[defined] = values[defined] }
                moves.append(move)
            }
        }
        for move in moves where !move.isEmpty {
            var moved = inputs
            var held: [Variable: Fr] = [:]
            for (wire, value) in move {
                if case let .input(name) = origins[wire] { moved[name] = value } else { held[computedVariables[wire]!] = value }
            }
            let first = move.keys.min()!
            for wire in instance.inputs where wire > first && isPerturbed(wire) && move[wire] == nil { held[computedVariables[wire]!] = values[wire] }
            let solved = try system.generateWitness(inputs: moved, holding: held)
            var current = values
            for wire in instance.owned { current[wire] = solved.values[wireIDs[wire]] }
            for (wire, value) in move { current[wire] = value }
            if isGadgetForgery(current, removing: constraint, in: instance, requiringMovedOutput: false) {
                var ordered = [Fr](repeating: .zero, count: current.count)
                for (wire, value) in current.enumerated() { ordered[wireIDs[wire]] = value }
                return Witness(values: ordered)
            }
        }
        return nil
    }

    /// Whether some constraint is b·(b − 1) = 0 for `wire` alone.
    private func hasBooleanConstraint(_ wire: Int) -> Bool {
        (pairStart[wire]..<pairStart[wire + 1]).contains { pair in
            let constraint = Int(pairConstraint[pair])
            let a = system.terms(ofConstraint: constraint, side: 0), b = system.terms(ofConstraint: constraint, side: 1)
            return system.terms(ofConstraint: constraint, side: 2).isEmpty && a.count == 1 && a.first!.variable.index == wire && a.first!.coefficient == .one
                && b.count == 2 && b.contains { $0.variable.index == wire && $0.coefficient == .one } && b.contains { $0.variable == .one && $0.coefficient == -Fr.one }
        }
    }

    /// The Boolean values of `bits` (inputs of `instance`) that set to 1 each bit `constraint` reads,
    /// directly or through the instance's products, and then to 0, one constraint at a time, the
    /// other bits of each instance constraint that fails, as long as one does, with the `forced` wire
    /// held at its value; the changed bits only.
    private func activatingBits(of constraint: Int, in instance: GadgetInstance, bits: [Int], forcing forced: (Int, Fr)?) -> [Int: Fr] {
        let reached = cone(of: constraint, in: instance)
        let bitSet = Set(bits)
        var assignment = [Int: Fr]()
        for bit in bits where reached.contains(bit) { assignment[bit] = .one }
        for _ in 0..<instance.constraints.count {
            let current = solvedInside(instance, with: assignment, forcing: forced)
            guard let failing = instance.constraints.first(where: { index in
                index != constraint && { let (a, b, c) = self.sides(of: index, current); return a * b != c }()
            }) else { break }
            let fixable = wiresOf[constraintStart[failing]..<constraintStart[failing + 1]].map { Int($0) }.filter { bitSet.contains($0) && !reached.contains($0) && current[$0] != .zero }
            guard !fixable.isEmpty else { break }
            for bit in fixable { assignment[bit] = .zero }
        }
        return assignment.filter { values[$0.key] != $0.value }
    }

    /// The wires `constraint` reads, directly or through the products of `instance` (their operands, recursively).
    private func cone(of constraint: Int, in instance: GadgetInstance) -> Set<Int> {
        var reached = Set<Int>(), pending = wiresOf[constraintStart[constraint]..<constraintStart[constraint + 1]].map { Int($0) }
        while let wire = pending.popLast() {
            guard reached.insert(wire).inserted else { continue }
            if case let .constraint(defining) = origins[wire], instance.constraints.contains(defining) {
                pending += wiresOf[constraintStart[defining]..<constraintStart[defining + 1]].map { Int($0) }
            }
        }
        return reached
    }

    /// The satisfied witness with the inputs in `assignment` changed and the products of `instance`
    /// recomputed in allocation order, but the `forced` wire (the instance's hints keep their values).
    private func solvedInside(_ instance: GadgetInstance, with assignment: [Int: Fr], forcing forced: (Int, Fr)?) -> [Fr] {
        var current = values
        for (wire, value) in assignment { current[wire] = value }
        for wire in instance.owned.sorted() {
            if let (held, value) = forced, held == wire {
                current[wire] = value
                continue
            }
            guard case let .constraint(defining) = origins[wire] else { continue }
            let (a, b, _) = sides(of: defining, current)  // a product a·b, or a·1 for a linear wire
            current[wire] = a * b
        }
        return current
    }

    /// Whether `current` (by allocation index, equal to the satisfied witness outside `instance`)
    /// violates `constraint` and no other constraint of the instance, moves an output, and is not
    /// rejected at the instance's boundary (a violated outside constraint mentioning only the
    /// instance's wires, its inputs and the constant wire).
    private func isGadgetForgery(_ current: [Fr], removing constraint: Int, in instance: GadgetInstance, requiringMovedOutput: Bool = true) -> Bool {
        let holds = { (index: Int) in let (a, b, c) = self.sides(of: index, current); return a * b == c }
        guard !holds(constraint), instance.constraints.allSatisfy({ $0 == constraint || holds($0) }) else { return false }
        let moved = instance.outputs.filter { current[$0] != values[$0] }
        guard !moved.isEmpty || !requiringMovedOutput else { return false }
        let movedInputs = instance.inputs.filter { current[$0] != values[$0] }
        let boundary = { (wire: Int) in instance.owned.contains(wire) || instance.inputs.contains(wire) || wire == 0 }
        for wire in moved + movedInputs {
            for pair in pairStart[wire]..<pairStart[wire + 1] {
                let outside = Int(pairConstraint[pair])
                guard !instance.constraints.contains(outside), !holds(outside) else { continue }
                if wiresOf[constraintStart[outside]..<constraintStart[outside + 1]].allSatisfy({ boundary(Int($0)) }) { return false }
            }
        }
        return true
    }

    /// The first `limit` constraints violated by the witness solved from `inputs` (a forgery's), with
    /// the inputs named in `settled` set as `removalWitness` sets them.
    func violations(ofInputs inputs: [String: Fr], settling settled: [String], limit: Int) throws -> [Int] {
        var witness = try system.generateWitness(inputs: inputs)
        settle(settled, in: &witness)
        return violations(of: witness, limit: limit)
    }

    /// The constraints of `instance` that `witness` (in wire-id order) violates, in order.
    func violations(of witness: Witness, in instance: GadgetInstance) -> [Int] {
        let current = wireIDs.map { witness.values[$0] }
        return instance.constraints.filter { let (a, b, c) = sides(of: $0, current); return a * b != c }
    }

    /// The first `limit` constraints `witness` (in wire-id order) violates, in order.
    func violations(of witness: Witness, limit: Int) -> [Int] {
        let current = wireIDs.map { witness.values[$0] }
        var violated: [Int] = []
        for constraint in 0..<system.constraintCount where violated.count < limit {
            let (a, b, c) = sides(of: constraint, current)
            if a * b != c { violated.append(constraint) }
        }
        return violated
    }

    /// Sets each input of `names` so that the one constraint mentioning it holds, when that
    /// constraint mentions it on one side only and can be solved for it.
    private func settle(_ names: [String], in witness: inout Witness) {
        for name in names {
            guard let input = system.variable(named: name) else { preconditionFailure("no input \(name)") }
            let pairs = pairStart[input.index]..<pairStart[input.index + 1]
            precondition(pairs.count == 1, "input \(name) is mentioned by \(pairs.count) constraints, not one")
            let constraint = Int(pairConstraint[pairs.lowerBound])
            let current = wireIDs.map { witness.values[$0] }
            let (a, b, c) = sides(of: constraint, current)
            let coefficient = { (side: Int) in system.terms(ofConstraint: constraint, side: side).first { $0.variable == input }?.coefficient ?? .zero }
            let (alpha, beta, gamma) = (coefficient(0), coefficient(1), coefficient(2))
            // (a + αΔ)·b = c + γΔ with β = 0: Δ = (c − a·b)/(α·b − γ).
            precondition(beta.isZero, "input \(name) is in side B of its constraint")
            guard let inverse = (alpha * b - gamma).inverse() else { continue }
            witness.values[wireIDs[input.index]] += (c - a * b) * inverse
        }
    }

    /// ⟨A, w⟩, ⟨B, w⟩, ⟨C, w⟩ of `constraint` for `values` by allocation index.
    private func sides(of constraint: Int, _ values: [Fr]) -> (Fr, Fr, Fr) {
        var sums = [Fr.zero, .zero, .zero]
        for side in 0..<3 {
            for term in system.terms(ofConstraint: constraint, side: side) { sums[side] += term.coefficient * values[term.variable.index] }
        }
        return (sums[0], sums[1], sums[2])
    }

    /// The namespace path of `constraint`.
    func path(ofConstraint constraint: Int) -> String { system.path(ofConstraint: constraint) }

    /// Inputs (and the constant wire) are what the prover chooses; everything else must be pinned.
    private func isPerturbed(_ wire: Int) -> Bool {
        switch origins[wire] {
        case .one, .input: false
        case .hint, .constraint: true
        }
    }

    /// `wire` as a free wire if one of the deltas passes every constraint mentioning it (but `ignoring`).
    private func freeWire(_ wire: Int, ignoring: Int?, generator: inout InsecureSeededGenerator) -> FreeWire? {
        var random = Fr.random(using: &generator)
        while random.isZero { random = Fr.random(using: &generator) }
        let skipped = ignoring.map { Int32($0) } ?? -1
        let pairs = (pairStart[wire]..<pairStart[wire + 1]).filter { pairConstraint[$0] != skipped }
        let passes = [random, .one, -Fr.one].contains { delta in
            pairs.allSatisfy { (pairLinear[$0] + delta * pairQuadratic[$0]).isZero }
        }
        guard passes else { return nil }
        let path: String
        switch origins[wire] {
        case let .hint(hintPath): path = hintPath
        case let .constraint(constraint): path = system.path(ofConstraint: constraint)
        case .one, .input: preconditionFailure("inputs are not perturbed")
        }
        return FreeWire(
            index: wire, wireID: wireIDs[wire], path: path, mentions: pairs.count,
            anyValue: pairs.allSatisfy { pairLinear[$0].isZero && pairQuadratic[$0].isZero })
    }
}
