import CLibPQ
import Foundation

/// A PostgreSQL failure: the server's SQLSTATE (if any), its message, and whether the connection itself broke.
public struct PostgresError: Error, CustomStringConvertible, Sendable {
    /// The five-character SQLSTATE (PostgreSQL manual, appendix A), nil when the client failed before the server answered.
    public var sqlState: String?
    public var message: String
    /// The server (redacted URL) the failure concerns.
    public var server: String
    /// True when the connection was lost or refused (SQLSTATE class 08, a shut-down server, or no answer at all).
    public var isConnectionFailure: Bool

    /// SQLSTATE 23505: a unique constraint was violated.
    public var isUniqueViolation: Bool { sqlState == "23505" }
    /// SQLSTATE class 23: an integrity constraint (unique, foreign key, check) refused the write.
    public var isConstraintViolation: Bool { sqlState?.hasPrefix("23") == true }

    public var description: String {
        "\(server): \(message.trimmingCharacters(in: .whitespacesAndNewlines))" + (sqlState.map { " (SQLSTATE \($0))" } ?? "")
    }
}

/// A parameter of a query: text, bytes (sent in binary) or NULL.
public enum PostgresValue: Sendable {
    case text(String)
    case bytes(Data)
    case null

    /// An integer parameter (sent as its decimal text).
    public static func int<Integer: BinaryInteger>(_ value: Integer) -> PostgresValue { .text(String(value)) }
}

/// One blocking libpq connection (PostgreSQL manual, chapter 34 "libpq"): queries with out-of-line
/// parameters and binary results, transactions, and a reset after the server went away.
///
/// Not thread-safe by itself: libpq allows one query at a time on a connection, so every call holds
/// `lock`; give each thread that must not wait its own connection.
public final class PostgresConnection: @unchecked Sendable {
    /// The server's URL with any password replaced by `***`, for messages and logs.
    public let redactedURL: String
    private let connection: OpaquePointer
    private let lock = NSRecursiveLock()
    /// Statement text to the name it was prepared under on this session: the server parses and plans each once.
    private var preparedStatements: [String: String] = [:]
    private var sent = 0
    private var received = 0

    /// The payload this connection has carried: parameter bytes sent, and value bytes received in results
    /// (statement texts and protocol framing excluded), for measuring what a step moves through the database.
    public var payloadBytes: (sent: Int, received: Int) { lock.withLock { (sent, received) } }

    /// Connects to `url` (`postgres://user:password@host:port/database?…`, libpq's URI form).
    public init(url: String) throws {
        redactedURL = Self.redact(url)
        guard let handle = PQconnectdb(url) else {
            throw PostgresError(sqlState: nil, message: "libpq could not allocate a connection", server: redactedURL, isConnectionFailure: true)
        }
        guard PQstatus(handle) == CONNECTION_OK else {
            let message = String(cString: PQerrorMessage(handle))
            PQfinish(handle)
            throw PostgresError(sqlState: nil, message: message, server: Self.redact(url), isConnectionFailure: true)
        }
        PQsetNoticeProcessor(handle, { _, _ in }, nil)  // NOTICEs ("already exists, skipping") are not errors
        connection = handle
    }

    deinit { PQfinish(connection) }

    /// Whether the connection is usable (not broken by a server restart or a network failure).
    public var isHealthy: Bool { lock.withLock { PQstatus(connection) == CONNECTION_OK } }

    /// Whether a transaction block is open on this connection (`BEGIN` without its `COMMIT` or `ROLLBACK` yet).
    public var isInTransaction: Bool {
        lock.withLock {
            let status = PQtransactionStatus(connection)
            return status == PQTRANS_INTRANS || status == PQTRANS_INERROR || status == PQTRANS_ACTIVE
        }
    }

    /// Re-establishes a broken connection with the same parameters; throws if the server still does not answer.
    public func reset() throws {
        try lock.withLock {
            PQreset(connection)
            preparedStatements.removeAll()  // they lived in the old session
            guard PQstatus(connection) == CONNECTION_OK else {
                throw PostgresError(sqlState: nil, message: String(cString: PQerrorMessage(connection)), server: redactedURL, isConnectionFailure: true)
            }
        }
    }

