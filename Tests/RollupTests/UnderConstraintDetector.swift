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
/// together; `removalWitness(forRemoving:inputs:settling:)` is the multi-wire twin for removed
/// constraints (and forgery tests the rest).
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
    /// bᵢ₊₁ − 1) that a bit's removed boolean constraint admits. A constraint that mentions no
    /// computed wire (an assertion on inputs) gets the same single moves on its inputs instead,
    /// which the prover chooses too. Nil when no tried move gives such a witness.
    func removalWitness(forRemoving constraint: Int, inputs: [String: Fr], settling settled: [String], wireLimit: Int = 3) throws -> Witness? {
        var generator = InsecureSeededGenerator(seed: seed ^ UInt64(constraint) ^ 0x7265_6D6F)  // "remo"
        var mentioned: [Variable] = []
        for side in 0..<3 {
            for term in system.terms(ofConstraint: constraint, side: side)
            where isPerturbed(term.variable.index) && !mentioned.contains(term.variable) { mentioned.append(term.variable) }
        }
        let defines = { (variable: Variable) in self.origins[variable.index] == .constraint(constraint) }
        let candidates = (mentioned.filter(defines) + mentioned.filter { !defines($0) }).prefix(wireLimit)
        if candidates.isEmpty {
            return try inputMoveWitness(forRemoving: constraint, inputs: inputs, settling: settled, generator: &generator)
        }
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
        return nil
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
