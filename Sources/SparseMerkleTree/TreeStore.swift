import BN254

/// A node position: `level` 0 holds the leaves, level D the root; `index` counts nodes of that
/// level from the left (the leaf index shifted right by 2·`level`: its base-4 digits above `level`).
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

/// The shape of an account tree: `arity` children per node, `depth` levels above the leaves,
/// `arity^depth` leaves.
public struct TreeShape: Hashable, Sendable, CustomStringConvertible {
    /// Children per node.
    public let arity: Int
    /// Levels above the leaves.
    public let depth: Int

    /// A shape as recorded (stores written before the arity was recorded hold binary trees).
    public init(arity: Int, depth: Int) {
        self.arity = arity
        self.depth = depth
    }

    /// The quaternary shape `SparseMerkleTree` builds: node = Poseidon of 4 children.
    public static func quaternary(depth: Int) -> TreeShape { TreeShape(arity: 4, depth: depth) }

    /// Whether `SparseMerkleTree` builds this shape: arity 4 and depth 1...16, so every leaf
    /// index is below 4^16 = 2^32 (the published record packs indices as 32-bit fields).
    public var isSupported: Bool { arity == 4 && (1...16).contains(depth) }

    /// The number of leaves, arity^depth (for a supported shape 2^(2·depth) ≤ 2^32).
    public var capacity: UInt64 {
        (0..<depth).reduce(UInt64(1)) { product, _ in product.multipliedReportingOverflow(by: UInt64(arity)).partialValue }
    }

    public var description: String { "arity \(arity), depth \(depth)" }
}

/// Errors of the tree and its stores.
public enum SparseMerkleTreeError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A shape `SparseMerkleTree` does not build (see `TreeShape.isSupported`).
    case unsupportedShape(TreeShape)
    /// The leaf index is not below the tree's capacity.
    case indexOutOfRange(index: UInt64, shape: TreeShape)
    /// `beginBatch` while a batch is open.
    case batchAlreadyOpen
    /// `commitBatch` or `rollbackBatch` without an open batch.
    case noOpenBatch
    /// A store opened with another shape than it was created with.
    case shapeMismatch(stored: TreeShape, requested: TreeShape)
    /// A stored node is not a 32-byte canonical field element.
    case corruptNode(level: Int, index: UInt64)
    /// An SQLite call failed with this result code and message.
    case sqlite(code: Int32, message: String)

    public var description: String {
        switch self {
        case let .unsupportedShape(shape):
            return "unsupported tree shape (\(shape)); expected arity 4 and depth 1...16"
        case let .indexOutOfRange(index, shape):
            return "leaf index \(index) is not below \(shape.capacity), the capacity of a tree of \(shape)"
        case .batchAlreadyOpen: return "a tree batch is already open"
        case .noOpenBatch: return "no tree batch is open"
        case let .shapeMismatch(stored, requested):
            return "the tree store holds a tree of \(stored); expected \(requested) (make a new store for this circuit)"
        case let .corruptNode(level, index): return "the stored tree node at level \(level), index \(index) is not a 32-byte field element"
        case let .sqlite(code, message): return "SQLite error \(code): \(message)"
        }
    }
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
