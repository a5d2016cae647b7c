import BN254
import Circuit
import Foundation
import SparseMerkleTree

extension BatchCircuit {
    /// The circuit's input values for an applied batch (every slot, unused ones as zeros), the
    /// Merkle siblings replayed from `applied.tree` with its hashes on `threads` threads.
    public func inputs(for applied: AppliedBatch, threads: Int = ProcessInfo.processInfo.activeProcessorCount) throws -> [String: Fr] {
        var inputs = inputsWithoutSiblings(for: applied)
        let replay = try applied.tree.proofs(threads: threads)
        addSiblings(replay.proofs, to: &inputs)
        return inputs
    }

    /// The full witness of an applied batch (all wires, in circom's wire order), solved on `threads` threads.
    public func witness(for applied: AppliedBatch, threads: Int = ProcessInfo.processInfo.activeProcessorCount) throws -> Witness {
        try system.generateWitness(inputs: inputs(for: applied, threads: threads), threads: threads)
    }

    /// Every input but the Merkle siblings (`traceInputNames`).
    func inputsWithoutSiblings(for applied: AppliedBatch) -> [String: Fr] {
        precondition(applied.slots.count == configuration.slots, "the batch was applied for another slot count")
        var inputs = Dictionary(uniqueKeysWithValues: zip(Self.publicInputNames, applied.publicInputs))
        inputs.reserveCapacity(traceInputNames.count)
        inputs["rollupId"] = Fr(applied.rollupId)
        inputs["batch"] = Fr(applied.batch.number)
        for (position, slot) in applied.slots.enumerated() {
            let prefix = "slot[\(position)]."
            let transaction = slot.transaction
            let fields = transaction?.fields ?? (from: 0, to: 0, amount: 0, nonce: 0, recipient: nil)
            inputs[prefix + "isDeposit"] = transaction?.kind == 1 ? .one : .zero
            inputs[prefix + "isTransfer"] = transaction?.kind == 2 ? .one : .zero
            inputs[prefix + "isWithdraw"] = transaction?.kind == 3 ? .one : .zero
            inputs[prefix + "from"] = Fr(fields.from)
            inputs[prefix + "to"] = Fr(fields.to)
            inputs[prefix + "amount"] = Fr(fields.amount)
            inputs[prefix + "nonce"] = Fr(fields.nonce)
            inputs[prefix + "recipient"] = fields.recipient?.fieldElement ?? .zero
            let signature = transaction?.signature ?? .unsigned
            inputs[prefix + "R8x"] = signature.r8x
            inputs[prefix + "R8y"] = signature.r8y
            inputs[prefix + "S"] = signature.s
            let key = transaction?.depositKey ?? PublicKey(x: .zero, y: .zero)
            inputs[prefix + "depositAx"] = key.x
            inputs[prefix + "depositAy"] = key.y
            for (side, update) in [("sender.", slot.sender), ("receiver.", slot.receiver)] {
                let account = update.before
                inputs[prefix + side + "Ax"] = account?.publicKey.x ?? .zero
                inputs[prefix + side + "Ay"] = account?.publicKey.y ?? .zero
                inputs[prefix + side + "balance"] = Fr(account?.balance ?? 0)
                inputs[prefix + side + "nonce"] = Fr(account?.nonce ?? 0)
            }
        }
        return inputs
    }

    /// Writes the siblings of the replayed proofs into `inputs`: step 2p is slot p's sender side, 2p + 1 its receiver side.
    private func addSiblings(_ proofs: [UpdateProof], to inputs: inout [String: Fr]) {
        precondition(proofs.count == 2 * configuration.slots, "a slot is two tree steps")
        for (step, proof) in proofs.enumerated() {
            let prefix = "slot[\(step / 2)]." + (step % 2 == 0 ? "sender." : "receiver.")
            for (level, siblings) in proof.siblings.enumerated() {
                for (k, sibling) in siblings.enumerated() { inputs[prefix + "sibling[\(level)][\(k)]"] = sibling }
            }
        }
    }
}

/// A malformed execution trace (`BatchCircuit.trace(for:)`).
public struct ExecutionTraceError: Error, CustomStringConvertible, Sendable {
    public var file: String
    public var expected: String

