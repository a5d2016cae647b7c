import ArgumentParser
import Foundation
import PostgresClient
import SparseMerkleTree

/// `rollup bench takeover`: how long a new executor takes to load the account tree from PostgreSQL
/// after the old one died. The tables hold what an executor leaves after `--accounts` deposits at
/// indices 0…N−1 (every account record and every tree node); the figure is the load into the
/// in-memory cache that the executor then hashes from, which is all a takeover reads.
struct TakeoverBenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "takeover",
        abstract: "Loading an account tree of N accounts from PostgreSQL into a new executor's cache.",
        discussion: "Needs --postgres (or ROLLUP_BENCH_POSTGRES_URL); the benchmark creates and drops its own database.")

    @OptionGroup var options: BenchOptions

    @Option(help: "Accounts (at indices 0…N−1).") var accounts = 1 << 20
    @Option(help: "Depth of the quaternary tree (4^depth leaves).") var depth = 12
    @Option(help: "A PostgreSQL server URL.") var postgres: String? = ProcessInfo.processInfo.environment["ROLLUP_BENCH_POSTGRES_URL"]

    func validate() throws {
        guard TreeShape.quaternary(depth: depth).isSupported else { throw ValidationError("--depth must be 1…16") }
        guard accounts >= 1, UInt64(accounts) <= TreeShape.quaternary(depth: depth).capacity else { throw ValidationError("--accounts must be 1…4^depth") }
        guard postgres != nil else { throw ValidationError("--postgres URL (or ROLLUP_BENCH_POSTGRES_URL) is required") }
    }

    func run() throws {
        let count = max(1, Int(Double(accounts) * options.scale))
        let admin = try PostgresConnection(url: postgres!)
        let database = "bench_takeover_\(UUID().uuidString.prefix(8).lowercased())"
        try admin.query("CREATE DATABASE \(database)")
        defer { _ = try? admin.query("DROP DATABASE IF EXISTS \(database) WITH (FORCE)") }
        let connection = try PostgresConnection(url: PostgresConnection.url(postgres!, database: database))
        try PostgresTreeStore.create(on: connection, shape: .quaternary(depth: depth))
        var clock = Stopwatch()
        // Values below r (a zero first byte): the loader decodes every node as a field element.
        try connection.query("""
            INSERT INTO tree_nodes (level, idx, value)
            SELECT l, i, '\\x00'::bytea || substring(sha256(int8send(l * 4294967296 + i)) FROM 2)
            FROM generate_series(0, $2::integer) AS l, LATERAL generate_series(0, ($1::bigint - 1) >> (2 * l)) AS i
            """, [.int(count), .int(depth)])
        try connection.query("""
            INSERT INTO tree_records (key, value)
            SELECT 'account/' || i, '\\x00'::bytea || substring(sha256(int8send(i)) FROM 2) || '\\x00'::bytea || substring(sha256(int8send(-i)) FROM 2)
                                    || decode(repeat('00', 24), 'hex')
            FROM generate_series(0, $1::bigint - 1) AS i
            """, [.int(count)])
        try connection.query("VACUUM ANALYZE tree_nodes")
        let filled = clock.lap()
        let rows = try connection.query("SELECT (SELECT count(*) FROM tree_nodes), (SELECT count(*) FROM tree_records), pg_total_relation_size('tree_nodes') + pg_total_relation_size('tree_records')")
        let executor = try PostgresConnection(url: PostgresConnection.url(postgres!, database: database))
        clock = Stopwatch()
        _ = try PostgresTreeStore(connection: executor, shape: .quaternary(depth: depth))
        let seconds = clock.lap()
        report(suite: "takeover", results: [BenchmarkResult(name: "takeover.load", ns: seconds * 1e9)],
               extra: ["accounts": String(count), "depth": String(depth), "nodes": String(rows.int(0, 0) ?? 0), "records": String(rows.int(0, 1) ?? 0),
                       "table_bytes": String(rows.int(0, 2) ?? 0), "fill_s": String(format: "%.1f", filled)],
               json: options.json)
    }
}
