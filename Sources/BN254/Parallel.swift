import Dispatch

/// Runs `body(0) … body(workers − 1)` on a fixed pool: Dispatch's `concurrentPerform`, or inline
/// on the calling thread when there is one worker. The workers of the kernels here write to
/// disjoint parts of shared buffers, which is why the body need not be `@Sendable`.
public func runInParallel(_ workers: Int, _ body: (Int) -> Void) {
    if workers <= 1 {
        body(0)
        return
    }
    withoutActuallyEscaping(body) { escapable in
        let shared = UncheckedSendable(escapable)
        DispatchQueue.concurrentPerform(iterations: workers) { shared.value($0) }
    }
}

/// Carries a value into `concurrentPerform`'s closure when the caller guarantees the workers do
/// not race on it.
struct UncheckedSendable<Value>: @unchecked Sendable {
    let value: Value
    init(_ value: Value) { self.value = value }
}

/// Runs `body` over `workers` contiguous chunks of 0..<count (fewer when count is smaller), on
/// the fixed pool of `runInParallel`; one chunk runs inline.
public func runInParallel(chunksOf count: Int, workers: Int, _ body: (Range<Int>) -> Void) {
    let chunks = min(workers, count)
    if chunks <= 1 {
        body(0..<count)
        return
    }
    runInParallel(chunks) { chunk in body(count * chunk / chunks..<count * (chunk + 1) / chunks) }
}
