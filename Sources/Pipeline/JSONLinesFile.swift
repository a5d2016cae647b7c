#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import DurableFiles
import Foundation

/// An append-only file of newline-terminated JSON lines, safe against crashes and concurrent appenders.
///
/// An append is one `write` of the line and its newline followed by `fsync`, under an exclusive
/// `flock` (released by the kernel if the process dies). A crash mid-append can leave a torn tail:
/// bytes after the last newline. That append was never acknowledged, so readers ignore the tail
/// and the next append cuts it off before writing.
struct JSONLinesFile: LedgerStorage, AppendOnlyLog {
    let url: URL

    var location: String { url.path }

    func lines() throws -> [Data] { try read().lines }

    /// The last complete line, read from the end of the file (the ledger grows without bound; steps read only its tail).
    /// Its position is 0, "the last line": counting the lines would read them all.
    func readLast() throws -> (line: Data, position: Int)? {
        let descriptor = open(url.path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            guard errno == ENOENT else { throw PipelineError.missingFile(url.path, expected: "a readable JSON-lines file (errno \(errno))") }
            return nil
        }
        defer { close(descriptor) }
        return try Self.tail(of: descriptor, path: url.path).lastLine.map { ($0, 0) }
    }

    /// Appends the entry `build` makes from the last complete line; reads only the file's tail.
    func append(_ build: (Data?) throws -> LedgerEntry) throws {
        try appendLine { tail in try build(tail.lastLine).line }
    }

    func append(_ makeLine: ([Data]) throws -> Data) throws {
        try appendLine { _ in try makeLine(read().lines) }
    }

    /// The complete lines (without their newlines) and the number of torn bytes after them.
    func read() throws -> (lines: [Data], tornBytes: Int) {
        guard FileManager.default.fileExists(atPath: url.path) else { return ([], 0) }
        let data: Data
        do { data = try Data(contentsOf: url) } catch {
            throw PipelineError.missingFile(url.path, expected: "a readable JSON-lines file")
        }
        return JSONLinesFile.split(data)
    }

    /// The end of a file: its last complete line, the length up to and including its last newline, and the torn bytes after it.
    struct Tail {
        var lastLine: Data?
        var completeLength: Int
        var tornBytes: Int
    }

    /// Reads `descriptor` backwards from its end, in windows growing from 64 KiB, until the last complete line is in view.
    static func tail(of descriptor: Int32, path: String) throws -> Tail {
        var info = stat()
        guard fstat(descriptor, &info) == 0 else { throw PipelineError.missingFile(path, expected: "a readable JSON-lines file (errno \(errno))") }
        let size = Int(info.st_size)
        var window = 65_536
        while true {
            let start = max(0, size - window)
            var bytes = [UInt8](repeating: 0, count: size - start)
            let count = bytes.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress, $0.count, off_t(start)) }
            guard count == bytes.count else { throw PipelineError.malformedFile(path, expected: "a readable file (errno \(errno))") }
            guard let lastNewline = bytes.lastIndex(of: UInt8(ascii: "\n")) else {
                if start == 0 { return Tail(lastLine: nil, completeLength: 0, tornBytes: size) }
                window *= 4
                continue
            }
            if let previous = bytes[..<lastNewline].lastIndex(of: UInt8(ascii: "\n")) {
                return Tail(lastLine: Data(bytes[(previous + 1)..<lastNewline]), completeLength: start + lastNewline + 1, tornBytes: size - start - lastNewline - 1)
            }
            if start == 0 { return Tail(lastLine: Data(bytes[..<lastNewline]), completeLength: lastNewline + 1, tornBytes: size - lastNewline - 1) }
            window *= 4
        }
    }

    /// Appends the line that `makeLine` builds from the file's tail, under the file lock; cuts off a torn tail first.
    @discardableResult
    func appendLine(_ makeLine: (Tail) throws -> Data) throws -> Data {
        let descriptor = open(url.path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw PipelineError.missingFile(url.path, expected: "an openable JSON-lines file (errno \(errno))") }
        defer { close(descriptor) }
        while flock(descriptor, LOCK_EX) != 0 {
            guard errno == EINTR else { throw PipelineError.malformedFile(url.path, expected: "a lockable file (errno \(errno))") }
        }
        defer { flock(descriptor, LOCK_UN) }
        let tail = try Self.tail(of: descriptor, path: url.path)
        let line = try makeLine(tail)
        precondition(!line.contains(UInt8(ascii: "\n")), "a JSON line must not contain a newline")
        if tail.tornBytes > 0 {
            guard ftruncate(descriptor, off_t(tail.completeLength)) == 0, fsync(descriptor) == 0 else {
                throw PipelineError.malformedFile(url.path, expected: "a truncatable file (errno \(errno))")
            }
        }
        let record = line + Data("\n".utf8)
        let written = record.withUnsafeBytes { pwrite(descriptor, $0.baseAddress!, $0.count, off_t(tail.completeLength)) }
        guard written == record.count, fsync(descriptor) == 0 else {
            throw PipelineError.malformedFile(url.path, expected: "a writable file (errno \(errno))")
        }
        if tail.completeLength == 0 && tail.tornBytes == 0 { try DurableFile.syncDirectory(url.deletingLastPathComponent().path) }
        return line
    }

    private static func split(_ data: Data) -> (lines: [Data], tornBytes: Int) {
        guard let lastNewline = data.lastIndex(of: UInt8(ascii: "\n")) else { return ([], data.count) }
        let complete = data[data.startIndex..<lastNewline]
        let lines = complete.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).map { Data($0) }
        return (lines, data.endIndex - lastNewline - 1)
    }
}
