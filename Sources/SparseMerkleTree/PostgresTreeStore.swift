import BN254
import Foundation
import PostgresClient

/// A `TreeStore` in PostgreSQL tables `tree_nodes(level, idx, value)` and `tree_records(key, value)`,
/// with every node and record cached in memory, so the executor hashes at memory speed and the
/// database sees one bulk write per batch.
///
/// A batch's writes are held in memory and written by `commitBatch` on the caller's connection; when
/// the caller has a transaction open (the pipeline's execute step), they commit or roll back with it.
/// Each flush stores a fresh random `version` in `tree_meta`; `refresh()` compares it with the cache's
/// and reloads everything when another executor (or a rolled-back transaction) moved the state.
public final class PostgresTreeStore: TreeStore {
    private let connection: PostgresConnection
    /// The tree shape recorded in `tree_meta`.
    public let shape: TreeShape
    private var nodes: [NodeKey: Fr] = [:]
    private var records: [String: [UInt8]] = [:]
    private var pendingNodes: [NodeKey: Fr?] = [:]
    private var pendingRecords: [String: [UInt8]?] = [:]
    private var version = ""
    /// Whether a batch is open.
    public private(set) var isInBatch = false

    /// Creates the tables for a tree of `shape` (inside the caller's transaction, if any); fails if they exist.
    public static func create(on connection: PostgresConnection, shape: TreeShape) throws {
        try connection.run(script: """
            CREATE TABLE tree_meta (id integer PRIMARY KEY CHECK (id = 1), arity integer NOT NULL, depth integer NOT NULL, version text NOT NULL);
            CREATE TABLE tree_nodes (level smallint NOT NULL, idx bigint NOT NULL, value bytea NOT NULL CHECK (length(value) = 32),
                PRIMARY KEY (level, idx));
            CREATE TABLE tree_records (key text PRIMARY KEY, value bytea NOT NULL);
            """)
        try connection.query("INSERT INTO tree_meta (id, arity, depth, version) VALUES (1, $1, $2, $3)",
                             [.int(shape.arity), .int(shape.depth), .text(UUID().uuidString)])
    }

    /// Opens the tree stored through `connection` and loads it; throws `shapeMismatch` for another
    /// shape (tables without an `arity` column hold a binary tree, written before it became quaternary).
    public init(connection: PostgresConnection, shape: TreeShape) throws {
        self.connection = connection
        self.shape = shape
        try reload()
    }

    /// Reloads the cache if the stored version differs from the one it was loaded or last written at.
    public func refresh() throws {
        guard !isInBatch else { throw SparseMerkleTreeError.batchAlreadyOpen }
        let meta = try connection.query("SELECT version FROM tree_meta WHERE id = 1")
        if meta.count != 1 || meta.string(0, 0) != version { try reload() }
    }

    /// Reads every node and record (the takeover cost of a new executor).
    private func reload() throws {
        let meta = try connection.query("SELECT depth, version, coalesce((to_jsonb(m) ->> 'arity')::integer, 2) FROM tree_meta m WHERE id = 1")
        guard meta.count == 1, let depth = meta.int(0, 0), let storedVersion = meta.string(0, 1), let arity = meta.int(0, 2) else {
            throw SparseMerkleTreeError.corruptNode(level: shape.depth, index: 0)
        }
        let stored = TreeShape(arity: Int(arity), depth: Int(depth))
        guard stored == shape else { throw SparseMerkleTreeError.shapeMismatch(stored: stored, requested: shape) }
        let nodeRows = try connection.query("SELECT level, idx, value FROM tree_nodes")
        var loaded: [NodeKey: Fr] = [:]
        loaded.reserveCapacity(nodeRows.count)
        for row in 0..<nodeRows.count {
            guard let level = nodeRows.int(row, 0), let index = nodeRows.int(row, 1), let bytes = nodeRows.data(row, 2),
                  let value = try? Fr(bigEndianBytes: bytes) else {
                throw SparseMerkleTreeError.corruptNode(level: Int(nodeRows.int(row, 0) ?? -1), index: UInt64(bitPattern: nodeRows.int(row, 1) ?? -1))
            }
            loaded[NodeKey(level: Int(level), index: UInt64(bitPattern: index))] = value
        }
        let recordRows = try connection.query("SELECT key, value FROM tree_records")
        var loadedRecords: [String: [UInt8]] = [:]
        for row in 0..<recordRows.count {
            if let key = recordRows.string(row, 0), let value = recordRows.data(row, 1) { loadedRecords[key] = [UInt8](value) }
        }
        (nodes, records, version) = (loaded, loadedRecords, storedVersion)
    }

