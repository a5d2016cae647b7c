#if canImport(Glibc)
import Glibc
#endif
import Foundation
import Testing

/// `rollup worker --metrics-port`: the Prometheus endpoint scraped over TCP while the worker runs, on both stores.
@Suite("Worker metrics", .serialized)
struct MetricsCLITests {
    @Test(arguments: ["files", "postgres"]) func theMetricsEndpointCountsJobsByStageAndOutcome(store: String) throws {
        let (directory, environment) = try tinyCircuitScratch()
        defer { try? FileManager.default.removeItem(at: directory) }
        func path(_ name: String) -> String { directory.appendingPathComponent(name).path }
        var queue = path("queue")
        var database: String?
        if store == "postgres" {
            database = try createDatabase()
            queue = database!
        }
        defer { if let database { dropDatabase(database) } }
        #expect(try run("rollup", ["gen-batches", path("batches"), "--accounts", "8", "--batches", "2", "--txs", "2", "--seed", "3"], environment: environment).status == 0)
        #expect(try run("rollup", ["init", queue, "--circuit", "tiny", "--insecure-dev-key", "--genesis", path("batches/genesis.json")], environment: environment).status == 0)
        #expect(try run("rollup", ["submit", queue, path("batches/batch-000001.json"), path("batches/batch-000002.json")], environment: environment).status == 0)

        let worker = Process()
        worker.executableURL = executable("rollup")
        worker.arguments = ["worker", queue, "--threads", "1", "--metrics-port", "0"]
        worker.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        let log = path("worker.log")
        _ = FileManager.default.createFile(atPath: log, contents: nil)
        worker.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: log))
        worker.standardOutput = FileHandle.nullDevice
        try worker.run()
        defer { if worker.isRunning { kill(worker.processIdentifier, SIGKILL); worker.waitUntilExit() } }

        var port: Int?
        var scraped = ""
        let deadline = Date().addingTimeInterval(60)
        while Date() < deadline {
            Thread.sleep(forTimeInterval: 0.2)
            if port == nil, let text = try? String(contentsOfFile: log, encoding: .utf8),
               let range = text.range(of: #"metrics on http://0\.0\.0\.0:(\d+)/metrics"#, options: .regularExpression) {
                port = Int(text[range].split(separator: ":").last!.split(separator: "/").first!)
            }
            guard let port, let body = httpGet(port: port, path: "/metrics") else { continue }
            scraped = body
            if body.contains(#"rollup_jobs_total{stage="settle",outcome="settled"} 2"#) { break }
        }
        #expect(port != nil, "\((try? String(contentsOfFile: log, encoding: .utf8)) ?? "")")
        for line in [#"rollup_jobs_total{stage="execute",outcome="executed"} 2"#, #"rollup_jobs_total{stage="prove",outcome="proved"} 2"#,
                     #"rollup_jobs_total{stage="settle",outcome="settled"} 2"#, "rollup_prove_seconds_count 2", "rollup_broken_leases_total 0",
                     #"rollup_queue_depth{stage="incoming"} 0"#, #"rollup_queue_depth{stage="awaiting_proof"} 0"#,
                     #"rollup_queue_depth{stage="awaiting_settlement"} 0"#, "# TYPE rollup_prove_seconds histogram"] {
            #expect(scraped.contains(line), "missing \(line) in:\n\(scraped)")
        }
        if let port { #expect(httpGet(port: port, path: "/other") == "") }  // answered with 404, not hung
        kill(worker.processIdentifier, SIGTERM)
        worker.waitUntilExit()
        #expect(worker.terminationStatus == 0)
    }

    /// The body of `GET path` from 127.0.0.1:`port`, or nil if the connection failed or the status was not 200 (then "" for a 404).
    func httpGet(port: Int, path: String) -> String? {
        let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard socket >= 0 else { return nil }
        defer { close(socket) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr = in_addr(s_addr: inet_addr("127.0.0.1"))
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else { return nil }
        let request = Array("GET \(path) HTTP/1.1\r\nHost: localhost\r\n\r\n".utf8)
        guard write(socket, request, request.count) == request.count else { return nil }
        var response: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = read(socket, &buffer, buffer.count)
            if count <= 0 { break }
            response += buffer[0..<count]
        }
        let text = String(decoding: response, as: UTF8.self)
        guard let split = text.range(of: "\r\n\r\n") else { return nil }
        if text.hasPrefix("HTTP/1.1 404") { return "" }
        return text.hasPrefix("HTTP/1.1 200") ? String(text[split.upperBound...]) : nil
    }
}