    /// Runs one statement with `$1…$n` parameters and returns its rows (empty for commands).
    @discardableResult
    public func query(_ sql: String, _ parameters: [PostgresValue] = []) throws -> PostgresRows {
        try lock.withLock {
            let buffers: [Data?] = parameters.map {
                switch $0 {
                case .text(let text): return Data(text.utf8) + Data([0])
                case .bytes(let data): return data
                case .null: return nil
                }
            }
            let formats: [Int32] = parameters.map { if case .bytes = $0 { return 1 } else { return 0 } }
            let lengths: [Int32] = buffers.map { Int32($0?.count ?? 0) }
            sent += buffers.reduce(0) { $0 + ($1?.count ?? 0) }
            let prepared = try preparedName(sql, parameterCount: parameters.count)
            let result = Self.withPointers(buffers) { pointers in
                if let prepared { return PQexecPrepared(connection, prepared, Int32(parameters.count), pointers, lengths, formats, 1) }
                return PQexecParams(connection, sql, Int32(parameters.count), nil, pointers, lengths, formats, 1)
            }
            guard let result else { throw failure(nil) }
            switch PQresultStatus(result) {
            case PGRES_TUPLES_OK, PGRES_COMMAND_OK:
                let rows = PostgresRows(result: result)
                received += rows.payloadBytes
                return rows
            default:
                defer { PQclear(result) }
                throw failure(result)
            }
        }
    }

    /// The name `sql` is prepared under in this session (prepared now if new), or nil for statements that are
    /// run unprepared: transaction control, locks, DDL, and anything while a failed transaction awaits its rollback.
    private func preparedName(_ sql: String, parameterCount: Int) throws -> String? {
        if let name = preparedStatements[sql] { return name }
        let verb = sql.drop { $0.isWhitespace }.prefix { $0.isLetter }.uppercased()
        guard ["SELECT", "INSERT", "UPDATE", "DELETE", "WITH"].contains(verb), PQtransactionStatus(connection) != PQTRANS_INERROR else { return nil }
        let name = "rollup_statement_\(preparedStatements.count + 1)"
        guard let result = PQprepare(connection, name, sql, Int32(parameterCount), nil) else { throw failure(nil) }
        defer { PQclear(result) }
        guard PQresultStatus(result) == PGRES_COMMAND_OK else { throw failure(result) }
        preparedStatements[sql] = name
        return name
    }

    /// Runs a script of several statements without parameters or results (schema definitions), in the simple query protocol.
    public func run(script sql: String) throws {
        try lock.withLock {
            guard let result = PQexec(connection, sql) else { throw failure(nil) }
            defer { PQclear(result) }
            guard PQresultStatus(result) == PGRES_COMMAND_OK || PQresultStatus(result) == PGRES_TUPLES_OK else { throw failure(result) }
        }
    }

    /// Runs `body` inside `BEGIN … COMMIT`; rolls back and rethrows if it throws (a lost connection rolls back by itself).
    public func transaction<Result>(_ body: () throws -> Result) throws -> Result {
        try lock.withLock {
            try query("BEGIN")
            let value: Result
            do {
                value = try body()
            } catch {
                if isHealthy { _ = try? query("ROLLBACK") }
                throw error
            }
            try query("COMMIT")
            return value
        }
    }

    private func failure(_ result: OpaquePointer?) -> PostgresError {
        let state = result.flatMap { PQresultErrorField($0, Int32(UInt8(ascii: "C"))) }.map { String(cString: $0) }
        let message = result.flatMap { PQresultErrorMessage($0) }.map { String(cString: $0) } ?? String(cString: PQerrorMessage(connection))
        let broken = PQstatus(connection) != CONNECTION_OK || state?.hasPrefix("08") == true || state.map { ["57P01", "57P02", "57P03"].contains($0) } == true
        return PostgresError(sqlState: state, message: message.isEmpty ? String(cString: PQerrorMessage(connection)) : message,
                             server: redactedURL, isConnectionFailure: broken || state == nil)
    }

