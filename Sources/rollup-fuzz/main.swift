// rollup-fuzz: libFuzzer harnesses for every parser a user or a peer can feed.
//
//   rollup-fuzz --list                        the targets
//   rollup-fuzz TARGET FILE|DIR...            replay files through TARGET (the ordinary build; the regression tests)
//   ROLLUP_FUZZ_TARGET=TARGET rollup-fuzz [libFuzzer options and corpus folders]
//                                             fuzz (a build with -sanitize=fuzzer,address -D ROLLUP_FUZZING:
//                                             scripts/fuzz TARGET [SECONDS])
//
// A harness feeds its input to one parser and ignores the error it throws: only a crash (a trap,
// an ASan report, a leak, a time-out or memory beyond libFuzzer's limits) is a finding. Target
// `all` routes on the input's first byte to every other target, so one bounded run covers them all.
import BN254
import Circuit
import Foundation
import Groth16
import Groth16Setup
import Pipeline
import Rollup

/// The parsers under test, by target name.
enum FuzzTargets {
    static let harnesses: [(name: String, run: @Sendable (Data) -> Void)] = [
        ("r1cs", { _ = try? R1CSFile(data: $0, fileName: "fuzz.r1cs") }),
        ("wtns", { _ = try? WtnsFile.decode($0, fileName: "fuzz.wtns") }),
        ("zkey", { _ = try? ProvingKey(zkeyData: $0, file: "fuzz.zkey") }),
        ("ptau", { data in
            guard let ptau = try? PowersOfTau(data: data, fileName: "fuzz.ptau") else { return }
            _ = try? ptau.betaG2()
            _ = try? ptau.alphaBetaG1()
            _ = try? ptau.lagrangeG1(size: 2)
            _ = try? ptau.lagrangeG2(size: 2)
            _ = try? ptau.oddLagrangeG1(size: 2)
        }),
        ("proof-json", { _ = try? Proof(snarkjsJSON: $0, file: "proof.json") }),
        ("public-json", { _ = try? PublicSignals.parse($0, file: "public.json") }),
        ("vk-json", { _ = try? VerificationKey(snarkjsJSON: $0, file: "verification_key.json") }),
        ("verify", { data in
            // Three files separated by NUL bytes, as rollup-verify reads them.
            let parts = data.split(separator: 0, maxSplits: 2, omittingEmptySubsequences: false).map { Data($0) }
            guard parts.count == 3 else { return }
            _ = FileVerificationOutcome.check(key: parts[0], keyName: "vk.json", publicSignals: parts[1], publicName: "public.json",
                                              proof: parts[2], proofName: "proof.json")
        }),
        ("batch-json", { _ = try? Batch(json: $0, file: "batch.json") }),
        ("genesis-json", { _ = try? Genesis(json: $0, file: "genesis.json") }),
        ("ledger-line", { data in
            guard let entry = try? JSONDecoder().decode(LedgerEntry.self, from: data) else { return }
            _ = entry.computedHash
        }),
        ("execution-record", { _ = try? JSONDecoder().decode(ExecutionRecord.self, from: $0) }),
        ("json-value", { data in
            guard let value = try? JSONValue.parse(data, source: "fuzz.json") else { return }
            _ = value.canonicalText
        }),
        ("ecadd", { _ = try? EVMPrecompile.ecAdd([UInt8]($0)) }),
        ("ecmul", { _ = try? EVMPrecompile.ecMul([UInt8]($0)) }),
        ("ecpairing", { data in
            guard data.count <= 192 * 4 else { return }  // the pairing's cost grows with its input; four pairs cover every branch
            _ = try? EVMPrecompile.ecPairing([UInt8](data))
        }),
        // An execution trace as a worker reads it from the queue (a peer's, with PostgreSQL), rebuilt into the tiny circuit's witness.
        ("execution-trace", { _ = try? tinyCircuit.witness(fromTrace: [UInt8]($0), file: "fuzz.trace") }),
    ]

    /// The circuit the trace harness rebuilds witnesses of, built once.
    static let tinyCircuit = BatchCircuit(.tiny)

    /// Target `all`: the first byte picks a harness (modulo their count), the rest is its input.
    @Sendable static func routed(_ data: Data) {
        guard let first = data.first else { return }
        harnesses[Int(first) % harnesses.count].run(data.dropFirst())
}

static func harness(named name: String) -> (@Sendable (Data) -> Void)? {
    name == "all" ? routed : harnesses.first { $0.name == name }?.run
}
}

#if ROLLUP_FUZZING
/// The harness `ROLLUP_FUZZ_TARGET` names, looked up at the first input (libFuzzer runs an empty
/// one first); `ROLLUP_FUZZ_TARGET=--list` prints the targets instead.
let selectedHarness: @Sendable (Data) -> Void = {
    let name = ProcessInfo.processInfo.environment["ROLLUP_FUZZ_TARGET"] ?? ""
    if name == "--list" {
        print((["all"] + FuzzTargets.harnesses.map(\.name)).joined(separator: "\n"))
        exit(0)
    }
    guard let run = FuzzTargets.harness(named: name) else {
        FileHandle.standardError.write(Data("rollup-fuzz: set ROLLUP_FUZZ_TARGET to a target (\"\(name)\" is none)\n".utf8))
        exit(2)
    }
    return run
}()

/// libFuzzer's per-input callback; libFuzzer's own `main` calls it directly when SwiftPM renames
/// ours (debug builds), `LLVMFuzzerRunDriver` below otherwise.
@_cdecl("LLVMFuzzerTestOneInput")
func fuzzOneInput(_ bytes: UnsafePointer<UInt8>?, _ count: Int) -> Int32 {
    selectedHarness(bytes.map { Data(bytes: $0, count: count) } ?? Data())
    return 0
}

/// libFuzzer's entry point for a program that owns `main` (LLVM ≥ 13).
@_silgen_name("LLVMFuzzerRunDriver")
func LLVMFuzzerRunDriver(_ argc: UnsafeMutablePointer<Int32>, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
                         _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> Int32) -> Int32

var argc = CommandLine.argc
var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
exit(LLVMFuzzerRunDriver(&argc, &argv, fuzzOneInput))
#else
let arguments = CommandLine.arguments
if arguments.count < 2 || arguments[1] == "--list" || arguments[1] == "--help" {
    print((["all"] + FuzzTargets.harnesses.map(\.name)).joined(separator: "\n"))
    exit(arguments.count < 2 ? 2 : 0)
}
guard let run = FuzzTargets.harness(named: arguments[1]) else {
    FileHandle.standardError.write(Data("rollup-fuzz: unknown target \(arguments[1]) (see --list)\n".utf8))
    exit(2)
}
var replayed = 0
for path in arguments.dropFirst(2) {
    var isDirectory: ObjCBool = false
    let files = FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && isDirectory.boolValue
        ? ((try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []).sorted().map { "\(path)/\($0)" } : [path]
    for file in files {
        guard let data = FileManager.default.contents(atPath: file) else {
            FileHandle.standardError.write(Data("rollup-fuzz: cannot read \(file)\n".utf8))
            exit(2)
        }
        run(data)
        replayed += 1
    }
}
print("replayed \(replayed) inputs through \(arguments[1]) without a crash")
#endif
