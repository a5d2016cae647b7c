import Foundation

/// Several single workers as child processes of one command (`rollup worker --workers N`).
public enum WorkerPool {
    /// Runs `count` processes of `executable` with `arguments`, forwards a stop request to them as SIGTERM,
    /// and returns the first non-zero exit status (0 if all succeeded).
    public static func run(count: Int, executable: URL, arguments: [String], stop: StopSignal) throws -> Int32 {
        let children = try (0..<count).map { _ -> Process in
            let child = Process()
            child.executableURL = executable
            child.arguments = arguments
            try child.run()
            return child
        }
        var forwarded = false
        while children.contains(where: \.isRunning) {
            if stop.isRequested && !forwarded {
                children.filter(\.isRunning).forEach { $0.terminate() }
                forwarded = true
            }
            Thread.sleep(forTimeInterval: 0.05)
        }
        return children.map(\.terminationStatus).first { $0 != 0 } ?? 0
    }
}
