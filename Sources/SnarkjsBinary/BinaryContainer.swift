import Foundation

/// Why a circom/snarkjs binary file could not be read. Every case names the file.
public enum BinaryFormatError: Error, Equatable, CustomStringConvertible {
    /// The file could not be opened or read.
    case unreadable(file: String, reason: String)
    /// The first four bytes are not the expected magic ("r1cs", "wtns", "zkey", "ptau").
    case wrongMagic(file: String, expected: String, found: String)
    /// The format version is not one this reader knows.
    case unsupportedVersion(file: String, version: UInt32, supported: [UInt32])
    /// The file ends before a field or section it declares.
    case truncated(file: String, field: String)
    /// A required section is absent.
    case missingSection(file: String, section: UInt32, name: String)
    /// A section appears twice.
    case duplicateSection(file: String, section: UInt32)
    /// A field holds a value outside what the format or the curve allows.
    case invalidField(file: String, field: String, reason: String)

    public var description: String {
        switch self {
        case let .unreadable(file, reason): return "\(file): cannot read: \(reason)"
        case let .wrongMagic(file, expected, found):
            return "\(file): not a .\(expected) file (magic \"\(found)\", expected \"\(expected)\")"
        case let .unsupportedVersion(file, version, supported):
            return "\(file): format version \(version) is not supported (supported: \(supported.map(String.init).joined(separator: ", ")))"
        case let .truncated(file, field): return "\(file): truncated while reading \(field)"
        case let .missingSection(file, section, name): return "\(file): section \(section) (\(name)) is missing"
        case let .duplicateSection(file, section): return "\(file): section \(section) appears more than once"
        case let .invalidField(file, field, reason): return "\(file): \(field): \(reason)"
        }
    }
}

/// The container shared by circom's `.r1cs` and `.wtns` and snarkjs's `.zkey` and `.ptau`
/// (iden3 "binfileutils"): a 4-byte magic, u32 version, u32 section count, then sections of
/// (u32 type, u64 byte length, payload). All integers are little-endian.
public struct BinaryContainer: Sendable {
    /// The file name used in error messages.
    public let fileName: String
    /// The format version from the header.
    public let version: UInt32
    /// The section types in the order they appear in the file.
    public let sectionTypes: [UInt32]
    private let data: Data
    private let sections: [UInt32: Range<Int>]

    /// Parses the header and the section table of `data`; `magic` is the expected 4-letter tag.
    public init(data: Data, magic: String, fileName: String, supportedVersions: [UInt32]) throws(BinaryFormatError) {
        self.fileName = fileName
        self.data = data
        var reader = BinaryReader(data: data, fileName: fileName)
        let found = try reader.bytes(4, field: "magic")
        guard found.elementsEqual(magic.utf8) else {
            throw .wrongMagic(file: fileName, expected: magic, found: String(decoding: found, as: UTF8.self))
        }
        version = try reader.u32("version")
        guard supportedVersions.contains(version) else {
            throw .unsupportedVersion(file: fileName, version: version, supported: supportedVersions)
        }
        let count = try reader.u32("section count")
        var sections: [UInt32: Range<Int>] = [:]
        var sectionTypes: [UInt32] = []
        for index in 0..<count {
            let type = try reader.u32("section \(index) type")
            let length = try reader.u64("section \(index) length")
            guard length <= UInt64(reader.remaining) else {
                throw .truncated(file: fileName, field: "section \(type) (declares \(length) bytes)")
            }
            guard sections[type] == nil else { throw .duplicateSection(file: fileName, section: type) }
            sections[type] = reader.offset..<(reader.offset + Int(length))
            sectionTypes.append(type)
            try reader.skip(Int(length), field: "section \(type)")
        }
        self.sections = sections
        self.sectionTypes = sectionTypes
    }

    /// Reads a whole file from disk and parses its header.
    public init(contentsOf url: URL, magic: String, supportedVersions: [UInt32]) throws(BinaryFormatError) {
        let data: Data
        do {
            data = try Data(contentsOf: url, options: .mappedIfSafe)
        } catch {
            throw .unreadable(file: url.path, reason: error.localizedDescription)
        }
        try self.init(data: data, magic: magic, fileName: url.path, supportedVersions: supportedVersions)
    }

