import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A whole file mapped read-only and private (POSIX `mmap`, `MAP_PRIVATE`), exposed as `Data`
/// without a copy. A parser that has decoded part of it can `discard` those pages: they leave
/// the resident set and a later read faults them back in from the file, so reading a large
/// proving key does not hold the file resident next to the arrays decoded from it.
///
/// The file must not be truncated while it is mapped (a read past the new end raises SIGBUS):
/// the project replaces files by rename (`DurableFiles`), which leaves a mapped inode intact.
public final class MappedFile: @unchecked Sendable {
    /// The file's bytes; the mapping lives as long as this value or a slice of it.
    public let data: Data
    private let base: UnsafeRawPointer?
    private let count: Int

    /// Maps the file at `url`; an empty file gives empty data.
    public init(url: URL) throws(BinaryFormatError) {
        let descriptor = open(url.path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw .unreadable(file: url.path, reason: String(cString: strerror(errno))) }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else { throw .unreadable(file: url.path, reason: String(cString: strerror(errno))) }
        guard (status.st_mode & S_IFMT) == S_IFREG else { throw .unreadable(file: url.path, reason: "not a regular file") }
        count = Int(status.st_size)
        guard count > 0 else {
            base = nil
            data = Data()
            return
        }
        guard let mapped = mmap(nil, count, PROT_READ, MAP_PRIVATE, descriptor, 0), mapped != MAP_FAILED else {
            throw .unreadable(file: url.path, reason: String(cString: strerror(errno)))
        }
        base = UnsafeRawPointer(mapped)
        data = Data(bytesNoCopy: mapped, count: count, deallocator: .custom { pointer, length in munmap(pointer, length) })
    }

    /// Drops from the resident set the whole pages of `region` that lie inside this mapping (a
    /// region elsewhere, or the part of it outside the mapping, is left alone).
    public func discard(_ region: UnsafeRawBufferPointer) {
        guard let base, let start = region.baseAddress else { return }
        let page = Int(sysconf(Int32(_SC_PAGESIZE)))
        let offset = base.distance(to: start)
        let lower = max(offset, 0), upper = min(offset + region.count, count)
        let first = (lower + page - 1) / page * page, last = upper / page * page
        guard first < last else { return }
        _ = madvise(UnsafeMutableRawPointer(mutating: base + first), last - first, Int32(MADV_DONTNEED))
    }
}
