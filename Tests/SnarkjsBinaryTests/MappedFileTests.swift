import Foundation
import Testing

import SnarkjsBinary

@Suite("mapped files")
struct MappedFileTests {
    /// A file of `count` bytes whose byte i is i·31 mod 251, written to a fresh temporary path.
    static func patternFile(count: Int) throws -> (URL, Data) {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("mapped-\(UUID().uuidString).bin")
        let data = Data((0..<count).map { UInt8($0 * 31 % 251) })
        try data.write(to: url)
        return (url, data)
    }

    /// Discarded pages (whole, partial, outside the mapping) read back as the file's bytes.
    @Test func discardedPagesReadBackFromTheFile() throws {
        let (url, expected) = try Self.patternFile(count: 5 * 4096 + 123)
        defer { try? FileManager.default.removeItem(at: url) }
        let mapping = try MappedFile(url: url)
        #expect(mapping.data == expected)
        mapping.data.withUnsafeBytes { raw in
            mapping.discard(UnsafeRawBufferPointer(rebasing: raw[100..<(3 * 4096 + 7)]))
            mapping.discard(raw)
        }
        let elsewhere = [UInt8](repeating: 9, count: 3 * 4096)
        elsewhere.withUnsafeBytes { mapping.discard($0) }
        #expect(elsewhere.allSatisfy { $0 == 9 })
        #expect(mapping.data == expected)
        #expect(mapping.data[mapping.data.startIndex + 4096 + 5] == expected[4096 + 5])
    }

    @Test func emptyAndMissingFiles() throws {
        let (url, _) = try Self.patternFile(count: 0)
        defer { try? FileManager.default.removeItem(at: url) }
        #expect(try MappedFile(url: url).data.isEmpty)
        let missing = url.appendingPathExtension("missing")
        #expect {
            _ = try MappedFile(url: missing)
        } throws: { error in
            guard case let BinaryFormatError.unreadable(file, _) = error else { return false }
            return file == missing.path
        }
        #expect(throws: BinaryFormatError.self) { _ = try MappedFile(url: FileManager.default.temporaryDirectory) }
    }
}
