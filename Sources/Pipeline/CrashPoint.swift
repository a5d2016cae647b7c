#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import Logging

/// A named point inside a pipeline step where a worker started with `ROLLUP_CRASH_POINT=<name>` kills itself with
/// SIGKILL (a test and debugging flag: it makes crash-recovery tests deterministic; docs/ARCHITECTURE.md).
public enum CrashPoint: String, CaseIterable, Sendable {
    /// Prove: the proof job is claimed and nothing else is done (the claim is left to expire).
    case claimTaken = "claim-taken"
    /// Execute: the execution record and the witness are written, the engine has not committed its state.
    case witnessPersisted = "witness-persisted"
    /// Execute: the engine committed its state, the batch file is still in `incoming/`.
    case stateCommitted = "state-committed"
    /// Prove: `public.json` is written, `proof.json` is not.
    case betweenProofFiles = "between-proof-files"
    /// Settle: the ledger line is appended, the proof files are still in `proved/`.
    case ledgerAppended = "ledger-appended"

    /// The environment variable that arms a crash point.
    public static let environmentVariable = "ROLLUP_CRASH_POINT"

    /// The point `ROLLUP_CRASH_POINT` names, nil when it is unset or empty; an unknown name is an error naming the known ones.
    public static func armed(in environment: [String: String] = ProcessInfo.processInfo.environment) throws -> CrashPoint? {
        guard let name = environment[environmentVariable], !name.isEmpty else { return nil }
        guard let point = CrashPoint(rawValue: name) else {
            throw PipelineError.malformedFile("environment variable \(environmentVariable)",
                                              expected: "one of \(allCases.map(\.rawValue).joined(separator: ", ")), got \"\(name)\"")
        }
        return point
    }
}

extension PipelineQueue {
    /// Kills the process with SIGKILL if `point` is the armed crash point, after one line `crash point: <name>` on standard error.
    func reached(_ point: CrashPoint) {
        guard crashPoint == point else { return }
        let line = Data("crash point: \(point.rawValue)\n".utf8)
        line.withUnsafeBytes { _ = write(STDERR_FILENO, $0.baseAddress, $0.count) }
        raise(SIGKILL)
    }
}

/// A recovery from an interrupted step, logged as `recovery: <kind>` and counted in `rollup_recoveries_total{kind}`.
public enum RecoveryKind: String, CaseIterable, Sendable {
    /// A claim (lease file or `jobs` row) whose holder stopped renewing it was taken over.
    case expiredClaimTakenOver = "expired-claim-taken-over"
    /// Execution files of a batch whose state was never committed are rewritten by executing it again.
    case reexecute = "re-execute"
    /// A committed batch still in `incoming/` is moved to `executed/`.
    case finishExecuteMove = "finish-execute-move"
    /// A `public.json` without its `proof.json` is replaced by proving the witness again.
    case reprovePartialProof = "re-prove-partial-proof"
    /// Proof files of batches already in the ledger are moved from `proved/` to `settled/`.
    case finishSettleMove = "finish-settle-move"
}

extension PipelineQueue {
    /// Logs and counts one recovery of `kind`.
    func recovered(_ kind: RecoveryKind, metadata: Logger.Metadata) {
        PipelineMetrics.recovery(kind.rawValue)
        logger.warning("recovery: \(kind.rawValue)", metadata: metadata)
    }

    /// Passes `claim` through, recording a recovery when it replaced an expired claim.
    func noticingTakeover(_ claim: JobClaim?) -> JobClaim? {
        if let claim, claim.replacedExpiredClaim { recovered(.expiredClaimTakenOver, metadata: ["job": "\(claim.job)"]) }
        return claim
    }
}
