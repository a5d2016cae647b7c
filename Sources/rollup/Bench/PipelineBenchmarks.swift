import ArgumentParser
import Foundation

/// `rollup bench pipeline`: the whole product on the tiny circuit (queue, workers, settlement),
/// timed end to end with 1 and 2 worker processes.
struct PipelineBenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pipeline", abstract: "Proven transactions per second end to end with 1 and 2 workers (tiny circuit).")

    @OptionGroup var options: BenchOptions

    @Option(help: "Batches per run (2 transactions each).") var batches: Int = 6

    func run() throws {
        let executable = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        var results: [BenchmarkResult] = []
        var extra: [String: String] = ["batches": String(batches), "circuit": "tiny"]
        let work = FileManager.default.temporaryDirectory.appendingPathComponent("bench-pipeline-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: work) }
        try invoke(executable, ["gen-batches", work.appendingPathComponent("batches").path, "--accounts", "16",
                                "--batches", String(batches), "--txs", "2", "--seed", "4"])
        let files = (1...batches).map { work.appendingPathComponent("batches/batch-\(String(format: "%06d", $0)).json").path }
        for workers in [1, 2] {
            let queue = work.appendingPathComponent("queue-\(workers)").path
            try invoke(executable, ["init", queue, "--circuit", "tiny", "--insecure-dev-key", "--insecure-dev-key", "--genesis", work.appendingPathComponent("batches/genesis.json").path])
            try invoke(executable, ["submit", queue] + files)
            var clock = Stopwatch()
            let log = try invoke(executable, ["worker", queue, "--workers", String(workers), "--threads", String(max(1, 2 / workers)), "--until-idle"])
            let seconds = clock.lap()
            results.append(BenchmarkResult(name: "pipeline.workers\(workers).per_batch", ns: seconds / Double(batches) * 1e9))
            extra["pipeline.workers\(workers).proven_tx_per_s"] = String(format: "%.2f", Double(2 * batches) / seconds)
            for stage in ["execute_ms", "prove_ms", "verify_ms"] {
                let values = log.components(separatedBy: "\(stage)=").dropFirst().compactMap { Double($0.prefix { $0.isNumber }) }
                if !values.isEmpty {
                    results.append(BenchmarkResult(name: "pipeline.workers\(workers).\(stage.dropLast(3))", ns: values.reduce(0, +) / Double(values.count) * 1e6))
                }
            }
            let latencies = log.components(separatedBy: "latency_s=").dropFirst().compactMap { Double($0.prefix { $0.isNumber || $0 == "." }) }
            if !latencies.isEmpty {
                results.append(BenchmarkResult(name: "pipeline.workers\(workers).submit_to_settle", ns: latencies.reduce(0, +) / Double(latencies.count) * 1e9))
            }
        }
        report(suite: "pipeline", results: results, extra: extra, json: options.json)
    }

    /// Runs the CLI with `arguments`; returns its standard error (the structured log).
    @discardableResult
    private func invoke(_ executable: URL, _ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        let data = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw ValidationError("rollup \(arguments.joined(separator: " ")) failed: \(String(decoding: data, as: UTF8.self).suffix(500))")
        }
        return String(decoding: data, as: UTF8.self)
    }
}
