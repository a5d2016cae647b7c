import BN254
import CSQLite

/// A `TreeStore` in an SQLite database (system libsqlite3): table `nodes(level, idx, value)`
/// holding only non-empty nodes as 32-byte big-endian values, table `records(key, value)` for
/// the application's records, table `meta(key, value)` recording the tree's `arity` and `depth`,
/// WAL journal, synchronous=FULL.
/// Each `write` outside a batch is its own transaction; a batch is one transaction, committed
/// only by `commitBatch`, so a crash or a close before it leaves the previous tree intact.
public final class SQLiteTreeStore: TreeStore {
    private let database: OpaquePointer
    private let select: OpaquePointer
    private let upsert: OpaquePointer
    private let delete: OpaquePointer
    private let selectRecord: OpaquePointer
    private let upsertRecord: OpaquePointer
    private let deleteRecord: OpaquePointer
    /// Whether a batch (an open SQLite transaction) is in progress.
    public private(set) var isInBatch = false

    /// Opens or creates the database at `path` for a tree of `shape`; throws `shapeMismatch`
    /// when the file was created for another shape (a file without a recorded arity holds a
    /// binary tree: it was written before the tree became quaternary).
    public init(path: String, shape: TreeShape) throws {
        var handle: OpaquePointer?
        let status = sqlite3_open_v2(path, &handle, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, nil)
        guard status == SQLITE_OK, let handle else {
            let message = handle.map { String(cString: sqlite3_errmsg($0)) } ?? "cannot open \(path)"
            sqlite3_close_v2(handle)
            throw SparseMerkleTreeError.sqlite(code: status, message: message)
        }
        do {
            try Self.execute(handle, """
                PRAGMA journal_mode = WAL;
                PRAGMA synchronous = FULL;
                BEGIN IMMEDIATE;
                CREATE TABLE IF NOT EXISTS nodes (level INTEGER NOT NULL, idx INTEGER NOT NULL, value BLOB NOT NULL,
                    PRIMARY KEY (level, idx)) WITHOUT ROWID;
                CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value INTEGER NOT NULL);
                CREATE TABLE IF NOT EXISTS records (key TEXT PRIMARY KEY, value BLOB NOT NULL) WITHOUT ROWID;
                INSERT OR IGNORE INTO meta (key, value) SELECT 'arity', 2 WHERE EXISTS (SELECT 1 FROM meta WHERE key = 'depth');
                INSERT OR IGNORE INTO meta (key, value) VALUES ('arity', \(shape.arity)), ('depth', \(shape.depth));
                COMMIT;
                """)
            let stored = TreeShape(arity: try Self.storedInteger(handle, "arity"), depth: try Self.storedInteger(handle, "depth"))
            guard stored == shape else { throw SparseMerkleTreeError.shapeMismatch(stored: stored, requested: shape) }
            select = try Self.prepare(handle, "SELECT value FROM nodes WHERE level = ?1 AND idx = ?2")
            upsert = try Self.prepare(handle, "INSERT OR REPLACE INTO nodes (level, idx, value) VALUES (?1, ?2, ?3)")
            delete = try Self.prepare(handle, "DELETE FROM nodes WHERE level = ?1 AND idx = ?2")
            selectRecord = try Self.prepare(handle, "SELECT value FROM records WHERE key = ?1")
            upsertRecord = try Self.prepare(handle, "INSERT OR REPLACE INTO records (key, value) VALUES (?1, ?2)")
            deleteRecord = try Self.prepare(handle, "DELETE FROM records WHERE key = ?1")
        } catch {
            while let statement = sqlite3_next_stmt(handle, nil) { sqlite3_finalize(statement) }
            sqlite3_close_v2(handle)
            throw error
        }
        database = handle
    }

    /// Closes the connection; an open batch is rolled back by SQLite.
    deinit {
        sqlite3_finalize(select)
        sqlite3_finalize(upsert)
        sqlite3_finalize(delete)
        sqlite3_finalize(selectRecord)
        sqlite3_finalize(upsertRecord)
        sqlite3_finalize(deleteRecord)
        sqlite3_close_v2(database)
    }

    /// The stored node at `key`, nil when absent.
    public func node(at key: NodeKey) throws -> Fr? {
        defer { sqlite3_reset(select) }
        try bind(select, key)
        switch sqlite3_step(select) {
        case SQLITE_DONE:
            return nil
        case SQLITE_ROW:
            guard sqlite3_column_bytes(select, 0) == 32, let blob = sqlite3_column_blob(select, 0),
                  let value = try? Fr(bigEndianBytes: UnsafeRawBufferPointer(start: blob, count: 32))
            else { throw SparseMerkleTreeError.corruptNode(level: key.level, index: key.index) }
            return value
        default:
            throw error()
        }
    }

    /// The record under `key`, nil when absent.
    public func record(_ key: String) throws -> [UInt8]? {
        defer {
            sqlite3_reset(selectRecord)
            sqlite3_clear_bindings(selectRecord)
        }
        guard sqlite3_bind_text(selectRecord, 1, key, -1, Self.transient) == SQLITE_OK else { throw error() }
        switch sqlite3_step(selectRecord) {
        case SQLITE_DONE:
            return nil
        case SQLITE_ROW:
            let count = Int(sqlite3_column_bytes(selectRecord, 0))
            guard count > 0, let blob = sqlite3_column_blob(selectRecord, 0) else { return [] }
            return Array(UnsafeRawBufferPointer(start: blob, count: count))
        default:
            throw error()
        }
    }

