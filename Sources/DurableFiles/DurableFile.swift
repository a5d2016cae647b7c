#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// Why a file could not be written durably; names the file and the failing system call.
public struct DurableFileError: Error, Equatable, CustomStringConvertible {
    public let path: String
    public let operation: String
    public let code: Int32

    public var description: String { "\(path): \(operation) failed: \(String(cString: strerror(code)))" }
}

/// Crash-safe whole-file writes: the data goes to a temporary file in the same directory, which
/// is fsync'd and then renamed over the destination, and the directory is fsync'd so the rename
/// itself survives a crash. A reader sees the old file or the new one, never a part of either.
public enum DurableFile {
    /// Atomically replaces (or creates) the file at `url` with `data`.
    public static func write(_ data: Data, to url: URL) throws(DurableFileError) {
        let directory = url.deletingLastPathComponent().path
        let temporary = "\(directory)/.\(url.lastPathComponent).\(getpid()).\(UInt64.random(in: 0...UInt64.max)).tmp"
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw DurableFileError(path: temporary, operation: "open", code: errno) }
        var failure: DurableFileError?
        data.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let written = Glibc.write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    failure = DurableFileError(path: temporary, operation: "write", code: errno)
                    return
                }
                offset += written
            }
        }
        if failure == nil && fsync(descriptor) != 0 { failure = DurableFileError(path: temporary, operation: "fsync", code: errno) }
        close(descriptor)
        if let failure {
            unlink(temporary)
            throw failure
        }
        guard rename(temporary, url.path) == 0 else {
            let error = DurableFileError(path: url.path, operation: "rename", code: errno)
            unlink(temporary)
            throw error
        }
        try syncDirectory(directory)
    }

    /// Writes `text` as UTF-8; see `write(_:to:)`.
    public static func write(_ text: String, to url: URL) throws(DurableFileError) {
        try write(Data(text.utf8), to: url)
    }

    /// Atomically moves `source` to `destination` (same file system) and makes the move durable.
    public static func move(_ source: URL, to destination: URL) throws(DurableFileError) {
        guard rename(source.path, destination.path) == 0 else {
            throw DurableFileError(path: source.path, operation: "rename to \(destination.path)", code: errno)
        }
        try syncDirectory(destination.deletingLastPathComponent().path)
        if source.deletingLastPathComponent().path != destination.deletingLastPathComponent().path {
            try syncDirectory(source.deletingLastPathComponent().path)
        }
    }

    /// fsync on a directory, which persists the entries created or renamed in it.
    public static func syncDirectory(_ path: String) throws(DurableFileError) {
        let descriptor = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard descriptor >= 0 else { throw DurableFileError(path: path, operation: "open directory", code: errno) }
        defer { close(descriptor) }
        guard fsync(descriptor) == 0 else { throw DurableFileError(path: path, operation: "fsync directory", code: errno) }
    }
}
