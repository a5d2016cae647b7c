import Foundation
import Testing

@Suite("rollup l1")
struct L1CLITests {
    /// The committed 32-transfer vector's calldata replays from its genesis to the root the calldata claims.
    @Test func rebuildReplaysTheVectorCalldata() throws {
        let result = try run("rollup", ["l1", "rebuild", "--genesis", vector("l1/transfer32-d24/genesis.json"), "--circuit", "transfer32-d24",
                                        vector("l1/transfer32-d24/000001.calldata")])
        #expect(result.status == 0, "\(result.error)")
        #expect(result.output.hasPrefix("batch 1 root "))
    }

    @Test func badInputNamesTheFileAndExitsNonZero() throws {
        let directory = try scratchDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let calldata = directory.appendingPathComponent("000001.calldata")
        try "not hex".write(to: calldata, atomically: true, encoding: .utf8)
        let rebuild = try run("rollup", ["l1", "rebuild", "--genesis", vector("l1/transfer32-d24/genesis.json"), "--circuit", "transfer32-d24", calldata.path])
        #expect(rebuild.status == 2 && rebuild.error.contains("\(calldata.path): expected 0x-prefixed hex calldata"), "\(rebuild.error)")
        let export = try run("rollup", ["l1", "export", "--queue", directory.appendingPathComponent("missing").path, "--out", directory.path])
        #expect(export.status == 2 && export.error.contains("missing"), "\(export.error)")
        // A genesis without its rollup id (the signatures' domain tag) is refused, naming the field.
        let genesis = directory.appendingPathComponent("genesis.json")
        try #"{"version": 1, "accounts": []}"#.write(to: genesis, atomically: true, encoding: .utf8)
        let state = try run("rollup", ["batch", "apply", directory.appendingPathComponent("state").path, vector("rollup/batch-000001.json"),
                                       "--genesis", genesis.path])
        #expect(state.status == 2 && state.error.contains("genesis.json: field rollupId: missing"), "\(state.error)")
    }
}
