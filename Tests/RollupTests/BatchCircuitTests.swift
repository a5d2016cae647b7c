import BabyJubJub
import BN254
import Circuit
import Foundation
import Groth16
import Groth16Setup
import Poseidon
import Rollup
import Testing

/// The tiny circuit, built once for the whole suite.
let tinyCircuit = BatchCircuit(.tiny)

/// The first failing constraint of the tiny circuit for `inputs`, or nil when satisfied.
func firstFailure(_ inputs: [String: Fr]) throws -> UnsatisfiedConstraint? {
    try tinyCircuit.system.check(try tinyCircuit.system.generateWitness(inputs: inputs))
}

/// Re-signs slot 0 of `inputs` after its message fields were changed, so that only the rule
/// under test is violated.
func resign(_ inputs: inout [String: Fr], generator: BatchGenerator, signer: Int) {
    let fields = ["isDeposit", "isTransfer", "isWithdraw"].map { inputs["slot[0]." + $0]! }
    let kind = fields[0] + Fr(2) * fields[1] + Fr(3) * fields[2]
    let message = Poseidon.hash([inputs["rollupId"]!, kind] + ["from", "to", "amount", "nonce", "recipient"].map { inputs["slot[0]." + $0]! })
    let signature = generator.privateKey(of: signer).signPoseidon(message)
    inputs["slot[0].R8x"] = signature.R8.x
    inputs["slot[0].R8y"] = signature.R8.y
    inputs["slot[0].S"] = signature.S
}

@Suite("Batch circuit")
struct BatchCircuitTests {
    @Test func validBatchesSatisfyTheCircuitWithNativeRootsPublic() throws {
        let (generator, batches) = try generated(batches: 4)
        let state = try freshState(generator)
        for batch in batches {
            let applied = try state.apply(batch, slots: 2)
            let witness = try tinyCircuit.witness(for: applied)
            #expect(try tinyCircuit.system.check(witness) == nil)
            #expect(Array(witness.values[1...5]) == applied.publicInputs)
        }
    }

