import BN254
import CBN254Kernel
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Read access to the wires computed so far, handed to hints. Reading a wire that is not yet
/// computed (allocated after the hint's wire) is a programming error and traps.
public struct WitnessContext: ~Copyable {
    /// Every wire, in allocation order.
    let values: UnsafeMutablePointer<Fr>
    /// The wire being computed: only wires before it may be read.
    var solved: Int
    /// The first wire of the chunk being solved; a wire before it may belong to a chunk another
    /// worker is still solving, and is read once `schedule` says it is done.
    let chunkStart: Int
    let schedule: SolverSchedule?

    /// The value of `variable`, which must have been allocated before the wire being computed.
    public subscript(variable: Variable) -> Fr {
        let index = variable.index
        precondition(index < solved, "hint reads wire \(index), which is computed after it")
        if index < chunkStart, let schedule { schedule.waitUntilSolved(index) }
        return values[index]
    }

    /// The value of a linear combination of earlier wires.
    public func evaluate(_ combination: some LinearCombinationConvertible) -> Fr {
        var sum = Fr.zero
        for term in combination.linearCombination.terms { sum += term.coefficient * self[term.variable] }
        return sum
    }
}

/// The chunks of a parallel solve (consecutive ranges of wires in allocation order) and how far
/// each has got. Workers claim chunks in increasing order and, when a wire reads one of an
/// earlier chunk that is not solved yet, wait for it: the lowest unfinished chunk has been
/// claimed and waits on no one, so the solve always progresses (the dependency order of a
/// dataflow schedule, with the allocation order as its topological order).
final class SolverSchedule: @unchecked Sendable {
    /// Chunk c is starts[c]..<starts[c + 1].
    let starts: [Int]
    /// Per chunk, the first wire it has not solved yet (published with release stores).
    private let progress: UnsafeMutablePointer<Int>
    /// The next chunk to claim, then the lowest chunk that failed (Int.max while none has).
    private let counters: UnsafeMutablePointer<Int>
    /// Per chunk, the error that stopped it; each worker writes only its chunk's slot.
    private let errors: UnsafeMutablePointer<WitnessError?>

    init(starts: [Int]) {
        self.starts = starts
        let chunks = starts.count - 1
        progress = .allocate(capacity: chunks)
        for chunk in 0..<chunks { (progress + chunk).initialize(to: starts[chunk]) }
        progress[0] = max(progress[0], 1)  // wire 0, the constant, is set before the solve
        counters = .allocate(capacity: 2)
        counters.initialize(to: 0)
        (counters + 1).initialize(to: .max)
        errors = .allocate(capacity: chunks)
        errors.initialize(repeating: nil, count: chunks)
    }

    deinit {
        progress.deallocate()
        counters.deallocate()
        errors.deinitialize(count: starts.count - 1)
        errors.deallocate()
    }

    var chunkCount: Int { starts.count - 1 }

    /// The next unclaimed chunk, or nil when all are taken.
    func claim() -> Int? {
        let chunk = bn254_atomic_fetch_add(counters, 1)
        return chunk < chunkCount ? chunk : nil
    }

    /// Records that `chunk` has solved every wire below `wire`.
    func publish(_ chunk: Int, solvedBelow wire: Int) { bn254_atomic_store_release(progress + chunk, wire) }

    /// Whether a chunk before `chunk` failed, so that `chunk`'s work is moot.
    func hasFailed(before chunk: Int) -> Bool { bn254_atomic_load_acquire(counters + 1) < chunk }

    /// Stops `chunk` with `error`, and every later chunk with it.
    func fail(_ chunk: Int, _ error: WitnessError) {
        errors[chunk] = error
        bn254_atomic_store_min(counters + 1, chunk)
    }

    /// The error of the lowest failed chunk: the one a serial solve meets first.
    var firstError: WitnessError? {
        let failed = bn254_atomic_load_acquire(counters + 1)
        return failed == .max ? nil : errors[failed]
    }

