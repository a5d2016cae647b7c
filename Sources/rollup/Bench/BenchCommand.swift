import ArgumentParser
import Foundation

/// `rollup bench <suite>`: prints ns per operation as a table or as JSON.
struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Run a benchmark suite (build with -c release for meaningful figures).",
        subcommands: [FieldBenchCommand.self, CurveBenchCommand.self, Groth16BenchCommand.self, PrimitivesBenchCommand.self, RollupBenchCommand.self, PipelineBenchCommand.self, QueueBenchCommand.self, TakeoverBenchCommand.self, ExecuteBenchCommand.self]
    )
}

/// Options every suite shares.
struct BenchOptions: ParsableArguments {
    @Flag(help: "Print {\"suite\":…,\"results\":[{\"name\":…,\"ns\":…}]} instead of a table.")
    var json = false

    @Option(help: "Run only the benchmarks whose name contains this text.")
    var filter: String?

    @Option(help: "Scale the iteration counts (e.g. 0.1 for a quick run).")
    var scale: Double = 1
}

struct FieldBenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "field", abstract: "Fr, Fq, Fq12 arithmetic next to GMP's mpz multiply-and-reduce.")

    @OptionGroup var options: BenchOptions

    func run() throws {
        var suite = BenchmarkSuite(name: "field", options: options)
        FieldBenchmarks.register(in: &suite)
        suite.runAndReport()
    }
}

struct CurveBenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "curve", abstract: "G1/G2 arithmetic, pairing, MSM and NTT.")

    @OptionGroup var options: BenchOptions

    @Option(help: "Worker threads for the parallel kernels (MSM, NTT); default: all cores.")
    var threads: Int = ProcessInfo.processInfo.activeProcessorCount

    func run() throws {
        var suite = BenchmarkSuite(name: "curve", options: options)
        suite.extraFields["threads"] = String(threads)
        try CurveBenchmarks.register(in: &suite, threads: threads)
        suite.runAndReport()
    }
}
