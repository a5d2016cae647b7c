import Foundation
import Pipeline
import Testing

@Suite("Leases")
struct LeaseTests {
    @Test func exclusiveUntilExpiredThenBreakable() throws {
        let scratch = try ScratchQueue()
        defer { scratch.remove() }
        let first = FileQueue(root: scratch.root, worker: "first", leaseTTL: 0.6)
        let second = FileQueue(root: scratch.root, worker: "second", leaseTTL: 0.6)
        let held = try #require(try first.claim("state"))
        #expect(try second.claim("state") == nil)
        Thread.sleep(forTimeInterval: 0.5)  // heartbeats (every 0.2 s) keep it alive
        #expect(try second.claim("state") == nil)
        #expect(try first.claims().map(\.worker) == ["first"])
        held.release()
        let taken = try #require(try second.claim("state"))
        taken.release()
    }

    @Test func staleLeaseIsBrokenAndTheOldHolderNoticesTheLoss() throws {
        let scratch = try ScratchQueue()
        defer { scratch.remove() }
        let lease = scratch.root.appendingPathComponent("leases/ledger.lease")
        try Data(#"{"worker":"dead"}"#.utf8).write(to: lease)
        try FileManager.default.setAttributes([.modificationDate: Date().addingTimeInterval(-10)], ofItemAtPath: lease.path)
        let queue = FileQueue(root: scratch.root, worker: "alive", leaseTTL: 2)
        #expect(try queue.claims().first?.expired == true)
        let claim = try #require(try queue.claim("ledger"))
        try claim.checkHeld()
        try FileManager.default.removeItem(at: lease)  // as if another worker broke it
        #expect(throws: PipelineError.self) { try claim.checkHeld() }
        claim.release()
    }
}
