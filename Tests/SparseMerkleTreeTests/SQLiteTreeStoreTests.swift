import BN254
import Foundation
import SparseMerkleTree
import Testing

/// A fresh directory for one test's database files.
func temporaryDirectory() throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("smt-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}

@Suite("SQLite tree store")
struct SQLiteTreeStoreTests {
    @Test func reopenedStoreHasSameRootAndLeaves() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("tree.sqlite").path
        let memory = try SparseMerkleTree(depth: 24, store: InMemoryTreeStore())
        do {
            let tree = try SparseMerkleTree(depth: 24, store: try SQLiteTreeStore(path: path, depth: 24))
            for index: UInt64 in [0, 1, 77, 1 << 23, (1 << 24) - 1] {
                let proof = try tree.update(index, Fr(index * 3 + 1))
                #expect(try memory.update(index, Fr(index * 3 + 1)) == proof)
            }
            try tree.update(77, .zero)
            try memory.update(77, .zero)
        }
        let reopened = try SparseMerkleTree(depth: 24, store: try SQLiteTreeStore(path: path, depth: 24))
        #expect(reopened.root == memory.root)
        #expect(try reopened.get(1 << 23) == Fr((1 << 23) * 3 + 1) && (try reopened.get(77)).isZero)
        #expect(try reopened.inclusionProof(1) == (try memory.inclusionProof(1)))
        #expect(throws: SparseMerkleTreeError.depthMismatch(stored: 24, requested: 20)) {
            try SQLiteTreeStore(path: path, depth: 20)
        }
    }

    @Test func batchRollsBackOnRollbackCloseAndCrash() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("tree.sqlite").path
        let committedRoot: Fr
        do {
            let tree = try SparseMerkleTree(depth: 20, store: try SQLiteTreeStore(path: path, depth: 20))
            try tree.beginBatch()
            for index: UInt64 in 0..<50 { try tree.update(index * 997, Fr(index + 1)) }
            try tree.commitBatch()
            committedRoot = tree.root

            try tree.beginBatch()
            try tree.update(3, Fr(33))
            try tree.rollbackBatch()
            #expect(try tree.root == committedRoot && (try tree.get(3)).isZero)

            // A crash mid-batch: copy the database and its WAL while the batch's transaction is open.
            try tree.beginBatch()
            for index: UInt64 in 0..<2000 { try tree.update(index, Fr(index + 7)) }
            #expect(tree.root != committedRoot)
            for suffix in ["", "-wal"] {
                try FileManager.default.copyItem(atPath: path + suffix, toPath: directory.appendingPathComponent("crash.sqlite" + suffix).path)
            }
            // The process-level object goes away without commitBatch.
        }
        let crashed = try SparseMerkleTree(depth: 20, store: try SQLiteTreeStore(path: directory.appendingPathComponent("crash.sqlite").path, depth: 20))
        #expect(try crashed.root == committedRoot && (try crashed.get(1)).isZero && (try crashed.get(997)) == Fr(2))
        let reopened = try SparseMerkleTree(depth: 20, store: try SQLiteTreeStore(path: path, depth: 20))
        #expect(try reopened.root == committedRoot && (try reopened.get(1)).isZero)
    }
}
