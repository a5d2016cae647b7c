#if canImport(Glibc)
import Glibc
#endif
import Foundation
import PostgresClient
import Testing

/// Workers as two machines would run them: each in its own network namespace (its own interfaces, routes
/// and loopback), joined to this one by a veth pair, reaching PostgreSQL only over that link. Needs root
/// (or password-less sudo) for `ip netns`; fails, never skips, without it.
@Suite("Workers on two hosts", .serialized)
struct TwoHostTests {
    @Test func rollupWorkersOnTwoHostsSettleTheSameBatchesInOrderAsOneWorker() throws {
        let (directory, environment) = try tinyCircuitScratch()
        defer { try? FileManager.default.removeItem(at: directory) }
        func path(_ name: String) -> String { directory.appendingPathComponent(name).path }
        func rollup(_ arguments: [String]) throws -> (status: Int32, output: String, error: String) { try run("rollup", arguments, environment: environment) }
        let batches = (1...4).map { path("batches/batch-00000\($0).json") }
        #expect(try rollup(["gen-batches", path("batches"), "--accounts", "8", "--batches", "4", "--txs", "2", "--seed", "11"]).status == 0)
        // The reference: one worker on a file queue.
        #expect(try rollup(["init", path("one"), "--circuit", "tiny", "--insecure-dev-key", "--genesis", path("batches/genesis.json")]).status == 0)
        #expect(try rollup(["submit", path("one")] + batches).status == 0)
        #expect(try rollup(["worker", path("one"), "--threads", "1", "--until-idle"]).status == 0)
        let reference = try (1...4).map { try String(contentsOfFile: path("one/settled/00000\($0).public.json"), encoding: .utf8) }

        let root = try rootPrefix()
        let tag = String(UUID().uuidString.prefix(5).lowercased())
        let octet = Int.random(in: 16...250)
        let hosts = (1...2).map { (namespace: "rollup-\(tag)-\($0)", gateway: "10.\(octet).\($0).1", address: "10.\(octet).\($0).2", link: "rv\(tag)\($0)") }
        defer { for host in hosts { _ = try? shell("\(root)ip netns delete \(host.namespace)") } }
        for host in hosts {
            try shell("""
                \(root)ip netns add \(host.namespace) && \(root)ip link add \(host.link)h type veth peer name \(host.link)n netns \(host.namespace) \
                && \(root)ip addr add \(host.gateway)/30 dev \(host.link)h && \(root)ip link set \(host.link)h up \
                && \(root)ip -n \(host.namespace) addr add \(host.address)/30 dev \(host.link)n && \(root)ip -n \(host.namespace) link set \(host.link)n up \
                && \(root)ip -n \(host.namespace) link set lo up
                """)
        }
        // A server of its own that listens on both gateways and trusts the two links.
        let cluster = path("cluster")
        let script = repositoryFile("scripts/postgres-throwaway").path
        let started = try shell("LISTEN_ADDRESSES=127.0.0.1,\(hosts[0].gateway),\(hosts[1].gateway) TRUST_NETWORK=10.\(octet).0.0/16 \(script) start \(cluster)")
        defer { _ = try? shell("\(script) stop \(cluster)") }
        let admin = try #require(started.split(separator: "\n").first { $0.contains("ROLLUP_TEST_POSTGRES_URL=") }?.split(separator: "=").last.map(String.init))
        let port = try #require(admin.split(separator: ":").last?.split(separator: "/").first.map(String.init))
        try PostgresConnection(url: admin).query("CREATE DATABASE hosts")
        let local = PostgresConnection.url(admin, database: "hosts")
        #expect(try rollup(["init", local, "--circuit", "tiny", "--insecure-dev-key", "--genesis", path("batches/genesis.json")]).status == 0)
        #expect(try rollup(["submit", local] + batches).status == 0)

        // One worker per host, each through its namespace's link; both run until the queue is idle.
        let binary = executable("rollup").path
        let exports = environment.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
        let workers = try hosts.map { host in
            try spawnShell("\(root)env \(exports) ip netns exec \(host.namespace) \(binary) worker postgres://rollup@\(host.gateway):\(port)/hosts"
                           + " --threads 1 --until-idle --lease-seconds 5 >\(path("\(host.namespace).out")) 2>\(path("\(host.namespace).log"))")
        }
        let statuses = workers.map { waitForExit($0, seconds: 240) }
        let logs = hosts.map { (try? String(contentsOfFile: path("\($0.namespace).log"), encoding: .utf8)) ?? "" }
        #expect(statuses == [0, 0], "\(logs)")
        // Both hosts did work (each log names steps it ran), and the ledger equals the one worker's.
        #expect(logs.allSatisfy { $0.contains("executed") || $0.contains("proved") || $0.contains("settled") }, "\(logs)")
        let presences = try PostgresConnection(url: local).query("SELECT count(*) FROM workers")
        #expect(presences.int(0, 0) == 0, "workers retire their presence on a clean exit")
        #expect(try rollup(["ledger", "verify", local]).status == 0)
        #expect(try rollup(["ledger", "export", local, path("export")]).status == 0)
        for batch in 1...4 {
            #expect(try String(contentsOfFile: path("export/00000\(batch).public.json"), encoding: .utf8) == reference[batch - 1])
        }
    }

    /// "" as root, "sudo -n " where password-less sudo works; else a clear failure.
    func rootPrefix() throws -> String {
        if getuid() == 0 { return "" }
        if (try? shell("sudo -n true")) != nil { return "sudo -n " }
        throw ShellFailure(command: "ip netns", output: "this test makes network namespaces: run it as root or with password-less sudo")
    }
}

/// Runs `command` with /bin/sh, its output in a temporary file; throws with the output when it fails.
///
/// posix_spawn and waitpid rather than Foundation's `Process`: commands that daemonise (pg_ctl) were
/// seen to leave `Process` waiting forever.
@discardableResult
func shell(_ command: String, seconds: Double = 120) throws -> String {
    let output = FileManager.default.temporaryDirectory.appendingPathComponent("shell-\(UUID().uuidString).out").path
    defer { unlink(output) }
    let pid = try spawnShell("(\(command)) </dev/null >\(output) 2>&1")
    let status = waitForExit(pid, seconds: seconds)
    let text = (try? String(contentsOfFile: output, encoding: .utf8)) ?? ""
    guard status == 0 else { throw ShellFailure(command: command, output: "exit \(status.map(String.init) ?? "timeout"): \(text)") }
    return text
}

/// Starts `/bin/sh -c command`; its process id.
func spawnShell(_ command: String) throws -> pid_t {
    var pid: pid_t = 0
    let arguments: [String] = ["/bin/sh", "-c", command]
    var argv: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) } + [nil]
    defer { argv.forEach { free($0) } }
    let spawned = posix_spawn(&pid, "/bin/sh", nil, nil, &argv, environ)
    guard spawned == 0 else { throw ShellFailure(command: command, output: "posix_spawn failed (\(spawned))") }
    return pid
}

/// The exit status of `pid`, or nil (after SIGKILL) if it ran longer than `seconds`.
func waitForExit(_ pid: pid_t, seconds: Double) -> Int32? {
    var status: Int32 = 0
    let deadline = Date().addingTimeInterval(seconds)
    while Date() < deadline {
        let reaped = waitpid(pid, &status, WNOHANG)
        if reaped == pid { return (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f) }
        if reaped < 0 { return nil }
        Thread.sleep(forTimeInterval: 0.05)
    }
    kill(pid, SIGKILL)
    waitpid(pid, &status, 0)
    return nil
}
