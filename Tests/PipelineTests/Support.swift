import Foundation
import Pipeline
import PipelineToyEngine
import Testing

/// A scratch queue over the toy engine, removed by `remove()`.
struct ScratchQueue {
    let root: URL
    let queue: PipelineQueue

    init(leaseTTL: TimeInterval = 2, delayMilliseconds: Int = 0) throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("pipeline-\(UUID().uuidString)")
        try PipelineQueue.initialize(at: root, engine: ToyEngine(maximumDelayMilliseconds: 0), genesis: Data(#"{"total": 5}"#.utf8))
        let engine = ToyEngine(maximumDelayMilliseconds: delayMilliseconds)
        queue = try PipelineQueue(root: root, resolver: { $0 == "toy" ? engine : nil }, leaseTTL: leaseTTL)
    }

    func remove() { try? FileManager.default.removeItem(at: root) }

    func path(_ stage: Stage, _ name: String) -> URL { root.appendingPathComponent(stage.rawValue).appendingPathComponent(name) }

    /// Submits toy batches `{"batch": n, "add": add}`.
    func submit(_ numbers: [UInt64], add: Int = 1) throws {
        for number in numbers {
            let outcome = try queue.submit(Data(#"{"batch": \#(number), "add": \#(add)}"#.utf8), fileName: "b\(number).json")
            #expect(outcome == .accepted(number))
        }
    }

    /// Runs one in-process worker until the queue is idle.
    func runUntilIdle() throws {
        try PipelineWorker(queue: queue, threads: 1, untilIdle: true).run(stop: StopSignal())
    }

    /// The batch numbers in the ledger, in order.
    /// The workers' combined output (`worker.log` in the queue directory).
    var workerLog: String { (try? String(contentsOf: root.appendingPathComponent("worker.log"), encoding: .utf8)) ?? "" }

    func settledBatches() throws -> [UInt64] { try queue.ledger.entries().map(\.batch) }
}

/// The built executable `name`, found next to the test bundle.
func executable(_ name: String) -> URL {
    var directory = Bundle.main.bundleURL
    while !FileManager.default.fileExists(atPath: directory.appendingPathComponent(name).path), directory.path != "/" {
        directory = directory.deletingLastPathComponent()
    }
    return directory.appendingPathComponent(name)
}

/// Starts `pipeline-test-worker` on `queue` with the toy engine's delay; output goes to a log file in the queue.
func startWorker(_ queue: ScratchQueue, untilIdle: Bool, delayMilliseconds: Int, leaseSeconds: Double = 1) throws -> Process {
    let process = Process()
    process.executableURL = executable("pipeline-test-worker")
    process.arguments = [queue.root.path, "--lease-seconds", "\(leaseSeconds)"] + (untilIdle ? ["--until-idle"] : [])
    process.environment = ProcessInfo.processInfo.environment.merging(["TOY_ENGINE_DELAY_MS": "\(delayMilliseconds)"]) { $1 }
    let log = queue.root.appendingPathComponent("worker.log")
    if !FileManager.default.fileExists(atPath: log.path) { _ = FileManager.default.createFile(atPath: log.path, contents: nil) }
    let handle = try FileHandle(forWritingTo: log)
    handle.seekToEndOfFile()
    process.standardOutput = handle
    process.standardError = handle
    try process.run()
    return process
}

/// Waits for `process` to exit, at most `seconds`; returns its status, or nil (and kills it) on timeout.
func wait(for process: Process, seconds: Double) -> Int32? {
    let deadline = Date().addingTimeInterval(seconds)
    while process.isRunning && Date() < deadline { Thread.sleep(forTimeInterval: 0.02) }
    guard !process.isRunning else {
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        return nil
    }
    return process.terminationStatus
}
