#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// Several single workers as child processes of one command (`rollup worker --workers N`).
///
/// Children die with their supervisor, however it ends: each child's standard input is the read end
/// of a pipe that only the supervisor holds open, and a supervised child (`SupervisedChild.watch`)
/// kills itself when that pipe reaches end of file: the kernel closes the write end when the
/// supervisor exits, SIGKILL included. (Foundation's `Process` puts each child in its own process
/// group, so a terminal's or a test's kill of the supervisor never reaches them otherwise.)
public enum WorkerPool {
    /// Runs `count` processes of `executable`, child `i` with `arguments(i)`, forwards a stop request to them as SIGTERM,
    /// calls `poll` about five times a second while they run, and returns the first non-zero exit status (0 if all succeeded).
    public static func run(count: Int, executable: URL, arguments: (Int) -> [String], stop: StopSignal, poll: () -> Void = {}) throws -> Int32 {
        var lifelines: [Pipe] = []
        let children = try (0..<count).map { index -> Process in
            let child = Process()
            child.executableURL = executable
            child.arguments = arguments(index)
            child.environment = ProcessInfo.processInfo.environment.merging([SupervisedChild.environmentKey: "stdin"]) { $1 }
            let lifeline = Pipe()
            child.standardInput = lifeline
            lifelines.append(lifeline)
            try child.run()
            return child
        }
        var forwarded = false
        while children.contains(where: \.isRunning) {
            if stop.isRequested && !forwarded {
                children.filter(\.isRunning).forEach { $0.terminate() }
                forwarded = true
            }
            poll()
            Thread.sleep(forTimeInterval: 0.2)
        }
        poll()
        withExtendedLifetime(lifelines) {}
        return children.map(\.terminationStatus).first { $0 != 0 } ?? 0
    }
}

/// The child side of `WorkerPool`'s lifeline.
public enum SupervisedChild {
    /// Set in a pool child's environment; its standard input is then the supervisor's lifeline.
    public static let environmentKey = "ROLLUP_SUPERVISED"

    /// Whether this process is a pool child.
    public static var isSupervised: Bool { ProcessInfo.processInfo.environment[environmentKey] == "stdin" }

    /// In a pool child, starts a thread that SIGKILLs this process when the supervisor's lifeline closes.
    public static func watch() {
        guard isSupervised else { return }
        let thread = Thread {
            var byte: UInt8 = 0
            while true {
                let count = read(STDIN_FILENO, &byte, 1)
                if count == 0 || (count < 0 && errno != EINTR) { break }
            }
            raise(SIGKILL)  // the supervisor is gone: its step's work is crash-safe, so die as it did
        }
        thread.start()
    }
}
