import BN254
import Circuit
import Foundation
import Rollup
import SparseMerkleTree
import Testing

/// The compact execution trace (docs/FORMATS.md, "Execution trace"): the witness the prover
/// rebuilds from it, the Merkle paths replayed from its tree opening, is the executor's; a trace
/// that does not describe the batch is refused with the field that is wrong.
@Suite("Execution trace")
struct ExecutionTraceTests {
    /// Generated batches (deposits, transfers, withdrawals), a one-transaction batch and an empty one: padding slots included.
    func appliedBatches() throws -> [AppliedBatch] {
        let (generator, batches) = try generated(batches: 4)
        let state = try freshState(generator)
        var applied = try batches.map { try state.apply($0, slots: 2) }
        let sender = 3, receiver: UInt64 = 5
        let account = try #require(try state.account(at: UInt64(sender)))
        let transfer = signed(generator, .transfer(from: UInt64(sender), to: receiver, amount: 9, nonce: account.nonce, signature: .unsigned),
                              by: sender)
        applied.append(try state.apply(Batch(number: 5, previousRoot: state.root, transactions: [transfer]), slots: 2))
        applied.append(try state.apply(Batch(number: 6, previousRoot: state.root, transactions: []), slots: 2))
        return applied
    }

    @Test func traceRebuildsTheExecutorsWitness() throws {
        for applied in try appliedBatches() {
            let expected = try tinyCircuit.witness(for: applied, threads: 1)
            #expect(try tinyCircuit.system.check(expected) == nil)
            for threads in [1, 2] {
                #expect(try tinyCircuit.witness(fromTrace: tinyCircuit.trace(for: applied), file: "t", threads: threads).values == expected.values)
            }
        }
    }

    /// A version-1 trace (every input, siblings included) of a queue an older build executed still proves.
    @Test func versionOneTraceStillRebuilds() throws {
        let applied = try appliedBatches()[0]
        let inputs = try tinyCircuit.inputs(for: applied)
        let digest = Array(tinyCircuit.trace(for: applied)[4..<36])
        let version1 = Array("RTR1".utf8) + digest + tinyCircuit.system.inputNames.flatMap { inputs[$0]!.bigEndianBytes }
        #expect(try tinyCircuit.witness(fromTrace: version1, file: "v1").values == (try tinyCircuit.witness(for: applied)).values)
        #expect(throws: ExecutionTraceError.self) { try tinyCircuit.witness(fromTrace: version1 + [0], file: "v1") }
    }

    /// Each malformed field is refused, and the message names it.
    @Test func malformedTracesNameTheField() throws {
        let applied = try appliedBatches()[0]
        let trace = tinyCircuit.trace(for: applied)
        let names = tinyCircuit.system.inputNames.filter { !$0.contains(".sibling[") }
        let countOffset = 36 + 32 * names.count
        let nodeCount = Int(trace[countOffset..<countOffset + 4].reduce(0) { $0 << 8 | UInt32($1) })
        #expect(nodeCount == applied.tree.nodes.count && nodeCount > 1)
        let firstNode = countOffset + 4, firstStep = firstNode + 41 * nodeCount
        #expect(trace.count == firstStep + 41 * 4)
        let lastSet = try #require(applied.tree.steps.lastIndex { $0.leaf != nil })  // nothing after it changes its leaf
        func refusal(_ change: (inout [UInt8]) -> Void) -> String {
            var bytes = trace
            change(&bytes)
            do {
                _ = try tinyCircuit.witness(fromTrace: bytes, file: "batch.trace", threads: 1)
                return "accepted"
            } catch {
                return "\(error)"
            }
        }
        let cases: [(String, (inout [UInt8]) -> Void)] = [
            ("\"RTR2\"", { $0[3] = UInt8(ascii: "9") }),
            ("input layout", { $0[10] ^= 1 }),
            ("below the field modulus r", { $0.replaceSubrange(36..<68, with: [UInt8](repeating: 0xFF, count: 32)) }),
            ("steps of 41 bytes", { $0.removeLast() }),
            ("steps of 41 bytes", { $0.append(0) }),
            ("inside the tree", { $0[firstNode] = 4 }),
            ("increasing level", { bytes in
                let second = Array(bytes[firstNode + 41..<firstNode + 82])
                bytes.replaceSubrange(firstNode + 41..<firstNode + 82, with: bytes[firstNode..<firstNode + 41])
                bytes.replaceSubrange(firstNode..<firstNode + 41, with: second)
            }),
            ("kind 0 (read, leaf 0) or 1 (set)", { $0[firstStep] = 2 }),
            ("kind 0 (read, leaf 0) or 1 (set)", { $0[firstStep + 8] = 64 }),
            ("whose root is the input oldRoot", { $0[firstStep - 1] ^= 1 }),  // the last node is the root
            ("end at the input newRoot", { $0[firstStep + 41 * lastSet + 40] ^= 1 }),
            ("at least 36 bytes", { $0.removeLast($0.count - 20) }),
        ]
        for (expected, change) in cases {
            let message = refusal(change)
            #expect(message.contains("batch.trace") && message.contains(expected), "\(expected): \(message)")
        }
    }
}