    /// Calls `body` with C pointers to each buffer (NULL for nil), valid for the call only.
    private static func withPointers<Result>(_ buffers: [Data?], _ body: ([UnsafePointer<CChar>?]) -> Result) -> Result {
        var pointers: [UnsafePointer<CChar>?] = []
        func recurse(_ index: Int) -> Result {
            guard index < buffers.count else { return body(pointers) }
            guard let buffer = buffers[index] else {
                pointers.append(nil)
                return recurse(index + 1)
            }
            return buffer.withUnsafeBytes { raw in
                pointers.append(raw.baseAddress?.assumingMemoryBound(to: CChar.self) ?? UnsafePointer(bitPattern: 1))
                return recurse(index + 1)
            }
        }
        return recurse(0)
    }

    /// `url` naming database `database` on the same server (its own database name and query dropped).
    public static func url(_ url: String, database: String) -> String {
        let withoutQuery = url.split(separator: "?", maxSplits: 1).first.map(String.init) ?? url
        guard let scheme = withoutQuery.range(of: "://"), let slash = withoutQuery.range(of: "/", options: .backwards),
              slash.lowerBound >= scheme.upperBound else {
            return withoutQuery + "/" + database
        }
        return String(withoutQuery[..<slash.lowerBound]) + "/" + database
    }

    /// `url` with the password of its user-info part replaced by `***`.
    public static func redact(_ url: String) -> String {
        guard let scheme = url.range(of: "://"), let at = url[scheme.upperBound...].firstIndex(of: "@") else { return url }
        let userInfo = url[scheme.upperBound..<at]
        guard let colon = userInfo.firstIndex(of: ":") else { return url }
        return String(url[..<colon]) + ":***" + String(url[at...])
    }
}

/// The rows of a result in binary format, decoded by column type (int2/4/8, float8, bool, text, bytea).
public final class PostgresRows: @unchecked Sendable {
    private let result: OpaquePointer

    init(result: OpaquePointer) { self.result = result }

    deinit { PQclear(result) }

    /// The number of rows.
    public var count: Int { Int(PQntuples(result)) }
    /// The bytes of every value in the result.
    var payloadBytes: Int {
        var total = 0
        for row in 0..<PQntuples(result) { for column in 0..<PQnfields(result) { total += Int(PQgetlength(result, row, column)) } }
        return total
    }
    /// Rows changed by an INSERT, UPDATE or DELETE.
    public var affectedRows: Int { Int(String(cString: PQcmdTuples(result))) ?? 0 }

    /// Whether the value at `row`, `column` is NULL.
    public func isNull(_ row: Int, _ column: Int) -> Bool { PQgetisnull(result, Int32(row), Int32(column)) == 1 }

    /// The raw binary value at `row`, `column`; nil for NULL.
    public func data(_ row: Int, _ column: Int) -> Data? {
        guard !isNull(row, column), let pointer = PQgetvalue(result, Int32(row), Int32(column)) else { return nil }
        return Data(bytes: pointer, count: Int(PQgetlength(result, Int32(row), Int32(column))))
    }

    /// A text (or varchar, name) value.
    public func string(_ row: Int, _ column: Int) -> String? { data(row, column).map { String(decoding: $0, as: UTF8.self) } }

    /// An int2, int4 or int8 value (network byte order in the binary format).
    public func int(_ row: Int, _ column: Int) -> Int64? {
        guard let bytes = data(row, column), [2, 4, 8].contains(bytes.count) else { return nil }
        let unsigned = bytes.reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
        let shift = UInt64(64 - 8 * bytes.count)
        return Int64(bitPattern: unsigned << shift) >> Int64(shift)
    }

    /// A float8 value (IEEE 754 binary64, network byte order).
    public func double(_ row: Int, _ column: Int) -> Double? {
        guard let bytes = data(row, column), bytes.count == 8 else { return nil }
        return Double(bitPattern: bytes.reduce(UInt64(0)) { $0 << 8 | UInt64($1) })
    }

    /// A bool value.
    public func bool(_ row: Int, _ column: Int) -> Bool? { data(row, column).flatMap { $0.count == 1 ? $0.first! != 0 : nil } }
}
