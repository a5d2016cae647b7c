// TEST FIXTURE ONLY: one pipeline worker over the toy engine (`PipelineToyEngine`), so the pipeline
// tests can spawn, race and SIGKILL real worker processes. Not a product; never ship it.
//
// Usage: pipeline-test-worker <queue directory or postgres:// URL> [--until-idle] [--lease-seconds S] [--threads T]
// Environment: TOY_ENGINE_DELAY_MS=N makes each engine operation sleep a random 0…N ms.
import Foundation
import Logging
import Pipeline
import PipelineToyEngine

/// Removes `name` and its value from `arguments`; returns the value.
func option(_ name: String, in arguments: inout [String]) -> String? {
    guard let index = arguments.firstIndex(of: name), index + 1 < arguments.count else { return nil }
    defer { arguments.removeSubrange(index...index + 1) }
    return arguments[index + 1]
}
var arguments = Array(CommandLine.arguments.dropFirst())
let leaseSeconds = option("--lease-seconds", in: &arguments).flatMap(Double.init) ?? 30
let threads = option("--threads", in: &arguments).flatMap(Int.init) ?? 1
let untilIdle = arguments.contains("--until-idle")
guard let queuePath = arguments.first(where: { !$0.hasPrefix("--") }) else {
    FileHandle.standardError.write(Data("usage: pipeline-test-worker <queue> [--until-idle] [--lease-seconds S] [--threads T]\n".utf8))
    exit(2)
}

let stop = StopSignal.installed()
LoggingSystem.bootstrap(StreamLogHandler.standardError)
do {
    let worker = makeWorkerID()
    let queue = try PipelineQueue(backend: openQueueBackend(queuePath, worker: worker, leaseTTL: leaseSeconds), resolver: ToyEngine.resolver, worker: worker)
    try PipelineWorker(queue: queue, threads: threads, untilIdle: untilIdle).run(stop: stop) { print($0.progressLine) }
} catch {
    FileHandle.standardError.write(Data("error: \(error)\n".utf8))
    exit(1)
}
