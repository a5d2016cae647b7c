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

    func readLast() throws -> (line: Data, position: Int)? {
        let lines = try read().lines
        return lines.last.map { ($0, lines.count) }
    }

    func append(_ build: (Data?) throws -> LedgerEntry) throws {
        try append { (lines: [Data]) in try build(lines.last).line }
    }

    func append(_ makeLine: ([Data]) throws -> Data) throws {
        _ = try appendLine(makeLine)
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

    /// Appends the line that `makeLine` builds from the current complete lines, under the file lock.
    @discardableResult
    func appendLine(_ makeLine: ([Data]) throws -> Data) throws -> Data {
        let descriptor = open(url.path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw PipelineError.missingFile(url.path, expected: "an openable JSON-lines file (errno \(errno))") }
        defer { close(descriptor) }
        while flock(descriptor, LOCK_EX) != 0 {
            guard errno == EINTR else { throw PipelineError.malformedFile(url.path, expected: "a lockable file (errno \(errno))") }
        }
        defer { flock(descriptor, LOCK_UN) }
        let existing = try Data(contentsOf: url)
        let (lines, tornBytes) = JSONLinesFile.split(existing)
        let line = try makeLine(lines)
        precondition(!line.contains(UInt8(ascii: "\n")), "a JSON line must not contain a newline")
        if tornBytes > 0 {
            guard ftruncate(descriptor, off_t(existing.count - tornBytes)) == 0, fsync(descriptor) == 0 else {
                throw PipelineError.malformedFile(url.path, expected: "a truncatable file (errno \(errno))")
            }
        }
        let record = line + Data("\n".utf8)
        let offset = off_t(existing.count - tornBytes)
        let written = record.withUnsafeBytes { pwrite(descriptor, $0.baseAddress!, $0.count, offset) }
        guard written == record.count, fsync(descriptor) == 0 else {
            throw PipelineError.malformedFile(url.path, expected: "a writable file (errno \(errno))")
        }
        if existing.isEmpty { try DurableFile.syncDirectory(url.deletingLastPathComponent().path) }
        return line
    }

    private static func split(_ data: Data) -> (lines: [Data], tornBytes: Int) {
        guard let lastNewline = data.lastIndex(of: UInt8(ascii: "\n")) else { return ([], data.count) }
        let complete = data[data.startIndex..<lastNewline]
        let lines = complete.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).map { Data($0) }
        return (lines, data.endIndex - lastNewline - 1)
    }
}
