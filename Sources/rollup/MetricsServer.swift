#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import Metrics
import Pipeline
import Prometheus

/// `GET /metrics` in the Prometheus text exposition format (version 0.0.4) for one worker process, on a
/// thread of its own: swift-prometheus's registry, bootstrapped as the swift-metrics backend, plus the
/// queue's depth, read from the store when scraped.
final class MetricsServer: @unchecked Sendable {
    /// The TCP port it listens on (the kernel's choice when asked for port 0).
    let port: Int
    private let registry: PrometheusCollectorRegistry
    private let listener: Int32
    private let depth: () throws -> (incoming: Int, awaitingProof: Int, awaitingSettlement: Int)

    /// Bootstraps the metrics system and listens on `port` on every interface; `depth` is asked at each scrape.
    init(port: Int, depth: @escaping () throws -> (incoming: Int, awaitingProof: Int, awaitingSettlement: Int)) throws {
        registry = PrometheusCollectorRegistry()
        var factory = PrometheusMetricsFactory(registry: registry)
        // Seconds; proofs of the shipped circuits take from milliseconds (tiny) to minutes (transfer32-d24).
        factory.defaultDurationHistogramBuckets = [.milliseconds(10), .milliseconds(50), .milliseconds(100), .milliseconds(500), .seconds(1),
                                                   .seconds(2), .seconds(5), .seconds(10), .seconds(30), .seconds(60), .seconds(120), .seconds(300)]
        MetricsSystem.bootstrap(factory)
        self.depth = depth
        let listener = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard listener >= 0 else { throw MetricsServerError("socket() failed (errno \(errno))") }
        var one: Int32 = 1
        setsockopt(listener, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr = in_addr(s_addr: INADDR_ANY)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(listener, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0, listen(listener, 16) == 0 else {
            let error = errno
            close(listener)
            throw MetricsServerError("--metrics-port \(port): cannot listen (errno \(error): \(String(cString: strerror(error))))")
        }
        var actual = sockaddr_in()
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &actual) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(listener, $0, &length) } }
        self.port = Int(UInt16(bigEndian: actual.sin_port))
        self.listener = listener
        let thread = Thread { [self] in serve() }
        thread.name = "metrics"
        thread.start()
    }

    /// Answers one connection at a time: scrapes are rare and small.
    private func serve() {
        while true {
            let client = accept(listener, nil, nil)
            if client < 0 { continue }
            var timeout = timeval(tv_sec: 5, tv_usec: 0)
            setsockopt(client, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
            respond(to: client)
            close(client)
        }
    }

    private func respond(to client: Int32) {
        var request = [UInt8](repeating: 0, count: 4096)
        let count = read(client, &request, request.count)
        guard count > 0 else { return }
        let line = String(decoding: request[0..<count], as: UTF8.self).prefix { $0 != "\r" && $0 != "\n" }
        let (status, body): (String, [UInt8])
        if line.hasPrefix("GET /metrics ") || line == "GET /metrics" {
            (status, body) = ("200 OK", exposition())
        } else {
            (status, body) = ("404 Not Found", Array("only GET /metrics is served\n".utf8))
        }
        let head = "HTTP/1.1 \(status)\r\nContent-Type: text/plain; version=0.0.4; charset=utf-8\r\nContent-Length: \(body.count)\r\nConnection: close\r\n\r\n"
        let response = Array(head.utf8) + body
        var sent = 0
        while sent < response.count {
            let written = response[sent...].withUnsafeBytes { write(client, $0.baseAddress!, $0.count) }
            guard written > 0 else { return }
            sent += written
        }
    }

    /// The registry's metrics after refreshing the queue-depth gauges (left unchanged when the store cannot be read).
    private func exposition() -> [UInt8] {
        if let depth = try? depth() {
            for (stage, value) in [("incoming", depth.incoming), ("awaiting_proof", depth.awaitingProof), ("awaiting_settlement", depth.awaitingSettlement)] {
                Gauge(label: "rollup_queue_depth", dimensions: [("stage", stage)]).record(value)
            }
        }
        var buffer: [UInt8] = []
        registry.emit(into: &buffer)
        return buffer
    }
}

/// A metrics endpoint that could not start.
struct MetricsServerError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
