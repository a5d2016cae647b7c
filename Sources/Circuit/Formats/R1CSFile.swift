import BN254
import Foundation
import SnarkjsBinary

/// Where the header section sits in an `.r1cs` file: circom 2.0 and older write sections 1, 2, 3;
/// circom 2.1 and later write 2, 1, 3 (the spec allows any order).
public enum R1CSSectionOrder: Sendable {
    /// Header (1), constraints (2), wire-to-label map (3).
    case headerFirst
    /// Constraints (2), header (1), wire-to-label map (3).
    case constraintsFirst
}

/// A circom `.r1cs` file, binary format version 1 (iden3 r1csfile spec,
/// github.com/iden3/r1csfile/blob/master/doc/r1cs_bin_format.md), restricted to BN254 (n8 = 32).
/// Sections other than 1–3 (circom 2.1's custom-gate sections 4 and 5) are skipped on reading
/// and listed in `skippedSections`; they are not written back.
public struct R1CSFile: Sendable {
    /// The system.
    public var r1cs: R1CS
    /// The order the header and constraint sections are written in.
    public var sectionOrder: R1CSSectionOrder
    /// Types of the sections that were read but not interpreted.
    public private(set) var skippedSections: [UInt32] = []

    /// A file holding `r1cs`.
    public init(r1cs: R1CS, sectionOrder: R1CSSectionOrder = .headerFirst) {
        self.r1cs = r1cs
        self.sectionOrder = sectionOrder
    }

    /// Reads and validates the file at `url`.
    public init(contentsOf url: URL) throws(BinaryFormatError) {
        let container = try BinaryContainer(contentsOf: url, magic: "r1cs", supportedVersions: [1])
        try self.init(container: container)
    }

    /// Parses and validates `data`; `fileName` names the file in errors.
    public init(data: Data, fileName: String) throws(BinaryFormatError) {
        try self.init(container: BinaryContainer(data: data, magic: "r1cs", fileName: fileName, supportedVersions: [1]))
    }

    private init(container: BinaryContainer) throws(BinaryFormatError) {
        let file = container.fileName
        var header = try container.section(1, name: "header")
        try FieldEncoding.readPrime(&header, section: "header")
        let nWires = try header.u32("header nWires")
        let nPubOut = try header.u32("header nPubOut")
        let nPubIn = try header.u32("header nPubIn")
        let nPrvIn = try header.u32("header nPrvIn")
        let nLabels = try header.u64("header nLabels")
        let nConstraints = try header.u32("header nConstraints")
        guard header.remaining == 0 else {
            throw .invalidField(file: file, field: "header", reason: "\(header.remaining) unexpected bytes after nConstraints")
        }
        guard 1 + UInt64(nPubOut) + UInt64(nPubIn) + UInt64(nPrvIn) <= UInt64(nWires) else {
            throw .invalidField(
                file: file, field: "header nWires",
                reason: "\(nWires) wires cannot hold 1 + \(nPubOut) + \(nPubIn) + \(nPrvIn) signals")
        }
        var constraintSection = try container.section(2, name: "constraints")
        let constraintBytes = try constraintSection.bytes(constraintSection.remaining, field: "constraints")
        guard Int(nConstraints) <= constraintBytes.count / 12 else {
            throw .invalidField(
                file: file, field: "header nConstraints",
                reason: "\(nConstraints) constraints need at least \(12 * UInt64(nConstraints)) bytes, section 2 has \(constraintBytes.count)")
        }
        let matrices = try constraintBytes.withUnsafeBytes { raw in
            Self.parseConstraints(raw, count: Int(nConstraints), nWires: nWires, file: file)
        }.get()
        var labels: [UInt64]?
        if container.hasSection(3) {
            var mapSection = try container.section(3, name: "wire-to-label map")
            guard mapSection.remaining == Int(nWires) * 8 else {
                throw .invalidField(
                    file: file, field: "wire-to-label map",
                    reason: "\(mapSection.remaining) bytes, expected 8 per wire = \(Int(nWires) * 8)")
            }
            let mapBytes = try mapSection.bytes(mapSection.remaining, field: "wire-to-label map")
            labels = try mapBytes.withUnsafeBytes { raw in Self.parseLabels(raw, nLabels: nLabels, file: file) }.get()
        }
        let types = container.sectionTypes
        let headerIndex = types.firstIndex(of: 1) ?? 0
        let constraintsIndex = types.firstIndex(of: 2) ?? 0
        sectionOrder = headerIndex < constraintsIndex ? .headerFirst : .constraintsFirst
        skippedSections = types.filter { !(1...3).contains($0) }
        r1cs = R1CS(
            nWires: Int(nWires), nPublicOutputs: Int(nPubOut), nPublicInputs: Int(nPubIn),
            nPrivateInputs: Int(nPrvIn), nLabels: nLabels, wireLabels: labels,
            a: matrices[0], b: matrices[1], c: matrices[2])
    }

