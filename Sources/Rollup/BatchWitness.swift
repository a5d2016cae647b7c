import BN254
import Circuit

extension BatchCircuit {
    /// The circuit's input values for an applied batch (every slot, unused ones as zeros).
    public func inputs(for applied: AppliedBatch) -> [String: Fr] {
        precondition(applied.slots.count == configuration.slots, "the batch was applied for another slot count")
        var inputs: [String: Fr] = ["oldRoot": applied.oldRoot, "newRoot": applied.newRoot, "commitment": applied.commitment]
        for (position, slot) in applied.slots.enumerated() {
            let prefix = "slot[\(position)]."
            let transaction = slot.transaction
            let fields = transaction?.messageFields ?? [Fr](repeating: .zero, count: 5)
            inputs[prefix + "isDeposit"] = transaction?.kind == 1 ? .one : .zero
            inputs[prefix + "isTransfer"] = transaction?.kind == 2 ? .one : .zero
            inputs[prefix + "isWithdraw"] = transaction?.kind == 3 ? .one : .zero
            for (name, value) in zip(["from", "to", "amount", "nonce"], fields.dropFirst()) { inputs[prefix + name] = value }
            let signature: TransactionSignature
            switch transaction {
            case let .transfer(_, _, _, _, s)?, let .withdraw(_, _, _, s)?: signature = s
            default: signature = TransactionSignature(r8x: .zero, r8y: .zero, s: .zero)
            }
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
                for (level, sibling) in update.siblings.enumerated() { inputs[prefix + side + "sibling[\(level)]"] = sibling }
            }
        }
        return inputs
    }

    /// The full witness of an applied batch (all wires, in circom's wire order).
    public func witness(for applied: AppliedBatch) throws -> Witness {
        try system.generateWitness(inputs: inputs(for: applied))
    }
}
