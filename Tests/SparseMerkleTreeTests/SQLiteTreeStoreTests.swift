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
        let shape = TreeShape.quaternary(depth: 12)
        let memory = try SparseMerkleTree(shape: shape, store: InMemoryTreeStore())
        do {
            let tree = try SparseMerkleTree(shape: shape, store: try SQLiteTreeStore(path: path, shape: shape))
            for index: UInt64 in [0, 1, 2, 3, 77, 1 << 23, (1 << 24) - 1] {
                let proof = try tree.update(index, Fr(index * 3 + 1))
                #expect(try memory.update(index, Fr(index * 3 + 1)) == proof)
            }
            try tree.update(77, .zero)
            try memory.update(77, .zero)
        }
        let reopened = try SparseMerkleTree(shape: shape, store: try SQLiteTreeStore(path: path, shape: shape))
        #expect(reopened.root == memory.root)
        #expect(try reopened.get(1 << 23) == Fr((1 << 23) * 3 + 1) && (try reopened.get(77)).isZero)
        #expect(try reopened.inclusionProof(1) == (try memory.inclusionProof(1)))
        #expect(throws: SparseMerkleTreeError.shapeMismatch(stored: shape, requested: .quaternary(depth: 10))) {
            try SQLiteTreeStore(path: path, shape: .quaternary(depth: 10))
        }
    }

    @Test func storeRecordsItsShapeAndRefusesAnother() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("binary.sqlite").path
        // A store recording the binary tree of 2^24 leaves that the rollup kept before.
        _ = try SQLiteTreeStore(path: path, shape: TreeShape(arity: 2, depth: 24))
        let error = #expect(throws: SparseMerkleTreeError.self) { try SQLiteTreeStore(path: path, shape: .quaternary(depth: 12)) }
        #expect(error == .shapeMismatch(stored: TreeShape(arity: 2, depth: 24), requested: .quaternary(depth: 12)))
        #expect(error?.description == "the tree store holds a tree of arity 2, depth 24; expected arity 4, depth 12 (make a new store for this circuit)")
        _ = try SQLiteTreeStore(path: path, shape: TreeShape(arity: 2, depth: 24))
    }

    @Test func batchRollsBackOnRollbackCloseAndCrash() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("tree.sqlite").path
        let shape = TreeShape.quaternary(depth: 10)
        let committedRoot: Fr
        do {
            let tree = try SparseMerkleTree(shape: shape, store: try SQLiteTreeStore(path: path, shape: shape))
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
        let crashed = try SparseMerkleTree(shape: shape, store: try SQLiteTreeStore(path: directory.appendingPathComponent("crash.sqlite").path, shape: shape))
        #expect(try crashed.root == committedRoot && (try crashed.get(1)).isZero && (try crashed.get(997)) == Fr(2))
        let reopened = try SparseMerkleTree(shape: shape, store: try SQLiteTreeStore(path: path, shape: shape))
        #expect(try reopened.root == committedRoot && (try reopened.get(1)).isZero)
    }
}
