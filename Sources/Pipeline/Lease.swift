#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import DurableFiles
import Foundation

/// A lease file `leases/<job>.lease`, created with O_EXCL, whose mtime is the holder's heartbeat.
///
/// A background timer touches the file every `heartbeat` seconds and checks that the path still
/// names this file (same inode); if not, another worker broke the lease and `checkHeld` throws.
public final class Lease: JobClaim, @unchecked Sendable {
    public let job: String
    public let replacedExpiredClaim: Bool
    private let path: String
    private let descriptor: Int32
    private let inode: UInt64
    private let timer: DispatchSourceTimer
    private let lock = NSLock()
    private var lost = false
    private var released = false

    /// Tries to take the lease for `job` in `directory`; breaks it if it expired more than `ttl` seconds ago.
    static func acquire(job: String, in directory: URL, worker: String, ttl: TimeInterval, heartbeat: TimeInterval) throws -> Lease? {
        let path = directory.appendingPathComponent("\(job).lease").path
        var broke = false
        for _ in 0..<2 {
            let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
            if descriptor >= 0 {
                let record = QueueJSON.encode(["worker": worker, "job": job, "acquiredAt": Timestamp.now()])
                _ = record.withUnsafeBytes { write(descriptor, $0.baseAddress!, $0.count) }
                fsync(descriptor)
                var info = stat()
                fstat(descriptor, &info)
                try DurableFile.syncDirectory(directory.path)
                return Lease(job: job, path: path, descriptor: descriptor, inode: UInt64(info.st_ino), heartbeat: heartbeat, replacedExpiredClaim: broke)
            }
            guard errno == EEXIST else { throw PipelineError.malformedFile(path, expected: "a creatable lease file (errno \(errno))") }
            guard breakIfExpired(path: path, directory: directory, worker: worker, ttl: ttl) else { return nil }
            broke = true
        }
        return nil
    }

    /// Moves an expired lease away atomically, then deletes it; restores it if it turned out to be a fresh one.
    private static func breakIfExpired(path: String, directory: URL, worker: String, ttl: TimeInterval) -> Bool {
        var observed = stat()
        guard stat(path, &observed) == 0 else { return errno == ENOENT }
        guard age(of: observed) > ttl else { return false }
        let aside = directory.appendingPathComponent(".broken.\(UInt64.random(in: 0...UInt64.max))").path
        guard rename(path, aside) == 0 else { return errno == ENOENT }
        var moved = stat()
        if stat(aside, &moved) == 0, moved.st_ino == observed.st_ino, age(of: moved) > ttl {
            unlink(aside)
            return true
        }
        link(aside, path)  // someone renewed or replaced it meanwhile: put it back unless a newer one exists
        unlink(aside)
        return false
    }

    /// Seconds since the lease file's last heartbeat.
    static func age(of info: stat) -> TimeInterval {
        let modified = Double(info.st_mtim.tv_sec) + Double(info.st_mtim.tv_nsec) / 1e9
        return Date().timeIntervalSince1970 - modified
    }

    private init(job: String, path: String, descriptor: Int32, inode: UInt64, heartbeat: TimeInterval, replacedExpiredClaim: Bool) {
        self.job = job
        self.replacedExpiredClaim = replacedExpiredClaim
        self.path = path
        self.descriptor = descriptor
        self.inode = inode
        timer = DispatchSource.makeTimerSource(queue: DispatchQueue(label: "lease.\(job)"))
        timer.schedule(deadline: .now() + heartbeat, repeating: heartbeat)
        timer.setEventHandler { [weak self] in self?.beat() }
        timer.resume()
    }

    private func beat() {
        lock.lock()
        defer { lock.unlock() }
        guard !released, !lost else { return }
        futimens(descriptor, nil)
        var current = stat()
        if stat(path, &current) != 0 || UInt64(current.st_ino) != inode { lost = true }
    }

    public func checkHeld() throws {
        lock.lock()
        defer { lock.unlock() }
        var current = stat()
        if lost || stat(path, &current) != 0 || UInt64(current.st_ino) != inode {
            lost = true
            throw PipelineError.leaseLost(path)
        }
    }

    public func release() {
        lock.lock()
        defer { lock.unlock() }
        guard !released else { return }
        released = true
        timer.cancel()
        var current = stat()
        if !lost, stat(path, &current) == 0, UInt64(current.st_ino) == inode { unlink(path) }
        close(descriptor)
    }

    deinit { release() }
}
