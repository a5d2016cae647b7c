import Foundation

/// One measured figure: nanoseconds per operation, or another quantity with its unit
/// (constraints, operations per second) when `unit` is set.
struct BenchmarkResult: Codable {
    var name: String
    var ns: Double
    var unit: String? = nil

    /// A figure that is not a duration: `value` in `unit`.
    static func count(_ name: String, _ value: Double, unit: String) -> BenchmarkResult {
        BenchmarkResult(name: name, ns: value, unit: unit)
    }
}

/// Collects named benchmarks and prints the median of several timed runs of each.
///
/// Each benchmark body performs `iterations` operations and returns a value that is fed to
/// `blackHole` so the optimizer cannot drop the work. The machine is shared and noisy, which is
/// why every suite measures its reference (GMP, a naive twin) in the same run.
struct BenchmarkSuite {
    let name: String
    let options: BenchOptions
    var extraFields: [String: String] = [:]
    private var entries: [(name: String, iterations: Int, body: (Int) -> Void)] = []

    init(name: String, options: BenchOptions) {
        self.name = name
        self.options = options
    }

    /// Registers `body`, which runs `iterations` operations per call.
    mutating func add(_ name: String, iterations: Int, _ body: @escaping (Int) -> Void) {
        entries.append((name, iterations, body))
    }

    /// Runs each selected benchmark (one warm-up, then five timed runs) and prints the medians,
    /// followed by `derived(results)` (counts computed from them or measured otherwise).
    func runAndReport(repetitions: Int = 5, derived: ([BenchmarkResult]) -> [BenchmarkResult] = { _ in [] }) {
        var results: [BenchmarkResult] = []
        for entry in entries where options.filter.map({ entry.name.contains($0) }) ?? true {
            let iterations = max(1, Int(Double(entry.iterations) * options.scale))
            entry.body(max(1, iterations / 10))
            var samples: [Double] = []
            for _ in 0..<repetitions {
                let start = DispatchTime.now().uptimeNanoseconds
                entry.body(iterations)
                let elapsed = DispatchTime.now().uptimeNanoseconds - start
                samples.append(Double(elapsed) / Double(iterations))
            }
            samples.sort()
            let result = BenchmarkResult(name: entry.name, ns: samples[samples.count / 2])
            results.append(result)
            if !options.json { printRow(result) }
        }
        let extras = derived(results)
        if !options.json { extras.forEach(printRow) }
        if options.json { report(suite: name, results: results + extras, extra: extraFields, json: true) }
    }
}

/// One table row: the name, then the time in a readable unit.
func printRow(_ result: BenchmarkResult) {
    let figure = result.unit.map { String(format: "%10.0f %@", result.ns, $0) } ?? formatNanoseconds(result.ns)
    print(result.name.padding(toLength: 36, withPad: " ", startingAt: 0), figure)
}

/// Prints `results` as a table (with `extra` as header lines) or as the suites' JSON document
/// `{"suite": …, <extra>, "results": [{"name": …, "ns": …}]}`.
func report(suite: String, results: [BenchmarkResult], extra: [String: String], json: Bool) {
    guard json else {
        for (key, value) in extra.sorted(by: { $0.key < $1.key }) { print("# \(key): \(value)") }
        results.forEach(printRow)
        return
    }
    var object: [String: Any] = ["suite": suite]
    for (key, value) in extra { object[key] = Int(value) ?? value }
    object["results"] = results.map { result -> [String: Any] in
        guard let unit = result.unit else { return ["name": result.name, "ns": (result.ns * 100).rounded() / 100] }
        return ["name": result.name, "value": (result.ns * 100).rounded() / 100, "unit": unit]
    }
    let data = try! JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
    print(String(decoding: data, as: UTF8.self))
}

/// Formats a duration in ns with a unit that keeps it readable.
func formatNanoseconds(_ ns: Double) -> String {
    switch ns {
    case ..<1_000: return String(format: "%10.1f ns", ns)
    case ..<1_000_000: return String(format: "%10.2f µs", ns / 1_000)
    case ..<1_000_000_000: return String(format: "%10.2f ms", ns / 1_000_000)
    default: return String(format: "%10.3f s", ns / 1_000_000_000)
    }
}

/// Keeps a value alive so the optimizer cannot remove the computation that produced it: the
/// function is opaque to the optimizer, so its argument must really be computed.
@inline(never) @_optimize(none)
func blackHole<T>(_ value: T) {
    withExtendedLifetime(value) {}
}