    public var description: String { "\(file): not an execution trace of this circuit; expected \(expected)" }
}

extension BatchCircuit {
    /// The four bytes that open an execution trace (version 2: siblings replayed from a tree opening).
    static let traceMagic = Array("RTR2".utf8)
    /// The version-1 opening (every input, siblings included), still read for queues an older build executed.
    static let fullInputTraceMagic = Array("RTR1".utf8)
    /// Bytes of a node of the opening (level, index, value) and of a tree step (kind, index, leaf).
    static let traceNodeBytes = 1 + 8 + 32, traceStepBytes = 1 + 8 + 32

    /// The compact execution trace of an applied batch: what the prover needs to rebuild the full
    /// witness without the tree. Layout (docs/FORMATS.md): "RTR2", SHA-256 of the circuit's input
    /// names, every input but the Merkle siblings as 32 bytes big-endian in declaration order, then
    /// the tree opening: a u32 node count and per node its level (u8), index (u64) and value, then
    /// two steps a slot, each a kind (u8: 0 read, 1 set), a leaf index (u64) and the new leaf
    /// (zero for a read). Integers big-endian.
    public func trace(for applied: AppliedBatch) -> [UInt8] {
        let inputs = inputsWithoutSiblings(for: applied)
        let tree = applied.tree
        var bytes = Self.traceMagic + inputLayoutDigest
        bytes.reserveCapacity(bytes.count + 32 * traceInputNames.count + 4 + Self.traceNodeBytes * tree.nodes.count
                              + Self.traceStepBytes * tree.steps.count)
        for name in traceInputNames { bytes += inputs[name]!.bigEndianBytes }
        bytes += PublishedData.bigEndian(UInt64(tree.nodes.count), 4)
        for node in tree.nodes { bytes += [UInt8(node.key.level)] + PublishedData.bigEndian(node.key.index, 8) + node.value.bigEndianBytes }
        for step in tree.steps { bytes += [step.leaf == nil ? 0 : 1] + PublishedData.bigEndian(step.index, 8) + (step.leaf ?? .zero).bigEndianBytes }
        return bytes
    }

    /// The full witness rebuilt from a trace made by `trace(for:)` for this circuit (or by an older
    /// build's version 1), the Merkle paths replayed and the wires solved on `threads` threads.
    public func witness(fromTrace bytes: [UInt8], file: String, threads: Int = ProcessInfo.processInfo.activeProcessorCount) throws -> Witness {
        let header = Self.traceMagic.count + 32
        guard bytes.count >= header, [Self.traceMagic, Self.fullInputTraceMagic].contains(Array(bytes[0..<4])) else {
            throw ExecutionTraceError(file: file, expected: "at least \(header) bytes starting with \"RTR2\" (or \"RTR1\"), found \(bytes.count)")
        }
        guard Array(bytes[4..<header]) == inputLayoutDigest else {
            throw ExecutionTraceError(file: file, expected: "the input layout of circuit \(configuration.name) (its SHA-256 differs)")
        }
        var reader = TraceReader(bytes: bytes, offset: header, file: file)
        let fullInputs = Array(bytes[0..<4]) == Self.fullInputTraceMagic
        let names = fullInputs ? system.inputNames : traceInputNames
        guard bytes.count >= header + 32 * names.count + (fullInputs ? 0 : 4) else {
            throw ExecutionTraceError(file: file, expected: "\(names.count) inputs of 32 bytes after the header, found \(bytes.count - header) bytes")
        }
        var inputs: [String: Fr] = [:]
        inputs.reserveCapacity(system.inputNames.count)
        for name in names { inputs[name] = try reader.fieldElement("input \(name)") }
        if !fullInputs {
            let replay = try openedSequence(&reader, oldRoot: inputs["oldRoot"]!).proofs(threads: threads)
            guard replay.newRoot == inputs["newRoot"]! else {
                throw ExecutionTraceError(file: file, expected: "tree steps that end at the input newRoot \(inputs["newRoot"]!), found \(replay.newRoot)")
            }
            addSiblings(replay.proofs, to: &inputs)
        }
        guard reader.offset == bytes.count else {
            throw ExecutionTraceError(file: file, expected: "the trace to end after \(reader.offset) bytes, found \(bytes.count)")
        }
        return try system.generateWitness(inputs: inputs, threads: threads)
    }

