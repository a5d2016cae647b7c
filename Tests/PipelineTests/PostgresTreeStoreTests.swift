import BN254
import PostgresClient
import SparseMerkleTree
import Testing

/// The engine's PostgreSQL tree store keeps the tree's shape and refuses another one.
@Suite("PostgreSQL tree store shape")
struct PostgresTreeStoreShapeTests {
    @Test func storeRecordsItsShapeAndRefusesAnother() throws {
        let url = try TestPostgres.createDatabase(prefix: "tree")
        defer { TestPostgres.dropDatabase(url) }
        let connection = try PostgresConnection(url: url)
        let shape = TreeShape.quaternary(depth: 12)
        try PostgresTreeStore.create(on: connection, shape: shape)
        let tree = try SparseMerkleTree(shape: shape, store: try PostgresTreeStore(connection: connection, shape: shape))
        try tree.update(5, Fr(9))
        let reopened = try SparseMerkleTree(shape: shape, store: try PostgresTreeStore(connection: try PostgresConnection(url: url), shape: shape))
        #expect(try reopened.get(5) == Fr(9) && reopened.root == tree.root)
        #expect(throws: SparseMerkleTreeError.shapeMismatch(stored: shape, requested: .quaternary(depth: 11))) {
            try PostgresTreeStore(connection: connection, shape: .quaternary(depth: 11))
        }
    }

    @Test func tablesWithoutAnArityHoldTheBinaryTree() throws {
        let url = try TestPostgres.createDatabase(prefix: "tree")
        defer { TestPostgres.dropDatabase(url) }
        let connection = try PostgresConnection(url: url)
        // The tables as the engine created them before the tree became quaternary.
        try connection.run(script: """
            CREATE TABLE tree_meta (id integer PRIMARY KEY CHECK (id = 1), depth integer NOT NULL, version text NOT NULL);
            CREATE TABLE tree_nodes (level smallint NOT NULL, idx bigint NOT NULL, value bytea NOT NULL, PRIMARY KEY (level, idx));
            CREATE TABLE tree_records (key text PRIMARY KEY, value bytea NOT NULL);
            INSERT INTO tree_meta (id, depth, version) VALUES (1, 24, 'v');
            """)
        let error = #expect(throws: SparseMerkleTreeError.self) { try PostgresTreeStore(connection: connection, shape: .quaternary(depth: 12)) }
        #expect(error == .shapeMismatch(stored: TreeShape(arity: 2, depth: 24), requested: .quaternary(depth: 12)))
    }
}