    /// Whether section `type` is present.
    public func hasSection(_ type: UInt32) -> Bool { sections[type] != nil }

    /// A reader over section `type`'s payload; `name` describes the section in errors.
    public func section(_ type: UInt32, name: String) throws(BinaryFormatError) -> BinaryReader {
        guard let range = sections[type] else { throw .missingSection(file: fileName, section: type, name: name) }
        return BinaryReader(data: data, range: range, fileName: fileName)
    }
}

/// A bounds-checked little-endian cursor over part of a file. Reading past the end throws
/// `BinaryFormatError.truncated` naming the field.
public struct BinaryReader: Sendable {
    private let data: Data
    private let end: Int
    /// The absolute position of the next byte.
    public private(set) var offset: Int
    /// The file name used in error messages.
    public let fileName: String

    /// A reader over `range` of `data` (the whole of it by default).
    public init(data: Data, range: Range<Int>? = nil, fileName: String) {
        self.data = data
        let range = range ?? data.startIndex..<data.endIndex
        self.offset = range.lowerBound
        self.end = range.upperBound
        self.fileName = fileName
    }

    /// The number of unread bytes.
    public var remaining: Int { end - offset }

    /// The next `count` bytes.
    public mutating func bytes(_ count: Int, field: String) throws(BinaryFormatError) -> Data {
        guard count >= 0, count <= remaining else { throw .truncated(file: fileName, field: field) }
        defer { offset += count }
        return data[offset..<(offset + count)]
    }

    /// Skips `count` bytes.
    public mutating func skip(_ count: Int, field: String) throws(BinaryFormatError) {
        _ = try bytes(count, field: field)
    }

    /// A little-endian u32.
    public mutating func u32(_ field: String) throws(BinaryFormatError) -> UInt32 {
        let raw = try bytes(4, field: field)
        return raw.reversed().reduce(0) { $0 << 8 | UInt32($1) }
    }

    /// A little-endian u64.
    public mutating func u64(_ field: String) throws(BinaryFormatError) -> UInt64 {
        let raw = try bytes(8, field: field)
        return raw.reversed().reduce(0) { $0 << 8 | UInt64($1) }
    }

    /// A u32 count that must not exceed `limit` (guards allocations driven by file contents).
    public mutating func count(_ field: String, limit: Int) throws(BinaryFormatError) -> Int {
        let value = try u32(field)
        guard Int(value) <= limit else {
            throw .invalidField(file: fileName, field: field, reason: "\(value) exceeds the limit \(limit) implied by the file size")
        }
        return Int(value)
    }
}

/// Accumulates a container: header, then sections appended in order.
public struct BinaryContainerWriter {
    private var sections: [(type: UInt32, payload: Data)] = []
    private let magic: String
    private let version: UInt32

    /// A writer for a file with the 4-letter `magic` and format `version`.
    public init(magic: String, version: UInt32) {
        precondition(magic.utf8.count == 4, "magic must be 4 ASCII bytes")
        self.magic = magic
        self.version = version
    }

    /// Appends section `type` with `payload`.
    public mutating func append(section type: UInt32, payload: Data) {
        sections.append((type, payload))
    }

    /// The encoded file.
    public var data: Data {
        var out = Data(magic.utf8)
        out.appendLittleEndian(version)
        out.appendLittleEndian(UInt32(sections.count))
        for (type, payload) in sections {
            out.appendLittleEndian(type)
            out.appendLittleEndian(UInt64(payload.count))
            out.append(payload)
        }
        return out
    }
}

extension Data {
    /// Appends a fixed-width integer in little-endian byte order.
    public mutating func appendLittleEndian<T: FixedWidthInteger>(_ value: T) {
        var little = value.littleEndian
        Swift.withUnsafeBytes(of: &little) { append(contentsOf: $0) }
    }
}
