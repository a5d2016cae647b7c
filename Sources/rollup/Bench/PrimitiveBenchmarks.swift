import ArgumentParser
import BabyJubJub
import BN254
import Circuit
import Foundation
import Poseidon
import SparseMerkleTree

/// `rollup bench primitives`: native Poseidon and EdDSA, gadget sizes, and tree updates per
/// second (reported as ns per update) in memory and in SQLite at depths 24 and 32.
struct PrimitivesBenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "primitives", abstract: "Poseidon, EdDSA-Poseidon and the state tree: native speed and constraint counts.")

    @OptionGroup var options: BenchOptions

    func run() throws {
        var suite = BenchmarkSuite(name: "primitives", options: options)
        var generator = InsecureSeededGenerator(seed: 5)  // benchmark inputs only
        let a = Fr.random(using: &generator), b = Fr.random(using: &generator)
        suite.add("poseidon.t3", iterations: 20_000) { n in
            var x = a
            for _ in 0..<n { x = Poseidon.hash(x, b) }
            blackHole(x)
        }
        let five = (0..<5).map { _ in Fr.random(using: &generator) }
        suite.add("poseidon.t6", iterations: 5_000) { n in
            for _ in 0..<n { blackHole(Poseidon.hash(five)) }
        }
        // The leaf (4 inputs), EdDSA (5) and message (7) widths, each next to the reference permutation.
        for inputs in [2, 4, 5, 7] {
            let state = [Fr.zero] + (0..<inputs).map { _ in Fr.random(using: &generator) }
            suite.add("poseidon.t\(inputs + 1).permutation", iterations: 2_000) { n in
                for _ in 0..<n { blackHole(Poseidon.permutation(state)) }
            }
            suite.add("poseidon.t\(inputs + 1).reference", iterations: 1_000) { n in
                for _ in 0..<n { blackHole(Poseidon.referencePermutation(state)) }
            }
        }
        let key = EdDSAPrivateKey.random(using: &generator)
        let signature = key.signPoseidon(a)
        suite.add("eddsa.sign", iterations: 500) { n in
            for _ in 0..<n { blackHole(key.signPoseidon(a)) }
        }
        suite.add("eddsa.verify", iterations: 500) { n in
            for _ in 0..<n { blackHole(EdDSA.verifyPoseidon(message: a, signature: signature, publicKey: key.publicKey)) }
        }
        for depth in [12, 16] {
            let shape = TreeShape.quaternary(depth: depth)
            suite.add("tree.update.d\(depth).memory", iterations: 300) { n in
                let tree = try! SparseMerkleTree(shape: shape, store: InMemoryTreeStore())
                var random = InsecureSeededGenerator(seed: 9)
                for _ in 0..<n { _ = try! tree.update(random.next() >> UInt64(64 - 2 * depth), .one) }
            }
            suite.add("tree.update.d\(depth).sqlite_batch", iterations: 300) { n in
                let path = FileManager.default.temporaryDirectory.appendingPathComponent("bench-\(UUID().uuidString).sqlite").path
                defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) } }
                let tree = try! SparseMerkleTree(shape: shape, store: try! SQLiteTreeStore(path: path, shape: shape))
                var random = InsecureSeededGenerator(seed: 9)
                try! tree.beginBatch()
                for _ in 0..<n { _ = try! tree.update(random.next() >> UInt64(64 - 2 * depth), .one) }
                try! tree.commitBatch()
            }
        }
        // A genesis of 1,024 contiguous leaves at 2^24 accounts: one path per leaf, or level by level (per leaf).
        let fill = TreeShape.quaternary(depth: 12)
        suite.add("tree.fill.d12.one_by_one", iterations: 1_024) { n in
            let tree = try! SparseMerkleTree(shape: fill, store: InMemoryTreeStore())
            for index in 0..<UInt64(n) { _ = try! tree.update(index, Fr(index + 1)) }
        }
        for threads in [1, 2] {
            suite.add("tree.fill.d12.batch_t\(threads)", iterations: 1_024) { n in
                let tree = try! SparseMerkleTree(shape: fill, store: InMemoryTreeStore())
                _ = try! tree.update(batch: (0..<UInt64(n)).map { ($0, Fr($0 + 1)) }, threads: threads)
            }
        }
        suite.runAndReport { results in
            let updates = results.filter { $0.name.hasPrefix("tree.update.") }.map {
                BenchmarkResult.count($0.name + ".per_second", 1e9 / $0.ns, unit: "updates/s")
            }
            return Self.gadgetSizes().map { BenchmarkResult.count($0.0, Double($0.1), unit: "constraints") } + updates
        }
    }

    /// Constraints of one Poseidon(2), one EdDSA-Poseidon verification and one tree update over 2^24 leaves (quaternary depth 12).
    static func gadgetSizes() -> [(String, Int)] {
        var poseidon = ConstraintSystem()
        let x = poseidon.privateInput("x"), y = poseidon.privateInput("y")
        _ = poseidon.poseidon(x, y)
        var eddsa = ConstraintSystem()
        func point(_ cs: inout ConstraintSystem, _ name: String) -> BabyJubPointVariable {
            BabyJubPointVariable(x: cs.privateInput(name + ".x"), y: cs.privateInput(name + ".y"))
        }
        let enabled = eddsa.privateInput("enabled"), s = eddsa.privateInput("S"), message = eddsa.privateInput("m")
        let publicKey = point(&eddsa, "A"), r8 = point(&eddsa, "R8")
        eddsa.verifyEdDSAPoseidon(enabled: enabled, publicKey: publicKey, R8: r8, S: s, message: message)
        var tree = ConstraintSystem()
        let siblings = (0..<12).map { level in (0..<3).map { tree.privateInput("sibling[\(level)][\($0)]").linearCombination } }
        _ = tree.merkleUpdate(oldLeaf: tree.privateInput("old"), newLeaf: tree.privateInput("new"), index: tree.privateInput("i"),
                              siblings: siblings, oldRoot: tree.privateInput("root"))
        return [("poseidon.t3.constraints", poseidon.constraintCount), ("eddsa.verify.constraints", eddsa.constraintCount),
                ("tree.update.d12.constraints", tree.constraintCount)]
    }
}