    /// Section 2: per constraint, A, B, C as u32 nTerms then nTerms × (u32 wireId, 32-byte coefficient).
    private static func parseConstraints(
        _ raw: UnsafeRawBufferPointer, count: Int, nWires: UInt32, file: String
    ) -> Result<[SparseMatrix], BinaryFormatError> {
        let sides = ["A", "B", "C"]
        var cursor = ByteCursor(bytes: raw)
        var matrices = [SparseMatrix(), SparseMatrix(), SparseMatrix()]
        for side in 0..<3 { matrices[side].reserveCapacity(rows: count, terms: 0) }
        for constraint in 0..<count {
            for side in 0..<3 {
                let place = { "constraint \(constraint) \(sides[side])" }
                guard let termCount = cursor.u32() else { return .failure(.truncated(file: file, field: "\(place()) nTerms")) }
                guard Int(termCount) <= cursor.remaining / 36 else {
                    return .failure(.truncated(file: file, field: "\(place()) (declares \(termCount) terms)"))
                }
                for term in 0..<Int(termCount) {
                    guard let wire = cursor.u32(), let limbs = cursor.limbs() else {
                        return .failure(.truncated(file: file, field: "\(place()) term \(term)"))
                    }
                    guard wire < nWires else {
                        return .failure(.invalidField(
                            file: file, field: "\(place()) term \(term) wire id", reason: "\(wire) is not below nWires = \(nWires)"))
                    }
                    guard limbs.isLess(than: Fr.modulusLimbs) else {
                        return .failure(.invalidField(
                            file: file, field: "\(place()) term \(term) coefficient",
                            reason: "\(FieldEncoding.decimal(limbs)) is not below r"))
                    }
                    matrices[side].append(SparseTerm(wire: wire, coefficient: Fr(canonicalLimbs: limbs)))
                }
                matrices[side].endRow()
            }
        }
        guard cursor.remaining == 0 else {
            return .failure(.invalidField(file: file, field: "constraints", reason: "\(cursor.remaining) bytes after the last constraint"))
        }
        return .success(matrices)
    }

    /// Section 3: one u64 label id per wire, each below nLabels.
    private static func parseLabels(_ raw: UnsafeRawBufferPointer, nLabels: UInt64, file: String) -> Result<[UInt64], BinaryFormatError> {
        var cursor = ByteCursor(bytes: raw)
        var labels: [UInt64] = []
        labels.reserveCapacity(raw.count / 8)
        while let label = cursor.u64() {
            guard label < nLabels else {
                return .failure(.invalidField(
                    file: file, field: "wire-to-label map entry \(labels.count)", reason: "label \(label) is not below nLabels = \(nLabels)"))
            }
            labels.append(label)
        }
        return .success(labels)
    }

    /// The encoded file: header, constraints (coefficients in normal form) and, when the system
    /// has labels, the wire-to-label map, in `sectionOrder`.
    public var data: Data {
        var header = ByteWriter(capacity: 4 + FieldEncoding.n8 + 28)
        header.u32(UInt32(FieldEncoding.n8))
        header.raw(FieldEncoding.primeBytes)
        for count in [r1cs.nWires, r1cs.nPublicOutputs, r1cs.nPublicInputs, r1cs.nPrivateInputs] { header.u32(UInt32(count)) }
        header.u64(r1cs.nLabels)
        header.u32(UInt32(r1cs.constraintCount))

        let matrices = [r1cs.a, r1cs.b, r1cs.c]
        let termCount = matrices.reduce(0) { $0 + $1.terms.count }
        var constraints = ByteWriter(capacity: 12 * r1cs.constraintCount + 36 * termCount)
        for row in 0..<r1cs.constraintCount {
            for matrix in matrices {
                let terms = matrix[row]
                constraints.u32(UInt32(terms.count))
                for term in terms {
                    constraints.u32(term.wire)
                    constraints.element(term.coefficient)
                }
            }
        }

        var writer = BinaryContainerWriter(magic: "r1cs", version: 1)
        switch sectionOrder {
        case .headerFirst:
            writer.append(section: 1, payload: header.data)
            writer.append(section: 2, payload: constraints.data)
        case .constraintsFirst:
            writer.append(section: 2, payload: constraints.data)
            writer.append(section: 1, payload: header.data)
        }
        if let labels = r1cs.wireLabels {
            var map = ByteWriter(capacity: 8 * labels.count)
            for label in labels { map.u64(label) }
            writer.append(section: 3, payload: map.data)
        }
        return writer.data
    }
}