    /// Valid transfer in slot 0, then one forged input per rule: the first failing constraint
    /// must be the rule's own gadget (so the circuit, not only the native code, enforces it).
    @Test func forgedWitnessesFailAtTheRuleTheyBreak() throws {
        let (generator, _) = try generated(batches: 0)
        let state = try freshState(generator)
        let transfer = signed(generator, .transfer(from: 0, to: 1, amount: 5, nonce: 0, signature: .unsigned), by: 0)
        let applied = try state.apply(Batch(number: 1, previousRoot: state.root, transactions: [transfer]), slots: 2)
        let valid = tinyCircuit.inputs(for: applied)
        #expect(try firstFailure(valid) == nil)

        func expectFailure(_ label: String, at path: String, _ forge: (inout [String: Fr]) -> Void) throws {
            var inputs = valid
            forge(&inputs)
            let failure = try firstFailure(inputs)
            #expect(failure?.path.hasPrefix(path) == true, "\(label): \(failure?.description ?? "satisfied")")
        }
        try expectFailure("bad signature", at: "slot[0]/signature") { $0["slot[0].S"]! += .one }
        try expectFailure("nonce mismatch", at: "slot[0]/sender") {
            $0["slot[0].nonce"] = Fr(4)
            resign(&$0, generator: generator, signer: 0)
        }
        try expectFailure("insufficient balance", at: "slot[0]/sender/balance") {
            $0["slot[0].amount"] = $0["slot[0].sender.balance"]! + Fr(1)
            resign(&$0, generator: generator, signer: 0)
        }
        try expectFailure("unknown sender", at: "slot[0]/sender") {
            for field in ["Ax", "Ay", "balance", "nonce"] { $0["slot[0].sender." + field] = .zero }
        }
        try expectFailure("empty index with a balance", at: "slot[0]") {
            $0["slot[0].receiver.Ax"] = .zero
        }
        try expectFailure("transfer to an empty index", at: "slot[0]/receiver") {
            for field in ["Ax", "Ay", "balance", "nonce"] { $0["slot[0].receiver." + field] = .zero }
        }
        try expectFailure("receiver overflow", at: "slot[0]/receiver/balance") {
            $0["slot[0].receiver.balance"] = Fr(UInt128.max)
        }
        try expectFailure("amount not below 2^128", at: "slot[0]/amount") {
            $0["slot[0].amount"] = -Fr.one
            resign(&$0, generator: generator, signer: 0)
        }
        // A forged path: a sibling of either side, at the top and the bottom level, fails that side's Merkle update.
        let top = CircuitConfiguration.tiny.depth - 1
        for (side, level, k) in [("sender", 0, 0), ("sender", top, 2), ("receiver", 0, 1), ("receiver", top, 0)] {
            try expectFailure("forged \(side) sibling[\(level)][\(k)]", at: "slot[0]/\(side)/merkleUpdate") {
                $0["slot[0].\(side).sibling[\(level)][\(k)]"]! += .one
            }
        }
        try expectFailure("wrong new root", at: "") { $0["newRoot"]! += .one }
        try expectFailure("wrong data hash", at: "commitment/dataHash") { $0["dataHash"]! += .one }
        try expectFailure("wrong challenge", at: "commitment/evaluation") { $0["challenge"]! += .one }
        try expectFailure("wrong evaluation", at: "commitment/evaluation") { $0["evaluation"]! += .one }
        try expectFailure("two kinds at once", at: "slot[0]") { $0["slot[0].isDeposit"] = .one }
        // Fields a kind does not use are zero (each re-signed, so only that rule breaks).
        try expectFailure("a transfer with a recipient", at: "slot[0]/unused/recipient") {
            $0["slot[0].recipient"] = Fr(0xA1)
            resign(&$0, generator: generator, signer: 0)
        }
        try expectFailure("an unused slot with an amount", at: "slot[1]/unused/amount") { $0["slot[1].amount"] = Fr(3) }
        try expectFailure("an unused slot with a from", at: "slot[1]/unused/from") { $0["slot[1].from"] = Fr(3) }
        try expectFailure("an unused slot with a signature", at: "slot[1]/unused/signature") { $0["slot[1].S"] = Fr(3) }
        try expectFailure("a transfer with a deposit key", at: "slot[0]/unused/depositKey") { $0["slot[0].depositAy"] = Fr(3) }
        // The rollup id is the domain tag: the same signature does not verify for another deployment.
        try expectFailure("signature for another rollup id", at: "slot[0]/signature") { $0["rollupId"] = Fr(2) }
        // The public input binds the records: a batch number that is not the one hashed fails the commitment.
        try expectFailure("published data of another batch", at: "commitment/dataHash") { $0["batch"] = Fr(2) }
        // The header rollupId·2^64 + batch needs both below 2^64: else another rollup id hides in the same header.
        try expectFailure("a rollup id borrowed from the batch number", at: "header") {
            $0["rollupId"]! -= .one
            $0["batch"]! += Fr(UInt128(1) << 64)
        }
    }

    /// A withdrawal's recipient is signed, published, and below 2^160; its `to` is 0.
    @Test func forgedWithdrawalsFail() throws {
        let (generator, _) = try generated(batches: 0)
        let state = try freshState(generator)
        let withdrawal = signed(generator, .withdraw(from: 0, amount: 5, nonce: 0, recipient: testRecipient, signature: .unsigned), by: 0)
        let applied = try state.apply(Batch(number: 1, previousRoot: state.root, transactions: [withdrawal]), slots: 2)
        let valid = tinyCircuit.inputs(for: applied)
        #expect(try firstFailure(valid) == nil)
        var redirected = valid
        redirected["slot[0].recipient"] = Fr(0xB2)
        #expect(try firstFailure(redirected)?.path.hasPrefix("slot[0]/signature") == true)
        var wide = valid
        wide["slot[0].recipient"] = Fr(1) * Fr(UInt128(1) << 127) * Fr(UInt128(1) << 40)  // 2^167
        resign(&wide, generator: generator, signer: 0)
        #expect(try firstFailure(wide)?.path.hasPrefix("slot[0]/record/recipient") == true)
        var withTo = valid
        withTo["slot[0].to"] = Fr(1)
        resign(&withTo, generator: generator, signer: 0)
        #expect(try firstFailure(withTo)?.path.hasPrefix("slot[0]/unused/to") == true)
    }

