import BN254
import Foundation
import SnarkjsBinary

/// circom/snarkjs `.wtns` files, format version 2 (iden3 wtns spec as written by circom's
/// witness calculators and read by snarkjs `wtnsUtils`): section 1 = u32 n8, the prime (n8 bytes
/// LE), u32 count; section 2 = count values of n8 bytes LE in normal form. BN254 only (n8 = 32).
public enum WtnsFile {
    /// Reads and validates the witness file at `url`.
    public static func read(contentsOf url: URL) throws(BinaryFormatError) -> Witness {
        try decode(BinaryContainer(contentsOf: url, magic: "wtns", supportedVersions: [2]))
    }

    /// Parses and validates `data`; `fileName` names the file in errors.
    public static func decode(_ data: Data, fileName: String) throws(BinaryFormatError) -> Witness {
        try decode(BinaryContainer(data: data, magic: "wtns", fileName: fileName, supportedVersions: [2]))
    }

    private static func decode(_ container: BinaryContainer) throws(BinaryFormatError) -> Witness {
        let file = container.fileName
        var header = try container.section(1, name: "header")
        try FieldEncoding.readPrime(&header, section: "header")
        let count = try header.u32("header witness count")
        guard header.remaining == 0 else {
            throw .invalidField(file: file, field: "header", reason: "\(header.remaining) unexpected bytes after the witness count")
        }
        var valuesSection = try container.section(2, name: "witness values")
        let expected = Int(count) * FieldEncoding.n8
        guard valuesSection.remaining >= expected else {
            throw .truncated(file: file, field: "witness values (header declares \(count), section 2 holds \(valuesSection.remaining) bytes)")
        }
        guard valuesSection.remaining == expected else {
            throw .invalidField(file: file, field: "witness values", reason: "\(valuesSection.remaining - expected) bytes after value \(count)")
        }
        guard count > 0 else { throw .invalidField(file: file, field: "header witness count", reason: "0, but wire 0 must be present") }
        let bytes = try valuesSection.bytes(expected, field: "witness values")
        let values = bytes.withUnsafeBytes { raw -> Result<[Fr], BinaryFormatError> in
            var cursor = ByteCursor(bytes: raw)
            var values: [Fr] = []
            values.reserveCapacity(Int(count))
            while let limbs = cursor.limbs() {
                guard limbs.isLess(than: Fr.modulusLimbs) else {
                    return .failure(.invalidField(
                        file: file, field: "witness value \(values.count)", reason: "\(FieldEncoding.decimal(limbs)) is not below r"))
                }
                values.append(Fr(canonicalLimbs: limbs))
            }
            return .success(values)
        }
        return try Witness(values: values.get())
    }

    /// The encoded file (version 2, BN254's r, values in normal form).
    public static func encode(_ witness: Witness) -> Data {
        var header = ByteWriter(capacity: 8 + FieldEncoding.n8)
        header.u32(UInt32(FieldEncoding.n8))
        header.raw(FieldEncoding.primeBytes)
        header.u32(UInt32(witness.values.count))
        var values = ByteWriter(capacity: FieldEncoding.n8 * witness.values.count)
        for value in witness.values { values.element(value) }
        var writer = BinaryContainerWriter(magic: "wtns", version: 2)
        writer.append(section: 1, payload: header.data)
        writer.append(section: 2, payload: values.data)
        return writer.data
    }
}
