import Foundation
import PostgresClient
import Testing

/// The operator's PostgreSQL path end to end with the tiny circuit: every queue command on a
/// `postgres://` URL, a worker whose key differs from the queue's, and pool supervision.
@Suite("The rollup on PostgreSQL", .serialized)
struct PostgresCLITests {
    let directory: URL
    let environment: [String: String]

    init() throws { (directory, environment) = try tinyCircuitScratch() }

    func path(_ name: String) -> String { directory.appendingPathComponent(name).path }

    func rollup(_ arguments: [String]) throws -> (status: Int32, output: String, error: String) {
        try run("rollup", arguments, environment: environment)
    }

    /// Three generated batches settled by one worker on a file queue: the reference every PostgreSQL run must equal.
    func referenceRun() throws -> [String] {
        #expect(try rollup(["gen-batches", path("batches"), "--accounts", "8", "--batches", "3", "--txs", "2", "--seed", "5"]).status == 0)
        #expect(try rollup(["init", path("files"), "--circuit", "tiny", "--insecure-dev-key", "--genesis", path("batches/genesis.json")]).status == 0)
        #expect(try rollup(["submit", path("files")] + batchFiles).status == 0)
        let worker = try rollup(["worker", path("files"), "--threads", "2", "--until-idle"])
        #expect(worker.status == 0, "\(worker.error)")
        return try (1...3).map { try String(contentsOfFile: path("files/settled/00000\($0).public.json"), encoding: .utf8) }
    }

    var batchFiles: [String] { (1...3).map { path("batches/batch-00000\($0).json") } }

    @Test func everyQueueCommandWorksOnAPostgresURLAndSettlesWhatTheFileQueueSettles() throws {
        defer { try? FileManager.default.removeItem(at: directory) }
        let reference = try referenceRun()
        let url = try createDatabase()
        defer { dropDatabase(url) }
        #expect(try rollup(["init", "--help"]).output.contains("postgres://"))
        let initialised = try rollup(["init", url, "--circuit", "tiny", "--insecure-dev-key", "--genesis", path("batches/genesis.json")])
        #expect(initialised.status == 0 && !initialised.output.contains("secret"), "\(initialised.error)")
        #expect(try rollup(["submit", url] + batchFiles).status == 0)
        let worker = try rollup(["worker", url, "--workers", "2", "--threads", "1", "--until-idle"])
        #expect(worker.status == 0, "\(worker.error)")
        // The supervisor prints settlements in ledger order, whichever child settled them.
        let settledLines = worker.output.split(separator: "\n").filter { $0.hasPrefix("settled batch") }
        #expect(settledLines.map { $0.split(separator: " ")[2] } == ["1", "2", "3"], "\(worker.output)")
        let status = try rollup(["status", url, "--json"])
        #expect(status.output.contains("\"lastSettledBatch\" : 3") || status.output.contains("\"lastSettledBatch\":3"), "\(status.output)")
        #expect(try rollup(["ledger", "verify", url]).status == 0)
        #expect(try rollup(["ledger", "show", url]).output.contains("3 settled batches"))
        #expect(try rollup(["ledger", "export", url, path("export")]).status == 0)
        for batch in 1...3 {
            #expect(try String(contentsOfFile: path("export/00000\(batch).public.json"), encoding: .utf8) == reference[batch - 1])
        }
        let verify = try run("rollup-verify", [path("Circuits/tiny/verification_key.json"), path("export/000003.public.json"), path("export/000003.proof.json")])
        #expect(verify.status == 0, "\(verify.error)")
        // A tampered ledger row fails the audit with exit 1.
        try PostgresConnection(url: url).query("UPDATE ledger SET line = convert_to(replace(convert_from(line, 'UTF8'), '\"commitment\":\"', '\"commitment\":\"1'), 'UTF8') WHERE batch = 2")
        #expect(try rollup(["ledger", "verify", url]).status == 1)
    }

    @Test func aWorkerWithAnotherVerificationKeyRefusesTheQueue() throws {
        defer { try? FileManager.default.removeItem(at: directory) }
        let url = try createDatabase()
        defer { dropDatabase(url) }
        #expect(try rollup(["gen-batches", path("batches"), "--accounts", "8", "--batches", "1", "--txs", "2", "--seed", "5"]).status == 0)
        #expect(try rollup(["init", url, "--circuit", "tiny", "--insecure-dev-key", "--genesis", path("batches/genesis.json")]).status == 0)
        let key = path("Circuits/tiny/verification_key.json")
        let original = try String(contentsOfFile: key, encoding: .utf8)
        try original.replacingOccurrences(of: "\"nPublic\"", with: "\"nPublic\" ").write(toFile: key, atomically: true, encoding: .utf8)
        let worker = try rollup(["worker", url, "--until-idle"])
        #expect(worker.status == 2 && worker.error.contains("verification key"), "\(worker)")
    }

    @Test func poolChildrenDieWithTheirSupervisor() throws {
        defer { try? FileManager.default.removeItem(at: directory) }
        #expect(try rollup(["init", path("queue"), "--circuit", "tiny", "--insecure-dev-key"]).status == 0)
        let supervisor = Process()
        supervisor.executableURL = executable("rollup")
        supervisor.arguments = ["worker", path("queue"), "--workers", "2", "--threads", "1"]
        supervisor.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        supervisor.standardOutput = FileHandle.nullDevice
        supervisor.standardError = FileHandle.nullDevice
        try supervisor.run()
        var children: [Int32] = []
        let deadline = Date().addingTimeInterval(20)
        while children.count < 2 && Date() < deadline {
            Thread.sleep(forTimeInterval: 0.1)
            children = childProcesses(of: supervisor.processIdentifier)
        }
        #expect(children.count == 2)
        kill(supervisor.processIdentifier, SIGKILL)
        supervisor.waitUntilExit()
        let gone = Date().addingTimeInterval(10)
        while children.contains(where: { kill($0, 0) == 0 }) && Date() < gone { Thread.sleep(forTimeInterval: 0.05) }
        #expect(children.allSatisfy { kill($0, 0) != 0 }, "children \(children) outlived their supervisor")
    }

    /// The children of `pid` (Linux: /proc/<pid>/task/<pid>/children).
    func childProcesses(of pid: Int32) -> [Int32] {
        let text = (try? String(contentsOfFile: "/proc/\(pid)/task/\(pid)/children", encoding: .utf8)) ?? ""
        return text.split(separator: " ").compactMap { Int32($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
    }
}

/// A missing test prerequisite.
struct ShellFailure: Error, CustomStringConvertible {
    var command: String
    var output: String
    var description: String { "\(command): \(output)" }
}

/// A fresh database on the test server (ROLLUP_TEST_POSTGRES_URL), as a URL.
func createDatabase() throws -> String {
    guard let admin = ProcessInfo.processInfo.environment["ROLLUP_TEST_POSTGRES_URL"] else {
        throw ShellFailure(command: "ROLLUP_TEST_POSTGRES_URL", output: "not set: run the suite with scripts/test (it starts a throwaway PostgreSQL cluster)")
    }
    let name = "cli_\(UUID().uuidString.prefix(8).lowercased())"
    try PostgresConnection(url: admin).query("CREATE DATABASE \(name)")
    return PostgresConnection.url(admin, database: name)
}

/// Drops a database `createDatabase` made.
func dropDatabase(_ url: String) {
    guard let admin = ProcessInfo.processInfo.environment["ROLLUP_TEST_POSTGRES_URL"], let name = url.split(separator: "/").last else { return }
    _ = try? PostgresConnection(url: admin).query("DROP DATABASE IF EXISTS \(name) WITH (FORCE)")
}
