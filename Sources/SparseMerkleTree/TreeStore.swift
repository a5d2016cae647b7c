import BN254

/// A node position: `level` 0 holds the leaves, level D the root; `index` counts nodes of that
/// level from the left (the leaf index shifted right by `level`).
public struct NodeKey: Hashable, Sendable {
    /// The level above the leaves (0 = leaf).
    public let level: Int
    /// The position within the level.
    public let index: UInt64

    /// The node at `level`, `index`.
    public init(level: Int, index: UInt64) {
        self.level = level
        self.index = index
    }
}

/// One node write: a value, or nil to make the node empty (removed from storage).
public struct NodeWrite: Sendable {
    /// The node written.
    public let key: NodeKey
    /// Its new value; nil when it becomes the empty subtree of its level.
    public let value: Fr?

    /// A write of `value` (nil = empty) at `key`.
    public init(key: NodeKey, value: Fr?) {
        self.key = key
        self.value = value
    }
}

/// Errors of the tree and its stores.
public enum SparseMerkleTreeError: Error, Equatable, Sendable {
    /// The depth is outside 1...32.
    case invalidDepth(Int)
    /// The leaf index is not below 2^depth.
    case indexOutOfRange(index: UInt64, depth: Int)
    /// `beginBatch` while a batch is open.
    case batchAlreadyOpen
    /// `commitBatch` or `rollbackBatch` without an open batch.
    case noOpenBatch
    /// A database opened with another depth than it was created with.
    case depthMismatch(stored: Int, requested: Int)
    /// A stored node is not a 32-byte canonical field element.
    case corruptNode(level: Int, index: UInt64)
    /// An SQLite call failed with this result code and message.
    case sqlite(code: Int32, message: String)
}

/// Storage for the non-empty nodes of a tree, with all-or-nothing batches: writes made between
/// `beginBatch` and `commitBatch` are undone by `rollbackBatch` (and, for a durable store, by a
/// crash before the commit).
public protocol TreeStore: AnyObject {
    /// The stored node at `key`, or nil when the node is empty.
    func node(at key: NodeKey) throws -> Fr?
    /// Applies all writes atomically (inside the open batch, if any).
    func write(_ writes: [NodeWrite]) throws
    /// The application record stored under `key` (account data, metadata), or nil.
    func record(_ key: String) throws -> [UInt8]?
    /// Stores (or, for nil, removes) a record; inside a batch it commits and rolls back with the
    /// nodes, so data kept beside the tree can never disagree with its root.
    func writeRecord(_ key: String, _ value: [UInt8]?) throws
    /// Whether a batch is open.
    var isInBatch: Bool { get }
    /// Opens a batch; throws `batchAlreadyOpen` if one is open.
    func beginBatch() throws
    /// Makes the batch's writes permanent.
    func commitBatch() throws
    /// Undoes every write since `beginBatch`.
    func rollbackBatch() throws
}

/// A `TreeStore` in a dictionary; batches keep an undo journal of the nodes they overwrite.
public final class InMemoryTreeStore: TreeStore {
    private var nodes: [NodeKey: Fr] = [:]
    private var records: [String: [UInt8]] = [:]
    /// The value each node had before the open batch first wrote it.
    private var journal: [NodeKey: Fr?] = [:]
    /// The value each record had before the open batch first wrote it.
    private var recordJournal: [String: [UInt8]?] = [:]
    /// Whether a batch is open.
    public private(set) var isInBatch = false

    /// An empty store.
    public init() {}

    /// The number of stored (non-empty) nodes.
    public var storedNodeCount: Int { nodes.count }

    /// The stored node at `key`.
    public func node(at key: NodeKey) -> Fr? { nodes[key] }

    /// Applies the writes, journaling the first old value of each node inside a batch.
    public func write(_ writes: [NodeWrite]) {
        for write in writes {
            if isInBatch && journal.index(forKey: write.key) == nil { journal[write.key] = .some(nodes[write.key]) }
            nodes[write.key] = write.value
        }
    }

    /// The record under `key`.
    public func record(_ key: String) -> [UInt8]? { records[key] }

    /// Stores a record, journaling its first old value inside a batch.
    public func writeRecord(_ key: String, _ value: [UInt8]?) {
        if isInBatch && recordJournal.index(forKey: key) == nil { recordJournal[key] = .some(records[key]) }
        records[key] = value
    }

    /// Opens a batch.
    public func beginBatch() throws {
        guard !isInBatch else { throw SparseMerkleTreeError.batchAlreadyOpen }
        isInBatch = true
    }

    /// Drops the undo journal.
    public func commitBatch() throws {
        guard isInBatch else { throw SparseMerkleTreeError.noOpenBatch }
        journal.removeAll(keepingCapacity: true)
        recordJournal.removeAll(keepingCapacity: true)
        isInBatch = false
    }

    /// Restores every node and record the batch overwrote.
    public func rollbackBatch() throws {
        guard isInBatch else { throw SparseMerkleTreeError.noOpenBatch }
        for (key, value) in journal { nodes[key] = value }
        for (key, value) in recordJournal { records[key] = value }
        journal.removeAll(keepingCapacity: true)
        recordJournal.removeAll(keepingCapacity: true)
        isInBatch = false
    }
}
