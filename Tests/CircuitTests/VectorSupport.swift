import BN254
import Circuit
import Foundation
import Testing
import SnarkjsBinary

/// The repository's `Vectors/` folder, found from this file's path.
let vectorsDirectory = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("Vectors")

/// The bytes of `Vectors/<path>`.
func vectorData(_ path: String) throws -> Data {
    try Data(contentsOf: vectorsDirectory.appendingPathComponent(path))
}

/// A snarkjs `public.json` (an array of decimal strings) as field elements.
func publicSignals(_ path: String) throws -> [Fr] {
    let strings = try JSONDecoder().decode([String].self, from: vectorData(path))
    return try strings.map { try Fr($0) }
}

/// The absolute offset of section `type`'s payload in a binfile container.
func sectionPayloadOffset(_ data: Data, type wanted: UInt32) -> Int? {
    func u32(_ at: Int) -> UInt32 { (0..<4).reduce(0) { $0 | UInt32(data[at + $1]) << UInt32(8 * $1) } }
    func u64(_ at: Int) -> Int { (0..<8).reduce(0) { $0 | Int(data[at + $1]) << (8 * $1) } }
    var offset = 12
    for _ in 0..<u32(8) {
        if u32(offset) == wanted { return offset + 12 }
        offset += 12 + u64(offset + 4)
    }
    return nil
}

/// `data` with the little-endian u32 at `offset` replaced.
func patchingU32(_ data: Data, at offset: Int, _ value: UInt32) -> Data {
    var copy = data
    for i in 0..<4 { copy[offset + i] = UInt8(truncatingIfNeeded: value >> UInt32(8 * i)) }
    return copy
}

/// The file and field a format error names (nil for errors without a field).
func namedField(_ error: BinaryFormatError) -> (file: String, field: String?) {
    switch error {
    case let .truncated(file, field), let .invalidField(file, field, _): return (file, field)
    case let .unreadable(file, _), let .wrongMagic(file, _, _), let .unsupportedVersion(file, _, _),
         let .missingSection(file, _, _), let .duplicateSection(file, _):
        return (file, nil)
    }
}

/// Expects `body` to throw a `BinaryFormatError` naming `file` and a field starting with `field`.
func expectFormatError(
    file: String, field: String, sourceLocation: SourceLocation = #_sourceLocation,
    _ body: () throws -> Void
) {
    do {
        try body()
        Issue.record("expected an error naming \(field)", sourceLocation: sourceLocation)
    } catch let error as BinaryFormatError {
        let named = namedField(error)
        #expect(named.file == file, sourceLocation: sourceLocation)
        #expect(named.field?.hasPrefix(field) == true, "\(error)", sourceLocation: sourceLocation)
    } catch {
        Issue.record("expected a BinaryFormatError, got \(error)", sourceLocation: sourceLocation)
    }
}
