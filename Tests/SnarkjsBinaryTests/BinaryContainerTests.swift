import Foundation
import Testing

import SnarkjsBinary

@Suite("snarkjs binary container")
struct BinaryContainerTests {
    @Test func roundTripsSections() throws {
        var writer = BinaryContainerWriter(magic: "wtns", version: 2)
        writer.append(section: 1, payload: Data([1, 2, 3]))
        writer.append(section: 2, payload: Data())
        let container = try BinaryContainer(data: writer.data, magic: "wtns", fileName: "x.wtns", supportedVersions: [2])
        var first = try container.section(1, name: "header")
        #expect(try first.bytes(3, field: "payload") == Data([1, 2, 3]))
        #expect(first.remaining == 0)
        #expect(try container.section(2, name: "values").remaining == 0)
        #expect(!container.hasSection(3))
    }

    @Test func rejectsBadHeaders() {
        var writer = BinaryContainerWriter(magic: "zkey", version: 1)
        writer.append(section: 1, payload: Data([0, 0, 0, 0]))
        let good = writer.data
        #expect(throws: BinaryFormatError.wrongMagic(file: "f", expected: "ptau", found: "zkey")) {
            try BinaryContainer(data: good, magic: "ptau", fileName: "f", supportedVersions: [1])
        }
        #expect(throws: BinaryFormatError.unsupportedVersion(file: "f", version: 1, supported: [2])) {
            try BinaryContainer(data: good, magic: "zkey", fileName: "f", supportedVersions: [2])
        }
        for cut in [0, 3, 8, 11, 20, good.count - 1] {
            #expect(throws: BinaryFormatError.self, "cut at \(cut)") {
                try BinaryContainer(data: good.prefix(cut), magic: "zkey", fileName: "f", supportedVersions: [1])
            }
        }
        let container = try! BinaryContainer(data: good, magic: "zkey", fileName: "f", supportedVersions: [1])
        #expect(throws: BinaryFormatError.missingSection(file: "f", section: 9, name: "H")) {
            try container.section(9, name: "H")
        }
        var duplicate = BinaryContainerWriter(magic: "zkey", version: 1)
        duplicate.append(section: 1, payload: Data())
        duplicate.append(section: 1, payload: Data())
        #expect(throws: BinaryFormatError.duplicateSection(file: "f", section: 1)) {
            try BinaryContainer(data: duplicate.data, magic: "zkey", fileName: "f", supportedVersions: [1])
        }
    }

    @Test func readerIsBoundsChecked() throws {
        var reader = BinaryReader(data: Data([1, 0, 0, 0, 9]), fileName: "f")
        #expect(try reader.u32("n") == 1)
        #expect(throws: BinaryFormatError.truncated(file: "f", field: "big")) { try reader.u64("big") }
        #expect(try reader.bytes(1, field: "b") == Data([9]))
    }
}