    /// Returns once `wire` is solved, or once its chunk (or an earlier one) has failed, in which
    /// case the value read is moot and the reader's chunk stops at its next wire.
    func waitUntilSolved(_ wire: Int) {
        var low = 0, high = chunkCount - 1  // the chunk holding `wire`: the last start ≤ wire
        while low < high {
            let middle = (low + high + 1) / 2
            if starts[middle] <= wire { low = middle } else { high = middle - 1 }
        }
        var spins = 0
        while bn254_atomic_load_acquire(progress + low) <= wire {
            if bn254_atomic_load_acquire(counters + 1) <= low { return }
            spins += 1
            if spins > 64 { sched_yield() }
        }
    }
}

extension ConstraintSystem {
    /// Computes every wire from the inputs (keyed by name) in allocation order, in linear time,
    /// on `threads` threads; the result is in wire-id order, ready for `WtnsFile` and the prover,
    /// and does not depend on `threads`. Does not check it.
    public func generateWitness(inputs: [String: Fr], threads: Int = 1) throws(WitnessError) -> Witness {
        try generateWitness(inputs: inputs, holding: [:], threads: threads)
    }

    /// Computes every wire from the inputs (keyed by variable); see `generateWitness(inputs:threads:)`.
    public func generateWitness(assignments: [Variable: Fr], threads: Int = 1) throws(WitnessError) -> Witness {
        try generateWitness(assignments: assignments, holding: [:], threads: threads)
    }

    /// Solves as `generateWitness(inputs:)`, except that each wire of `held` (a hint output or a
    /// product, never an input or wire 0) keeps its forged value and later wires are computed from
    /// it: a malicious prover's witness, for soundness tests that forge a hint and look for the
    /// first failing constraint.
    package func generateWitness(inputs: [String: Fr], holding held: [Variable: Fr], threads: Int = 1) throws(WitnessError) -> Witness {
        var byVariable: [Variable: Fr] = [:]
        byVariable.reserveCapacity(inputs.count)
        for (name, value) in inputs {
            guard let variable = names[name], nameOfInput[variable] != nil else { throw .unknownInput(name: name) }
            byVariable[variable] = value
        }
        return try generateWitness(assignments: byVariable, holding: held, threads: threads)
    }

    /// The solver behind every entry point: inputs from `assignments`, computed wires from their
    /// sources, then overridden by `held`. With more than one thread the wires are cut into
    /// `chunks` ranges (8 a thread unless given) solved by a `SolverSchedule`.
    package func generateWitness(assignments: [Variable: Fr], holding held: [Variable: Fr], threads: Int,
                                 chunks: Int? = nil) throws(WitnessError) -> Witness {
        for variable in held.keys {
            precondition(variable.index > 0 && variable.index < wireCount, "held variable \(variable.index) is not a wire of this system")
            if case .input = sources[variable.index] {
                preconditionFailure("held variable \(variable.index) is an input: set inputs through `inputs`")
            }
        }
        let values = UnsafeMutablePointer<Fr>.allocate(capacity: wireCount)
        values.initialize(repeating: .zero, count: wireCount)
        defer { values.deallocate() }
        values[0] = .one
        for input in inputs {
            guard let value = assignments[input] else { throw .missingInput(name: nameOfInput[input] ?? "") }
            values[input.index] = value
        }
        if assignments.count != inputs.count, let stray = assignments.keys.first(where: { nameOfInput[$0] == nil }) {
            throw .notAnInput(variable: stray.index)
        }
        let starts = solverChunkStarts(threads <= 1 ? 1 : chunks ?? 8 * threads)
        if starts.count <= 2 {
            try solve(chunk: 0, 0..<wireCount, values, held: held, schedule: nil)
        } else {
            let schedule = SolverSchedule(starts: starts)
            runInParallel(min(threads, schedule.chunkCount)) { _ in
                while let chunk = schedule.claim() {
                    do throws(WitnessError) {
                        try solve(chunk: chunk, starts[chunk]..<starts[chunk + 1], values, held: held, schedule: schedule)
                    } catch {
                        schedule.fail(chunk, error)
                    }
                }
            }
            if let error = schedule.firstError { throw error }
        }
        let wires = wireIDs()
        var ordered = [Fr](repeating: .zero, count: wireCount)
        for index in 0..<wireCount { ordered[wires[index]] = values[index] }
        return Witness(values: ordered)
    }

