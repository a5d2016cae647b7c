import Foundation
import PostgresClient
import Testing

/// The operator's PostgreSQL path end to end with the tiny circuit: every queue command on a
/// `postgres://` URL, workers as separate hosts (network namespaces), and pool supervision.
@Suite("The rollup on PostgreSQL", .serialized)
struct PostgresCLITests {
    let directory: URL
    let environment: [String: String]

    init() throws {
        directory = try scratchDirectory()
        environment = ["ROLLUP_CIRCUITS": directory.appendingPathComponent("Circuits").path]
        let setup = try run("rollup", ["circuit", "setup", "tiny", "--dev-seed", "1"], environment: environment)
        precondition(setup.status == 0, setup.error)
    }

    func path(_ name: String) -> String { directory.appendingPathComponent(name).path }

    func rollup(_ arguments: [String]) throws -> (status: Int32, output: String, error: String) {
        try run("rollup", arguments, environment: environment)
    }

    /// Three generated batches settled by one worker on a file queue: the reference every PostgreSQL run must equal.
    func referenceRun() throws -> [String] {
        #expect(try rollup(["gen-batches", path("batches"), "--accounts", "8", "--batches", "3", "--txs", "2", "--seed", "5"]).status == 0)
        #expect(try rollup(["init", path("files"), "--circuit", "tiny", "--genesis", path("batches/genesis.json")]).status == 0)
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
        let initialised = try rollup(["init", url, "--circuit", "tiny", "--genesis", path("batches/genesis.json")])
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
        #expect(try rollup(["init", url, "--circuit", "tiny", "--genesis", path("batches/genesis.json")]).status == 0)
        let key = path("Circuits/tiny/verification_key.json")
        let original = try String(contentsOfFile: key, encoding: .utf8)
        try original.replacingOccurrences(of: "\"nPublic\"", with: "\"nPublic\" ").write(toFile: key, atomically: true, encoding: .utf8)
        let worker = try rollup(["worker", url, "--until-idle"])
        #expect(worker.status == 2 && worker.error.contains("verification key"), "\(worker)")
    }

    @Test func poolChildrenDieWithTheirSupervisor() throws {
        defer { try? FileManager.default.removeItem(at: directory) }
        #expect(try rollup(["init", path("queue"), "--circuit", "tiny"]).status == 0)
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

    /// Two network namespaces joined to this one by veth pairs, a PostgreSQL server listening on their
    /// gateway addresses, and one worker process inside each namespace, as two machines would run them.
    @Test func workersOnTwoHostsSettleTheSameBatchesInOrderAsOneWorker() throws {
        defer { try? FileManager.default.removeItem(at: directory) }
        let reference = try referenceRun()
        let tag = String(UUID().uuidString.prefix(6).lowercased())
        let hosts = (1...2).map { (namespace: "rollup-\(tag)-\($0)", gateway: "10.231.\($0).1", address: "10.231.\($0).2", link: "rv\(tag)\($0)") }
        defer { for host in hosts { _ = try? shell("ip netns delete \(host.namespace)") } }
        for host in hosts {
            try shell("""
                ip netns add \(host.namespace) && ip link add \(host.link)h type veth peer name \(host.link)n netns \(host.namespace) \
                && ip addr add \(host.gateway)/30 dev \(host.link)h && ip link set \(host.link)h up \
                && ip -n \(host.namespace) addr add \(host.address)/30 dev \(host.link)n && ip -n \(host.namespace) link set \(host.link)n up \
                && ip -n \(host.namespace) link set lo up
                """)
        }
        let cluster = path("cluster")
        let started = try shell("LISTEN_ADDRESSES=127.0.0.1,\(hosts[0].gateway),\(hosts[1].gateway) TRUST_NETWORK=10.231.0.0/16 \(repositoryFile("scripts/postgres-throwaway").path) start \(cluster)")
        defer { _ = try? shell("\(repositoryFile("scripts/postgres-throwaway").path) stop \(cluster)") }
        let local = try #require(started.split(separator: "\n").first { $0.contains("ROLLUP_TEST_POSTGRES_URL=") }?.split(separator: "=").last.map(String.init))
        let port = try #require(local.split(separator: ":").last?.split(separator: "/").first.map(String.init))
        try PostgresConnection(url: local).query("CREATE DATABASE hosts")
        let localURL = local.replacingOccurrences(of: "/postgres", with: "/hosts")
        #expect(try rollup(["init", localURL, "--circuit", "tiny", "--genesis", path("batches/genesis.json")]).status == 0)
        #expect(try rollup(["submit", localURL] + batchFiles).status == 0)
        let workers = try hosts.map { host -> Process in
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/bin/sh")
            process.arguments = ["-c", "exec ip netns exec \(host.namespace) \(executable("rollup").path) worker postgres://rollup@\(host.gateway):\(port)/hosts"
                                 + " --threads 1 --until-idle --lease-seconds 5 2>\(path("host-\(host.namespace).log"))"]
            process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
            process.standardOutput = FileHandle.nullDevice
            try process.run()
            return process
        }
        for worker in workers {
            worker.waitUntilExit()
            #expect(worker.terminationStatus == 0)
        }
        let logs = try hosts.map { try String(contentsOfFile: path("host-\($0.namespace).log"), encoding: .utf8) }
        #expect(logs.allSatisfy { !$0.contains("error") }, "\(logs)")
        #expect(try rollup(["ledger", "verify", localURL]).status == 0)
        #expect(try rollup(["ledger", "export", localURL, path("export")]).status == 0)
        for batch in 1...3 {
            #expect(try String(contentsOfFile: path("export/00000\(batch).public.json"), encoding: .utf8) == reference[batch - 1])
        }
    }

    /// The children of `pid` (Linux: /proc/<pid>/task/<pid>/children).
    func childProcesses(of pid: Int32) -> [Int32] {
        let text = (try? String(contentsOfFile: "/proc/\(pid)/task/\(pid)/children", encoding: .utf8)) ?? ""
        return text.split(separator: " ").compactMap { Int32($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
    }

    /// Runs a shell command; throws with its output when it fails.
    @discardableResult
    func shell(_ command: String) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", command]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw ShellFailure(command: command, output: text) }
        return text
    }

    struct ShellFailure: Error, CustomStringConvertible {
        var command: String
        var output: String
        var description: String { "\(command): \(output)" }
    }

    func createDatabase() throws -> String {
        guard let admin = ProcessInfo.processInfo.environment["ROLLUP_TEST_POSTGRES_URL"] else {
            throw ShellFailure(command: "ROLLUP_TEST_POSTGRES_URL", output: "not set: run the suite with scripts/test (it starts a throwaway PostgreSQL cluster)")
        }
        let name = "cli_\(UUID().uuidString.prefix(8).lowercased())"
        try PostgresConnection(url: admin).query("CREATE DATABASE \(name)")
        return admin.replacingOccurrences(of: "/postgres", with: "/\(name)")
    }

    func dropDatabase(_ url: String) {
        guard let admin = ProcessInfo.processInfo.environment["ROLLUP_TEST_POSTGRES_URL"], let name = url.split(separator: "/").last else { return }
        _ = try? PostgresConnection(url: admin).query("DROP DATABASE IF EXISTS \(name) WITH (FORCE)")
    }
}
