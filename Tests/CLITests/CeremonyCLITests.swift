import Foundation
import Testing

/// `rollup groth16 contribute` and `verify-key` end to end on the ark-circom vector.
@Suite("rollup groth16 contribute / verify-key")
struct CeremonyCLITests {
    let folder = "snarkjs/ark-circom-groth16/"

    func verifyKey(_ zkey: String) throws -> (status: Int32, output: String, error: String) {
        try run("rollup", ["groth16", "verify-key", vector(folder + "mycircuit.r1cs"), vector(folder + "powersOfTau28_hez_final_10.ptau"), zkey])
    }

    @Test func contributeTwiceThenVerify() throws {
        let directory = try scratchDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let first = directory.appendingPathComponent("one.zkey").path, second = directory.appendingPathComponent("two.zkey").path
        let upstream = try verifyKey(vector(folder + "test.zkey"))
        #expect(upstream.status == 0, "\(upstream.output)\(upstream.error)")

        let one = try run("rollup", ["groth16", "contribute", vector(folder + "test.zkey"), first, "--name", "alice"])
        #expect(one.status == 0, "\(one.error)")
        #expect(one.output.contains("Circuit Hash: \n\t\t4289918f b00ce352"))
        #expect(one.output.contains("Contribution Hash: \n\t\t"))
        let two = try run("rollup", ["groth16", "contribute", first, second, "--name", "bob"])
        #expect(two.status == 0, "\(two.error)")
        let verified = try verifyKey(second)
        #expect(verified.status == 0, "\(verified.output)\(verified.error)")
        #expect(verified.output.contains("contribution #2 bob:") && verified.output.contains("contribution #1 alice:"))
        // The contribution hash printed by `contribute` is the one `verify-key` lists.
        let printed = two.output.components(separatedBy: "Contribution Hash: \n")[1].components(separatedBy: "\nwrote")[0]
        #expect(verified.output.contains("contribution #2 bob:\n" + printed))

        // The H section of the upstream key spliced in: well formed, but not divided by δ.
        var tampered = try Data(contentsOf: URL(fileURLWithPath: second))
        let original = try Data(contentsOf: URL(fileURLWithPath: vector(folder + "test.zkey")))
        let (range, originalRange) = (try sectionRange(9, in: tampered), try sectionRange(9, in: original))
        tampered.replaceSubrange(range, with: original[originalRange])
        let bad = directory.appendingPathComponent("bad.zkey")
        try tampered.write(to: bad)
        let rejected = try verifyKey(bad.path)
        #expect(rejected.status == 1)
        #expect(rejected.output.contains("H section"))

        let garbage = directory.appendingPathComponent("garbage.zkey")
        try Data("not a key".utf8).write(to: garbage)
        #expect(try verifyKey(garbage.path).status == 2)
    }

    @Test func setupFromPowersOfTauWritesAVerifiableKey() throws {
        let directory = try scratchDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let zkey = directory.appendingPathComponent("setup.zkey").path
        let setup = try run("rollup", ["groth16", "setup", vector(folder + "mycircuit.r1cs"), vector(folder + "powersOfTau28_hez_final_10.ptau"), zkey])
        #expect(setup.status == 0, "\(setup.error)")
        let verified = try verifyKey(zkey)
        #expect(verified.status == 0, "\(verified.output)\(verified.error)")
        #expect(verified.output.contains("contribution #1"))
    }

    /// The payload range of section `type` in an iden3 binary container.
    func sectionRange(_ type: UInt32, in data: Data) throws -> Range<Int> {
        func integer(_ offset: Int, _ size: Int) -> Int {
            (0..<size).reversed().reduce(0) { $0 << 8 | Int(data[data.startIndex + offset + $1]) }
        }
        var offset = 12
        while offset + 12 <= data.count {
            let (sectionType, length) = (integer(offset, 4), integer(offset + 4, 8))
            if sectionType == Int(type) { return (offset + 12)..<(offset + 12 + length) }
            offset += 12 + length
        }
        throw CocoaError(.fileReadCorruptFile)
    }
}
