import Foundation
import Testing

/// Long commands report their stages on stderr: structured log lines into a pipe, one status line
/// rewritten in place on a terminal (a pseudo-terminal from util-linux's `script`).
@Suite("Command progress")
struct ProgressCLITests {
    @Test func setupAndProveLogEveryStageIntoAPipe() throws {
        let directory = try scratchDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let source = "snarkjs/groth16-multiplier100/"
        let zkey = directory.appendingPathComponent("dev.zkey").path
        let setup = try run("rollup", ["groth16", "setup", vector(source + "circuit.r1cs"), zkey, "--dev-seed", "5"])
        #expect(setup.status == 0)
        let stages = setup.error.split(separator: "\n").filter { $0.contains("stage") && $0.contains("command=groth16 setup") }
        #expect(stages.count == 9, "\(setup.error)")
        #expect(stages.first?.contains("step=1/9") == true && stages.last?.contains("step=9/9") == true && stages.last?.contains("H points") == true)
        let prove = try run("rollup", ["groth16", "prove", zkey, vector(source + "witness.wtns"), directory.appendingPathComponent("p.json").path,
                                       directory.appendingPathComponent("s.json").path])
        #expect(prove.status == 0)
        for expected in ["operation=key load", "step=7/7", "operation=proof", "MSM H", "done"] {
            #expect(prove.error.contains(expected), "missing \(expected) in \(prove.error)")
        }
    }

    @Test func onATerminalTheStatusLineIsRewrittenInPlace() throws {
        let directory = try scratchDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let zkey = directory.appendingPathComponent("dev.zkey").path
        let command = "\(executable("rollup").path) groth16 setup \(vector("snarkjs/groth16-multiplier100/circuit.r1cs")) \(zkey) --dev-seed 5"
        let terminal = try shell("script -qec '\(command)' /dev/null")  // fails (throws) unless the command exits 0
        #expect(terminal.contains("\r\u{1B}[Kgroth16 setup: setup [9/9] H points"), "\(terminal.debugDescription)")
        #expect(terminal.contains("groth16 setup: done in"))
        #expect(!terminal.contains("step=1/9"))  // no log lines on a terminal
    }
}