    public func node(at key: NodeKey) throws -> Fr? {
        if let pending = pendingNodes[key] { return pending }
        return nodes[key]
    }

    /// Inside a batch: held until `commitBatch`; outside: written at once.
    public func write(_ writes: [NodeWrite]) throws {
        for write in writes { pendingNodes[write.key] = .some(write.value) }
        if !isInBatch { try flush() }
    }

    public func record(_ key: String) throws -> [UInt8]? {
        if let pending = pendingRecords[key] { return pending }
        return records[key]
    }

    public func writeRecord(_ key: String, _ value: [UInt8]?) throws {
        pendingRecords[key] = .some(value)
        if !isInBatch { try flush() }
    }

    public func beginBatch() throws {
        guard !isInBatch else { throw SparseMerkleTreeError.batchAlreadyOpen }
        isInBatch = true
    }

    /// Writes the batch in bulk statements on the connection (joining its open transaction, if any).
    public func commitBatch() throws {
        guard isInBatch else { throw SparseMerkleTreeError.noOpenBatch }
        isInBatch = false
        try flush()
    }

    public func rollbackBatch() throws {
        guard isInBatch else { throw SparseMerkleTreeError.noOpenBatch }
        pendingNodes.removeAll(keepingCapacity: true)
        pendingRecords.removeAll(keepingCapacity: true)
        isInBatch = false
    }

    /// Writes the pending nodes and records with a new version; on failure the cache is reloaded next time.
    private func flush() throws {
        let newVersion = UUID().uuidString
        do {
            let upserts = pendingNodes.compactMap { key, value in value.map { (key, $0) } }
            let deletes = pendingNodes.filter { $0.value == nil }.map(\.key)
            if !upserts.isEmpty {
                var values = Data(capacity: 32 * upserts.count)
                for (_, value) in upserts { values.append(contentsOf: value.bigEndianBytes) }
                try connection.query("""
                    INSERT INTO tree_nodes (level, idx, value)
                    SELECT l, i, substring($3::bytea FROM (n::integer - 1) * 32 + 1 FOR 32)
                    FROM unnest($1::smallint[], $2::bigint[]) WITH ORDINALITY AS t(l, i, n)
                    ON CONFLICT (level, idx) DO UPDATE SET value = EXCLUDED.value
                    """, [Self.array(upserts.map { String($0.0.level) }), Self.array(upserts.map { String(Int64(bitPattern: $0.0.index)) }), .bytes(values)])
            }
            if !deletes.isEmpty {
                try connection.query("DELETE FROM tree_nodes WHERE (level, idx) IN (SELECT * FROM unnest($1::smallint[], $2::bigint[]))",
                                     [Self.array(deletes.map { String($0.level) }), Self.array(deletes.map { String(Int64(bitPattern: $0.index)) })])
            }
            for (key, value) in pendingRecords {
                if let value {
                    try connection.query("INSERT INTO tree_records (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value",
                                         [.text(key), .bytes(Data(value))])
                } else {
                    try connection.query("DELETE FROM tree_records WHERE key = $1", [.text(key)])
                }
            }
            try connection.query("UPDATE tree_meta SET version = $1 WHERE id = 1", [.text(newVersion)])
        } catch {
            pendingNodes.removeAll()
            pendingRecords.removeAll()
            version = ""  // unknown: the next refresh reloads
            throw error
        }
        for (key, value) in pendingNodes { nodes[key] = value }
        for (key, value) in pendingRecords { records[key] = value }
        pendingNodes.removeAll(keepingCapacity: true)
        pendingRecords.removeAll(keepingCapacity: true)
        version = newVersion
    }

    /// A PostgreSQL array literal of plain (unquoted-safe) elements.
    private static func array(_ elements: [String]) -> PostgresValue { .text("{" + elements.joined(separator: ",") + "}") }
}