    /// Reads a trace's tree opening and steps, checking every field and that the opening's root is `oldRoot`.
    private func openedSequence(_ reader: inout TraceReader, oldRoot: Fr) throws -> OpenedSequence {
        let shape = configuration.shape, file = reader.file
        let count = Int(try reader.integer(bytes: 4, "the node count"))
        let remaining = reader.bytes.count - reader.offset
        guard remaining == count * Self.traceNodeBytes + 2 * configuration.slots * Self.traceStepBytes else {
            throw ExecutionTraceError(file: file, expected: "\(count) nodes of \(Self.traceNodeBytes) bytes and \(2 * configuration.slots) steps of "
                                      + "\(Self.traceStepBytes) bytes after the node count, found \(remaining) bytes")
        }
        var nodes: [NodeValue] = []
        nodes.reserveCapacity(count)
        for position in 0..<count {
            let level = Int(try reader.integer(bytes: 1, "node \(position)'s level"))
            let index = try reader.integer(bytes: 8, "node \(position)'s index")
            guard level <= shape.depth, index >> UInt64(2 * (shape.depth - level)) == 0 else {
                throw ExecutionTraceError(file: file, expected: "node \(position) inside the tree (\(shape)), found level \(level), index \(index)")
            }
            let key = NodeKey(level: level, index: index)
            if let previous = nodes.last?.key, (previous.level, previous.index) >= (level, index) {
                throw ExecutionTraceError(file: file, expected: "nodes by increasing level, then index; node \(position) is not after node \(position - 1)")
            }
            nodes.append(NodeValue(key: key, value: try reader.fieldElement("node \(position)'s value")))
        }
        var steps: [TreeStep] = []
        steps.reserveCapacity(2 * configuration.slots)
        for position in 0..<2 * configuration.slots {
            let kind = try reader.integer(bytes: 1, "step \(position)'s kind")
            let index = try reader.integer(bytes: 8, "step \(position)'s index")
            let leaf = try reader.fieldElement("step \(position)'s leaf")
            guard kind <= 1, index < shape.capacity, kind == 1 || leaf == .zero else {
                throw ExecutionTraceError(file: file, expected: "step \(position): kind 0 (read, leaf 0) or 1 (set) at an index below "
                                          + "\(shape.capacity), found kind \(kind), index \(index)")
            }
            steps.append(TreeStep(index: index, leaf: kind == 1 ? leaf : nil))
        }
        let opened = OpenedSequence(shape: shape, steps: steps, nodes: nodes)
        guard opened.oldRoot == oldRoot else {
            throw ExecutionTraceError(file: file, expected: "a tree opening whose root is the input oldRoot \(oldRoot), found \(opened.oldRoot)")
        }
        return opened
    }
}

/// Reads a trace's big-endian fields in order; each failure names the trace and the field.
private struct TraceReader {
    let bytes: [UInt8]
    var offset: Int
    let file: String

    mutating func integer(bytes count: Int, _ field: String) throws -> UInt64 {
        try take(count, field).reduce(0) { $0 << 8 | UInt64($1) }
    }

    mutating func fieldElement(_ field: String) throws -> Fr {
        let start = offset, slice = try take(32, field)
        guard let value = try? Fr(bigEndianBytes: slice) else {
            throw ExecutionTraceError(file: file, expected: "\(field) (32 bytes at byte \(start)) below the field modulus r")
        }
        return value
    }

    /// The next `count` bytes, holding `field`.
    private mutating func take(_ count: Int, _ field: String) throws -> ArraySlice<UInt8> {
        guard offset + count <= bytes.count else {
            throw ExecutionTraceError(file: file, expected: "\(field) at byte \(offset), found the end of the trace at \(bytes.count)")
        }
        defer { offset += count }
        return bytes[offset..<offset + count]
    }
}
