import BN254
import Circuit
import Digest

extension BatchCircuit {
    /// The circuit's input values for an applied batch (every slot, unused ones as zeros).
    public func inputs(for applied: AppliedBatch) -> [String: Fr] {
        precondition(applied.slots.count == configuration.slots, "the batch was applied for another slot count")
        var inputs = Dictionary(uniqueKeysWithValues: zip(Self.publicInputNames, applied.publicInputs))
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
                for (level, siblings) in update.siblings.enumerated() {
                    for (k, sibling) in siblings.enumerated() { inputs[prefix + side + "sibling[\(level)][\(k)]"] = sibling }
                }
            }
        }
        return inputs
    }

    /// The full witness of an applied batch (all wires, in circom's wire order).
    public func witness(for applied: AppliedBatch) throws -> Witness {
        try system.generateWitness(inputs: inputs(for: applied))
    }
}

/// A malformed execution trace (`BatchCircuit.trace(for:)`).
public struct ExecutionTraceError: Error, CustomStringConvertible, Sendable {
    public var file: String
    public var expected: String

    public var description: String { "\(file): not an execution trace of this circuit; expected \(expected)" }
}

extension BatchCircuit {
    /// The four bytes that open an execution trace.
    static let traceMagic = Array("RTR1".utf8)

    /// The compact execution trace of an applied batch: what the prover needs to rebuild the full
    /// witness (transactions, accounts before each update, Merkle siblings, roots), a few KB per
    /// transaction instead of 32 bytes per wire. Layout: "RTR1", SHA-256 of the circuit's input
    /// names (newline-separated, declaration order), then each input as 32 bytes big-endian in that order.
    public func trace(for applied: AppliedBatch) -> [UInt8] {
        let inputs = inputs(for: applied)
        var bytes = Self.traceMagic + inputLayoutDigest
        bytes.reserveCapacity(bytes.count + 32 * system.inputNames.count)
        for name in system.inputNames { bytes += inputs[name]!.bigEndianBytes }
        return bytes
    }

    /// The full witness rebuilt from a trace made by `trace(for:)` for this circuit.
    public func witness(fromTrace bytes: [UInt8], file: String) throws -> Witness {
        let names = system.inputNames
        let header = Self.traceMagic.count + 32
        guard bytes.count == header + 32 * names.count, Array(bytes[0..<4]) == Self.traceMagic else {
            throw ExecutionTraceError(file: file, expected: "\(header + 32 * names.count) bytes starting with \"RTR1\", found \(bytes.count)")
        }
        guard Array(bytes[4..<header]) == inputLayoutDigest else {
            throw ExecutionTraceError(file: file, expected: "the input layout of circuit \(configuration.name) (its SHA-256 differs)")
        }
        var inputs: [String: Fr] = [:]
        for (position, name) in names.enumerated() {
            let start = header + 32 * position
            guard let value = try? Fr(bigEndianBytes: bytes[start..<start + 32]) else {
                throw ExecutionTraceError(file: file, expected: "input \(name) below the field modulus r")
            }
            inputs[name] = value
        }
        return try system.generateWitness(inputs: inputs)
    }

    /// SHA-256 of the input names, binding a trace to this circuit's layout.
    var inputLayoutDigest: [UInt8] { SHA256.hash(system.inputNames.joined(separator: "\n").utf8) }
}
