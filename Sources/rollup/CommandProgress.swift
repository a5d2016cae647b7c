#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import Groth16
import Logging

/// A long command's stages on stderr: on a terminal one status line rewritten in place ("[3/9] A
/// points (G1, 962433)  12.4 s"), otherwise one structured swift-log line per stage with its
/// number, count and the seconds since the command started, so logs of a pipe or a service show
/// where a multi-minute setup or a 1.4 GB key load is.
final class CommandProgress: @unchecked Sendable {
    private let command: String
    private let isTerminal: Bool
    private let started = Date()
    private let lock = NSLock()
    private var logger: Logger
    private var operation = ""

    /// Progress of `command` (e.g. "circuit setup transfer32-d24"); a terminal is detected on stderr.
    init(command: String, terminal: Bool = isatty(STDERR_FILENO) == 1) {
        self.command = command
        isTerminal = terminal
        logger = Logger(label: "rollup.progress", factory: { StreamLogHandler.standardError(label: $0) })
        logger[metadataKey: "command"] = "\(command)"
    }

    /// An observer for one operation of the command ("setup", "key load", "proof").
    func observer(_ operation: String) -> StageObserver {
        { [self] stage, number, count in report(operation: operation, stage: stage, number: number, count: count) }
    }

    private func report(operation: String, stage: String, number: Int, count: Int) {
        let elapsed = Date().timeIntervalSince(started)
        lock.withLock {
            if isTerminal {
                write("\r\u{1B}[K\(command): \(operation) [\(number)/\(count)] \(stage)  \(String(format: "%.1f", elapsed)) s")
            } else {
                logger.info("stage", metadata: ["operation": "\(operation)", "stage": "\(stage)", "step": "\(number)/\(count)",
                                                "elapsed_s": "\(String(format: "%.1f", elapsed))"])
            }
        }
    }

    /// Ends the status line (terminal) or logs the total time.
    func finish() {
        let elapsed = String(format: "%.1f", Date().timeIntervalSince(started))
        lock.withLock {
            if isTerminal { write("\r\u{1B}[K\(command): done in \(elapsed) s\n") } else { logger.info("done", metadata: ["elapsed_s": "\(elapsed)"]) }
        }
    }

    private func write(_ text: String) { FileHandle.standardError.write(Data(text.utf8)) }
}