    /// Upserts or deletes a record, in its own transaction unless a batch is open.
    public func writeRecord(_ key: String, _ value: [UInt8]?) throws {
        if !isInBatch { try Self.execute(database, "BEGIN IMMEDIATE") }
        let statement = value == nil ? deleteRecord : upsertRecord
        let status: Int32 = (value ?? []).withUnsafeBytes { raw in
            defer {
                sqlite3_reset(statement)
                sqlite3_clear_bindings(statement)
            }
            guard sqlite3_bind_text(statement, 1, key, -1, Self.transient) == SQLITE_OK else { return SQLITE_MISUSE }
            if value != nil, sqlite3_bind_blob(statement, 2, raw.baseAddress ?? UnsafeRawPointer(bitPattern: 1), Int32(raw.count), Self.transient) != SQLITE_OK {
                return SQLITE_MISUSE
            }
            return sqlite3_step(statement)
        }
        guard status == SQLITE_DONE else {
            let failure = error()
            if !isInBatch { try? Self.execute(database, "ROLLBACK") }
            throw failure
        }
        if !isInBatch { try Self.execute(database, "COMMIT") }
    }

    /// SQLITE_TRANSIENT: SQLite copies bound text and blobs before the call returns.
    private static let transient = unsafeBitCast(OpaquePointer(bitPattern: -1), to: sqlite3_destructor_type.self)

    /// Upserts or deletes each node, in one transaction unless a batch is open.
    public func write(_ writes: [NodeWrite]) throws {
        if !isInBatch { try Self.execute(database, "BEGIN IMMEDIATE") }
        do {
            for write in writes { try apply(write) }
            if !isInBatch { try Self.execute(database, "COMMIT") }
        } catch {
            if !isInBatch { try? Self.execute(database, "ROLLBACK") }
            throw error
        }
    }

    /// Starts the batch's transaction.
    public func beginBatch() throws {
        guard !isInBatch else { throw SparseMerkleTreeError.batchAlreadyOpen }
        try Self.execute(database, "BEGIN IMMEDIATE")
        isInBatch = true
    }

    /// Commits the batch's transaction.
    public func commitBatch() throws {
        guard isInBatch else { throw SparseMerkleTreeError.noOpenBatch }
        try Self.execute(database, "COMMIT")
        isInBatch = false
    }

    /// Rolls the batch's transaction back.
    public func rollbackBatch() throws {
        guard isInBatch else { throw SparseMerkleTreeError.noOpenBatch }
        try Self.execute(database, "ROLLBACK")
        isInBatch = false
    }

    private func apply(_ write: NodeWrite) throws {
        let statement = write.value == nil ? delete : upsert
        try bind(statement, write.key)
        let bytes = write.value?.bigEndianBytes ?? []
        let status = bytes.withUnsafeBytes { raw in
            defer {
                sqlite3_reset(statement)
                sqlite3_clear_bindings(statement)
            }
            if write.value != nil, sqlite3_bind_blob(statement, 3, raw.baseAddress, 32, nil) != SQLITE_OK { return SQLITE_MISUSE }
            return sqlite3_step(statement)
        }
        guard status == SQLITE_DONE else { throw error() }
    }

    private func bind(_ statement: OpaquePointer, _ key: NodeKey) throws {
        guard sqlite3_bind_int64(statement, 1, Int64(key.level)) == SQLITE_OK,
              sqlite3_bind_int64(statement, 2, Int64(bitPattern: key.index)) == SQLITE_OK
        else { throw error() }
    }

    private func error() -> SparseMerkleTreeError {
        .sqlite(code: sqlite3_errcode(database), message: String(cString: sqlite3_errmsg(database)))
    }

    private static func execute(_ database: OpaquePointer, _ sql: String) throws {
        guard sqlite3_exec(database, sql, nil, nil, nil) == SQLITE_OK else {
            throw SparseMerkleTreeError.sqlite(code: sqlite3_errcode(database), message: String(cString: sqlite3_errmsg(database)))
        }
    }

    private static func prepare(_ database: OpaquePointer, _ sql: String) throws -> OpaquePointer {
        var statement: OpaquePointer?
        guard sqlite3_prepare_v3(database, sql, -1, UInt32(SQLITE_PREPARE_PERSISTENT), &statement, nil) == SQLITE_OK,
              let statement
        else { throw SparseMerkleTreeError.sqlite(code: sqlite3_errcode(database), message: String(cString: sqlite3_errmsg(database))) }
        return statement
    }

    private static func storedInteger(_ database: OpaquePointer, _ key: String) throws -> Int {
        let statement = try prepare(database, "SELECT value FROM meta WHERE key = '\(key)'")
        defer { sqlite3_finalize(statement) }
        guard sqlite3_step(statement) == SQLITE_ROW else {
            throw SparseMerkleTreeError.sqlite(code: sqlite3_errcode(database), message: String(cString: sqlite3_errmsg(database)))
        }
        return Int(sqlite3_column_int64(statement, 0))
    }
}
