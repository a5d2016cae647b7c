import BabyJubJub
import BN254

/// Native checks of transaction keys and signatures, with Baby JubJub and EdDSA-Poseidon as
/// circomlibjs defines them.
enum SignatureVerifier {
    /// Why a genesis account's or a deposit's key is refused, with the field at fault, or nil for a usable key:
    /// it must be on Baby JubJub, have Ax ≠ 0 (Ax = 0 marks an empty index in the circuit) and lie
    /// in the prime-order subgroup of order l (EIP-2494; circomlibjs `inSubgroup`). The full l·P
    /// check is required rather than 8·P ≠ identity: that only excludes the 8-torsion, while a
    /// point P + T (T of order 2, 4 or 8) passes it and is still not a key `s·B8` that EdDSA
    /// (circomlibjs `prv2pub`) can produce; l·P = identity with Ax ≠ 0 excludes every point of
    /// small order, since the identity is the only point of small order in that subgroup.
    static func keyProblem(_ key: PublicKey) -> (field: String, problem: String)? {
        guard let point = try? BabyJubPoint(x: key.x, y: key.y) else {
            return ("publicKey", "(Ax, Ay) is not on Baby JubJub (a·x² + y² = 1 + d·x²·y², EIP-2494)")
        }
        guard !key.x.isZero else { return ("publicKey.Ax", "Ax = 0 (the circuit reads Ax = 0 as an empty index); expected Ax ≠ 0") }
        guard point.isInSubgroup else {
            return ("publicKey", "the point is not in the prime-order subgroup (l·P ≠ identity; EIP-2494 suborder l); expected a key s·B8")
        }
        return nil
    }

    /// circomlibjs `eddsa.verifyPoseidon(message, signature, publicKey)`.
    static func verify(_ signature: TransactionSignature, message: Fr, key: PublicKey) -> Bool {
        guard let publicKey = try? BabyJubPoint(x: key.x, y: key.y),
              let r8 = try? BabyJubPoint(x: signature.r8x, y: signature.r8y)
        else { return false }
        return EdDSA.verifyPoseidon(message: message, signature: EdDSASignature(R8: r8, S: signature.s), publicKey: publicKey)
    }
}

/// How the state transition checks a batch's signatures.
public enum SignatureVerification: Sendable {
    /// One at a time, inside the serial state application: the reference.
    case serial
    /// Every signature of the batch first, on `threads` threads (`DispatchQueue.concurrentPerform`),
    /// then the serial application reads the results.
    case parallel(threads: Int)
}

/// The signatures of a batch verified before the serial state application (issue 13), each with
/// the key it was checked under. The key of a sender is predicted from the state before the batch
/// (keys never change) or from the batch's first deposit to an empty index; the transition uses a
/// result only when its key is the sender's actual key, so the outcome equals serial verification.
struct PrecheckedSignatures {
    private let checks: [(key: PublicKey, valid: Bool)?]

    /// Verifies every signed transaction of `transactions` whose sender key `keyBefore` or an
    /// earlier deposit predicts, on `threads` threads.
    init(_ transactions: [Transaction], rollupId: UInt64, threads: Int, keyBefore: (UInt64) throws -> PublicKey?) rethrows {
        var deposited: [UInt64: PublicKey] = [:]
        var keys: [PublicKey?] = []
        keys.reserveCapacity(transactions.count)
        for transaction in transactions {
            switch transaction {
            case let .deposit(to, key, _):
                if deposited[to] == nil { deposited[to] = key }
                keys.append(nil)
            case let .transfer(from, _, _, _, _), let .withdraw(from, _, _, _, _):
                keys.append(try keyBefore(from) ?? deposited[from])
            }
        }
        var checks = [(key: PublicKey, valid: Bool)?](repeating: nil, count: transactions.count)
        checks.withUnsafeMutableBufferPointer { results in
            runInParallel(chunksOf: transactions.count, workers: threads) { range in
                for position in range {
                    guard let key = keys[position], let signature = transactions[position].signature else { continue }
                    let message = transactions[position].message(rollupId: rollupId)
                    results[position] = (key, SignatureVerifier.verify(signature, message: message, key: key))
                }
            }
        }
        self.checks = checks
    }

    /// The result for the transaction at `position` signed under `key`, nil when it was checked
    /// under another key (or not at all).
    func result(at position: Int, key: PublicKey) -> Bool? {
        guard let check = checks[position], check.key == key else { return nil }
        return check.valid
    }
}