    /// About `count` equal ranges of the wires: each cut moved forward to the next top-level
    /// namespace when one begins within a range's length (`solverCuts`), so that a chunk rarely
    /// waits for the tail of the one before it, then past the outputs of a multi-output hint so
    /// that one chunk computes them all. The first starts at 0, the last ends at `wireCount`.
    package func solverChunkStarts(_ count: Int) -> [Int] {
        var starts = [0]
        let length = wireCount / max(1, count)
        for chunk in 1..<max(1, min(count, wireCount)) {
            var start = wireCount * chunk / count
            if let cut = solverCuts.first(where: { $0 >= start }), cut < start + length { start = cut }
            while start < wireCount, case .hintOutput = sources[start] { start += 1 }
            if start > starts[starts.count - 1], start < wireCount { starts.append(start) }
        }
        return starts + [wireCount]
    }

    /// Computes the wires of `range` (wire 0 and the inputs are set already), publishing its
    /// progress to `schedule` wire by wire when there is one.
    private func solve(chunk: Int, _ range: Range<Int>, _ values: UnsafeMutablePointer<Fr>, held: [Variable: Fr],
                       schedule: SolverSchedule?) throws(WitnessError) {
        var context = WitnessContext(values: values, solved: range.lowerBound, chunkStart: range.lowerBound, schedule: schedule)
        for index in max(1, range.lowerBound)..<range.upperBound {
            if let schedule, schedule.hasFailed(before: chunk) { return }
            context.solved = index
            switch sources[index] {
            case .one, .input, .hintOutput:
                break  // set before the solve, or written by its hint's first wire
            case let .product(constraint):
                let k = 3 * Int(constraint)
                values[index] = evaluate(lc: k, values, waitingBelow: range.lowerBound, schedule)
                    * evaluate(lc: k + 1, values, waitingBelow: range.lowerBound, schedule)
            case let .linear(constraint):
                values[index] = evaluate(lc: 3 * Int(constraint), values, waitingBelow: range.lowerBound, schedule)
            case let .hint(hintIndex):
                let record = hints[Int(hintIndex)]
                switch record.body {
                case let .single(hint):
                    values[index] = hint(context)
                case let .multiple(hint):
                    let outputs = hint(context)
                    guard outputs.count == record.count else {
                        throw .hintOutputCount(path: paths[Int(record.path)], expected: record.count, actual: outputs.count)
                    }
                    for (offset, value) in outputs.enumerated() { values[index + offset] = value }
                }
            }
            if !held.isEmpty, let forged = held[Variable(rawIndex: UInt32(index))] { values[index] = forged }
            schedule?.publish(chunk, solvedBelow: index + 1)
        }
    }

    /// The first constraint `witness` (in wire-id order) violates, with its gadget path and the
    /// evaluated sides, or nil when all hold; throws when the witness has the wrong length or
    /// wire 0 is not 1.
    public func check(_ witness: Witness) throws(WitnessError) -> UnsatisfiedConstraint? {
        try R1CS.validate(witness.values, wireCount: wireCount)
        var values = wireIDs().map { witness.values[$0] }
        return values.withUnsafeMutableBufferPointer { values in
            let values = values.baseAddress!
            for constraint in 0..<constraintCount {
                let k = 3 * constraint
                let a = evaluate(lc: k, values), b = evaluate(lc: k + 1, values), c = evaluate(lc: k + 2, values)
                if a * b != c {
                    return UnsatisfiedConstraint(index: constraint, path: paths[Int(constraintPaths[constraint])], a: a, b: b, c: c)
                }
            }
            return nil
        }
    }

    /// ⟨linear combination k, values⟩ with `values` in allocation order; a term on a wire below
    /// `chunkStart` is read once `schedule` has it solved.
    func evaluate(lc k: Int, _ values: UnsafeMutablePointer<Fr>, waitingBelow chunkStart: Int = 0,
                  _ schedule: SolverSchedule? = nil) -> Fr {
        var sum = Fr.zero
        for term in terms[lcStart(k)..<lcEnds[k]] {
            let index = term.variable.index
            if index < chunkStart, let schedule { schedule.waitUntilSolved(index) }
            sum += term.coefficient * values[index]
        }
        return sum
    }
}