    @Test func forgedDepositsFail() throws {
        let (generator, _) = try generated(batches: 0)
        let state = try freshState(generator)
        let key = BatchGenerator.testPublicKey(generator.privateKey(of: 30))
        let applied = try state.apply(Batch(number: 1, previousRoot: state.root, transactions: [.deposit(to: 30, publicKey: key, amount: 9)]), slots: 2)
        let valid = tinyCircuit.inputs(for: applied)
        #expect(try firstFailure(valid) == nil)
        // Deposits are not signed: their nonce is 0 and their from is 0.
        var withNonce = valid
        withNonce["slot[0].nonce"] = Fr(1)
        #expect(try firstFailure(withNonce)?.path.hasPrefix("slot[0]/unused/nonce") == true)
        var withFrom = valid
        withFrom["slot[0].from"] = Fr(1)
        #expect(try firstFailure(withFrom)?.path.hasPrefix("slot[0]/unused/from") == true)
        // The deposit is the one the L1 queue holds: its key is published. −P is a valid key with
        // the same Ay, so only the published data (word 1 is Ax) tells them apart. (In the last slot,
        // so that no later slot's Merkle path notices the changed root first.)
        let second = try freshState(generator)
        let last = try second.apply(Batch(number: 1, previousRoot: second.root, transactions: [
            signed(generator, .transfer(from: 0, to: 1, amount: 5, nonce: 0, signature: .unsigned), by: 0),
            .deposit(to: 30, publicKey: key, amount: 9)]), slots: 2)
        var negated = tinyCircuit.inputs(for: last)
        #expect(try firstFailure(negated) == nil)
        negated["slot[1].depositAx"] = -negated["slot[1].depositAx"]!
        let negatedFailure = try firstFailure(negated)
        #expect(negatedFailure?.path.hasPrefix("commitment/dataHash") == true, "\(negatedFailure?.description ?? "satisfied")")
        var zeroKey = valid
        zeroKey["slot[0].depositAx"] = .zero
        #expect(try firstFailure(zeroKey)?.path.hasPrefix("slot[0]/receiver") == true)
        var offCurve = valid
        offCurve["slot[0].depositAy"]! += .one
        #expect(try firstFailure(offCurve)?.path.hasPrefix("slot[0]/receiver") == true)
        // Topping up an occupied index with another key.
        let other = try state.account(at: 2)!
        var occupied = valid
        occupied["slot[0].receiver.Ax"] = other.publicKey.x
        occupied["slot[0].receiver.Ay"] = other.publicKey.y
        occupied["slot[0].receiver.balance"] = Fr(other.balance)
        #expect(try firstFailure(occupied)?.path.hasPrefix("slot[0]/receiver") == true)
    }

    /// The acceptance path: a valid batch, applied natively and proved, verifies with the
    /// circuit's key, and its public inputs are the native roots.
    @Test func provedBatchVerifies() throws {
        let (generator, batches) = try generated(batches: 1)
        let state = try freshState(generator)
        let applied = try state.apply(batches[0], slots: 2)
        let r1cs = tinyCircuit.system.r1cs()
        let key = try Setup.insecureDevelopment(r1cs, seed: 7, threads: 2)
        let witness = try tinyCircuit.witness(for: applied).values
        let proof = try Prover(key: key, threads: 2).prove(witness: witness, checkedAgainst: r1cs)
        let verifier = PreparedVerificationKey(try key.verificationKey)
        #expect(try verifier.verify(proof, publicInputs: applied.publicInputs))
        for position in applied.publicInputs.indices {
            var changed = applied.publicInputs
            changed[position] += .one
            #expect(try !verifier.verify(proof, publicInputs: changed))
        }
    }
}
