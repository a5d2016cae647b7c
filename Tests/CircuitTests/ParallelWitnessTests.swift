import BN254
import Circuit
import Testing

/// The parallel witness solver (`generateWitness(…, threads:)`): the wires it computes are the
/// serial solver's whatever the thread and chunk counts, including chunks cut in the middle of a
/// gadget that reads the tail of the chunk before, forged wires and failing hints.
@Suite("Witness solver: parallel")
struct ParallelWitnessTests {
    /// `parts` top-level namespaces; each decomposes a fresh input, squares a running value
    /// carried over from the part before (so a part waits for the previous one's tail), slowly
    /// in one hint, and compares the two with isZero: hints, multi-output hints, products and
    /// linear wires.
    func chainedParts(_ parts: Int) -> (ConstraintSystem, inputs: [String: Fr]) {
        var cs = ConstraintSystem()
        var carried = cs.privateInput("seed").linearCombination
        var inputs: [String: Fr] = ["seed": Fr(3)]
        for part in 0..<parts {
            cs.withNamespace("part[\(part)]") { cs in
                let x = cs.privateInput("x[\(part)]")
                inputs["x[\(part)]"] = Fr(UInt64(1_000_003 * part + 17))
                let bits = cs.toBits(x, count: 32)
                var packed = LinearCombination()
                for (k, bit) in bits.enumerated() where k % 3 == 0 { packed = packed + Fr(UInt64(1) << k) * bit }
                for _ in 0..<5 { carried = cs.multiply(carried, carried) + packed }
                // A slow hint, so that the chunk holding the product after it starts before it is done.
                let current = carried
                let slow = cs.witness { context in
                    var value = context.evaluate(current)
                    for _ in 0..<2_000 { value = value * value }
                    return value
                }
                carried = cs.multiply(slow, slow) + current
                let same = cs.isZero(carried - x)
                carried = cs.select(same, x, carried)
            }
        }
        _ = cs.publicOutput("out", equalTo: carried)
        return (cs, inputs)
    }

    @Test func anyThreadAndChunkCountGivesTheSerialWitness() throws {
        let (cs, inputs) = chainedParts(12)
        let serial = try cs.generateWitness(inputs: inputs)
        #expect(try cs.check(serial) == nil)
        let assignments = Dictionary(uniqueKeysWithValues: inputs.map { (cs.variable(named: $0.key)!, $0.value) })
        for threads in [2, 3, 4] {
            #expect(try cs.generateWitness(inputs: inputs, threads: threads) == serial)
            // Chunks cut anywhere, down to one wire each: every cut reads the chunk before.
            for chunks in [2, 5, 13, 64, cs.wireCount] {
                #expect(try cs.generateWitness(assignments: assignments, holding: [:], threads: threads, chunks: chunks) == serial,
                        "threads \(threads), chunks \(chunks)")
            }
        }
    }

    @Test func forgedWiresFlowTheSameWayInParallel() throws {
        let (cs, inputs) = chainedParts(6)
        let forged = cs.computedWires { $0 == "part[2]" }
        let held = [forged[0]: Fr(5), forged[forged.count - 1]: Fr(7)]
        let serial = try cs.generateWitness(inputs: inputs, holding: held)
        #expect(try cs.check(serial) != nil)
        for threads in [2, 4] {
            #expect(try cs.generateWitness(inputs: inputs, holding: held, threads: threads) == serial)
        }
    }

    /// Chunks start at top-level namespaces when one begins within a chunk's length, never among
    /// the outputs of a multi-output hint, and cover every wire once.
    @Test func chunksFollowTopLevelNamespacesAndKeepHintOutputsTogether() {
        let (cs, _) = chainedParts(8)
        let hintOutputs = Set((0..<8).flatMap { part in cs.computedWires { $0 == "part[\(part)]/toBits" }.dropFirst().map(\.index) })
        for count in 1...80 {
            let starts = cs.solverChunkStarts(count)
            #expect(starts.first == 0 && starts.last == cs.wireCount)
            #expect(zip(starts, starts.dropFirst()).allSatisfy { $0 < $1 })
            #expect(starts.allSatisfy { !hintOutputs.contains($0) }, "chunk count \(count)")
        }
        // Eight chunks for eight equal parts: one a part, from its first wire (its input x).
        let partStarts = (1..<8).map { cs.variable(named: "x[\($0)]")!.index }
        #expect(cs.solverChunkStarts(8) == [0] + partStarts + [cs.wireCount])
    }

    /// A hint returning the wrong count stops the solve with the error the serial solver meets
    /// first, even when a later chunk fails sooner; a chunk waiting on the failed one does not hang.
    @Test func theFirstFailingHintIsReported() {
        var cs = ConstraintSystem()
        let x = cs.privateInput("x")
        var tail = x.linearCombination
        for part in 0..<4 {
            cs.withNamespace("part[\(part)]") { cs in
                // Parts 1 and 2 fail at once; part 0 fails after a slow hint; part 3 reads part 0's tail.
                var last = part == 3 ? tail : x.linearCombination
                if part == 0 {
                    last = last + cs.witness { context in
                        var value = context[x]
                        for _ in 0..<100_000 { value = value * value }
                        return value
                    }
                }
                let bad = cs.withNamespace("bad") { $0.witnesses(count: 3) { _ in [Fr.one] } }
                for _ in 0..<40 { last = cs.multiply(last + bad[0], last) + 1 }
                tail = last
            }
        }
        for threads in [1, 2, 4] {
            // The pool may run the workers one after the other, so each parallel case is repeated.
            for chunks in [2, 4, 50] where threads > 1 || chunks == 2 {
                for _ in 0..<(threads == 1 ? 1 : 4) {
                    #expect(throws: WitnessError.hintOutputCount(path: "part[0]/bad", expected: 3, actual: 1), "threads \(threads), chunks \(chunks)") {
                        try cs.generateWitness(assignments: [x: Fr(2)], holding: [:], threads: threads, chunks: chunks)
                    }
                }
            }
        }
    }
}
