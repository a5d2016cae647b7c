import BN254
import Foundation
import SnarkjsBinary

// snarkjs's Groth16 proving key (`.zkey`, format version 1, protocol 1), as written by
// `snarkjs zkey new` and read by `snarkjs groth16 prove` and rapidsnark:
//   1 header (u32 protocol = 1)         6 B1: nVars G1 points
//   2 Groth16 header (below)            7 B2: nVars G2 points
//   3 IC: nPublic + 1 G1 points         8 C: nVars − nPublic − 1 G1 points
//   4 coefficients of A and B           9 H: domainSize G1 points
//   5 A: nVars G1 points               10 contributions (phase-2 transcript, `PhaseTwoTranscript`)
// Section 2: u32 n8q, q, u32 n8r, r, u32 nVars, u32 nPublic, u32 domainSize, α1, β1, β2, γ2, δ1,
// δ2. Coordinates are 32-byte little-endian Montgomery form (x·2^256 mod q), G2 as x.c0, x.c1,
// y.c0, y.c1; the point at infinity is all zeros. Coefficients are u32 matrix, u32 constraint,
// u32 signal, then the value v stored as v·2^512 mod r little-endian (so that snarkjs's
// Montgomery arithmetic reads it as v·2^256).

extension ProvingKey {
    /// Reads a Groth16 `.zkey`. Every coordinate is checked to be below q and on its curve; the
    /// G2 points of the verification key are checked to be in G2 (the per-wire B2 points are not
    /// subgroup-checked: a bad one can only make proofs fail to verify, and proofs are verified).
    public init(zkeyData data: Data, file: String, observer: StageObserver? = nil) throws(BinaryFormatError) {
        try self.init(zkeyData: data, file: file, observer: observer, mapping: nil)
    }

    /// The parser; with `mapping` (the file `data` maps), each section's pages are discarded as
    /// they are decoded, so that the file is not resident next to the key.
    private init(zkeyData data: Data, file: String, observer: StageObserver?, mapping: MappedFile?) throws(BinaryFormatError) {
        var stages = StageCounter(observer, stages: 7)
        stages.begin("header and verification key")
        let container = try BinaryContainer(data: data, magic: "zkey", fileName: file, supportedVersions: [1])
        var header = try container.section(1, name: "header")
        let protocolId = try header.u32("protocol")
        guard protocolId == 1 else {
            throw .invalidField(file: file, field: "protocol", reason: "\(protocolId) is not Groth16 (1); PLONK is 2, FFLONK 10")
        }
        var reader = try container.section(2, name: "Groth16 header")
        try ZKeyCodec.expectPrime(&reader, modulus: Fq.modulusLimbs, name: "q")
        try ZKeyCodec.expectPrime(&reader, modulus: Fr.modulusLimbs, name: "r")
        let byteLimit = data.count
        variableCount = try reader.count("nVars", limit: byteLimit / 64)
        publicInputCount = try reader.count("nPublic", limit: max(0, variableCount - 1))
        domainSize = try reader.count("domainSize", limit: byteLimit / 64)
        guard domainSize > 0, domainSize & (domainSize - 1) == 0, domainSize <= 1 << 28 else {
            throw .invalidField(file: file, field: "domainSize", reason: "\(domainSize) is not a power of two up to 2^28")
        }
        alpha1 = try ZKeyCodec.g1(&reader, field: "alpha1")
        beta1 = try ZKeyCodec.g1(&reader, field: "beta1")
        beta2 = try ZKeyCodec.g2(&reader, field: "beta2", subgroupChecked: true)
        gamma2 = try ZKeyCodec.g2(&reader, field: "gamma2", subgroupChecked: true)
        delta1 = try ZKeyCodec.g1(&reader, field: "delta1")
        delta2 = try ZKeyCodec.g2(&reader, field: "delta2", subgroupChecked: true)

        ic = try ZKeyCodec.g1Section(container, 3, name: "IC", count: publicInputCount + 1)
        do { _ = try VerificationKey(alpha1: alpha1, beta2: beta2, gamma2: gamma2, delta2: delta2, ic: ic) } catch {
            throw .invalidField(file: file, field: "verification key (sections 2 and 3)", reason: error.description)
        }
        for (name, point) in [("beta1", beta1), ("delta1", delta1)] where point.isInfinity {
            throw .invalidField(file: file, field: name, reason: "is the point at infinity: the key is degenerate")
        }
        stages.begin("coefficients")
        var coefficientReader = try container.section(4, name: "coefficients")
        let coefficientCount = try coefficientReader.count("coefficient count", limit: coefficientReader.remaining / 44)
        let payload = try coefficientReader.bytes(coefficientCount * 44, field: "coefficients")
        let (domainSize, variableCount) = (self.domainSize, self.variableCount)
        var badIndex: Int?
        let coefficients = payload.withUnsafeBytes { raw -> [Coefficient] in
            var coefficients: [Coefficient] = []
            coefficients.reserveCapacity(coefficientCount)
            for index in 0..<coefficientCount {
                let offset = index * 44
                ZKeyCodec.discardDecoded(raw, before: index, recordSize: 44, from: mapping)
                func word(_ at: Int) -> UInt32 { UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: offset + at, as: UInt32.self)) }
                let (matrix, constraint, signal) = (word(0), word(4), word(8))
                let stored = ZKeyCodec.rawLimbs(raw, offset + 12)
                guard matrix <= 1, Int(constraint) < domainSize, Int(signal) < variableCount, stored.isLess(than: Fr.modulusLimbs) else {
                    badIndex = index
                    return []
                }
                // stored = v·2^512; its Montgomery reduction v·2^256 is our representation of v.
                let value = Fr(montgomeryLimbs: Fr.montgomeryMultiply(stored, Limbs(l0: 1, l1: 0, l2: 0, l3: 0)))
                coefficients.append(Coefficient(matrix: matrix, constraint: constraint, signal: signal, value: value))
            }
            mapping?.discard(raw)
            return coefficients
        }
        if let badIndex {
            throw .invalidField(file: file, field: "coefficient \(badIndex)",
                                reason: "matrix, constraint or signal out of range, or value not below r")
        }
        self.coefficients = coefficients
        stages.begin("A points (G1, checked on the curve)")
        a = try ZKeyCodec.g1Section(container, 5, name: "A", count: variableCount, discardingFrom: mapping)
        stages.begin("B1 points (G1)")
        b1 = try ZKeyCodec.g1Section(container, 6, name: "B1", count: variableCount, discardingFrom: mapping)
        stages.begin("B2 points (G2)")
        b2 = try ZKeyCodec.g2Section(container, 7, name: "B2", count: variableCount, discardingFrom: mapping)
        stages.begin("C points (G1)")
        c = try ZKeyCodec.g1Section(container, 8, name: "C", count: variableCount - publicInputCount - 1, discardingFrom: mapping)
        stages.begin("H points (G1)")
        h = try ZKeyCodec.g1Section(container, 9, name: "H", count: domainSize, discardingFrom: mapping)
    }

    /// Reads a `.zkey` file from disk, mapped and discarded as it is decoded (`MappedFile`).
    public init(zkeyAt url: URL, observer: StageObserver? = nil) throws(BinaryFormatError) {
        let mapping = try MappedFile(url: url)
        try self.init(zkeyData: mapping.data, file: url.path, observer: observer, mapping: mapping)
    }

    /// The key as a snarkjs `.zkey` file, its sections in the order `snarkjs zkey new` writes them (1, 2, 4, 3, 9,
    /// 8, 5, 6, 7, 10), so a key read from snarkjs is rewritten byte for byte. Section 10 carries the circuit hash
    /// `circuitHash` (64 bytes, zeros when unknown) and the phase-2 `contributions` (none by default).
    public func zkeyData(circuitHash: [UInt8] = [UInt8](repeating: 0, count: 64), contributions: [PhaseTwoContribution] = []) -> Data {
        precondition(circuitHash.count == 64, "the circuit hash is 64 bytes")
        var writer = BinaryContainerWriter(magic: "zkey", version: 1)
        var header = Data()
        header.appendLittleEndian(UInt32(1))
        writer.append(section: 1, payload: header)

        var groth = Data()
        for modulus in [Fq.modulusLimbs, Fr.modulusLimbs] {
            groth.appendLittleEndian(UInt32(32))
            ZKeyCodec.append(modulus, to: &groth)
        }
        groth.appendLittleEndian(UInt32(variableCount))
        groth.appendLittleEndian(UInt32(publicInputCount))
        groth.appendLittleEndian(UInt32(domainSize))
        ZKeyCodec.append(alpha1, to: &groth)
        ZKeyCodec.append(beta1, to: &groth)
        ZKeyCodec.append(beta2, to: &groth)
        ZKeyCodec.append(gamma2, to: &groth)
        ZKeyCodec.append(delta1, to: &groth)
        ZKeyCodec.append(delta2, to: &groth)
        writer.append(section: 2, payload: groth)

        var coefficientData = Data(capacity: 4 + coefficients.count * 44)
        coefficientData.appendLittleEndian(UInt32(coefficients.count))
        for coefficient in coefficients {
            coefficientData.appendLittleEndian(coefficient.matrix)
            coefficientData.appendLittleEndian(coefficient.constraint)
            coefficientData.appendLittleEndian(coefficient.signal)
            ZKeyCodec.append(Fr.montgomeryMultiply(coefficient.value.montgomeryLimbs, Fr.montgomeryR2Limbs), to: &coefficientData)
        }
        writer.append(section: 4, payload: coefficientData)
        writer.append(section: 3, payload: ZKeyCodec.encode(ic))
        writer.append(section: 9, payload: ZKeyCodec.encode(h))
        writer.append(section: 8, payload: ZKeyCodec.encode(c))
        writer.append(section: 5, payload: ZKeyCodec.encode(a))
        writer.append(section: 6, payload: ZKeyCodec.encode(b1))
        var b2Data = Data(capacity: b2.count * 128)
        for point in b2 { ZKeyCodec.append(point, to: &b2Data) }
        writer.append(section: 7, payload: b2Data)
        writer.append(section: 10, payload: PhaseTwoTranscript(circuitHash: circuitHash, contributions: contributions).sectionPayload)
        return writer.data
    }
}

/// Little-endian Montgomery-form coordinates as zkey and ptau files store them.
package enum ZKeyCodec {
    package static func limbs(_ reader: inout BinaryReader, field: String) throws(BinaryFormatError) -> Limbs {
        try reader.bytes(32, field: field).withUnsafeBytes { rawLimbs($0, 0) }
    }

    package static func fq(_ reader: inout BinaryReader, field: String) throws(BinaryFormatError) -> Fq {
        let raw = try limbs(&reader, field: field)
        guard raw.isLess(than: Fq.modulusLimbs) else {
            throw .invalidField(file: reader.fileName, field: field, reason: "coordinate not below q")
        }
        return Fq(montgomeryLimbs: raw)
    }

    package static func g1(_ reader: inout BinaryReader, field: String) throws(BinaryFormatError) -> G1Affine {
        let x = try fq(&reader, field: field + ".x"), y = try fq(&reader, field: field + ".y")
        if x.isZero && y.isZero { return .infinity }
        let point = G1Affine(x: x, y: y)
        guard point.isOnCurve else { throw .invalidField(file: reader.fileName, field: field, reason: "point not on G1") }
        return point
    }

    package static func g2(_ reader: inout BinaryReader, field: String, subgroupChecked: Bool) throws(BinaryFormatError) -> G2Affine {
        let x = Fq2(try fq(&reader, field: field + ".x.c0"), try fq(&reader, field: field + ".x.c1"))
        let y = Fq2(try fq(&reader, field: field + ".y.c0"), try fq(&reader, field: field + ".y.c1"))
        if x.isZero && y.isZero { return .infinity }
        let point = G2Affine(x: x, y: y)
        guard point.isOnCurve else { throw .invalidField(file: reader.fileName, field: field, reason: "point not on the G2 twist") }
        if subgroupChecked && !point.isInSubgroup {
            throw .invalidField(file: reader.fileName, field: field, reason: "point not in the order-r subgroup of G2")
        }
        return point
    }

    /// The decoded bytes of a large section are handed back to their `MappedFile` this often (in records).
    static let discardEvery = 1 << 18

    /// Every `discardEvery` records, discards the last `discardEvery` records of `raw` before record `index`.
    static func discardDecoded(_ raw: UnsafeRawBufferPointer, before index: Int, recordSize: Int, from mapping: MappedFile?) {
        guard let mapping, index % discardEvery == 0 else { return }
        mapping.discard(UnsafeRawBufferPointer(rebasing: raw[max(0, index - discardEvery) * recordSize..<index * recordSize]))
    }

    package static func g1Section(_ container: BinaryContainer, _ type: UInt32, name: String, count: Int,
                                  discardingFrom mapping: MappedFile? = nil) throws(BinaryFormatError) -> [G1Affine] {
        try pointSection(container, type, name: name, count: count, size: 64, mapping: mapping) { raw, offset in
            let x = rawLimbs(raw, offset), y = rawLimbs(raw, offset + 32)
            guard x.isLess(than: Fq.modulusLimbs), y.isLess(than: Fq.modulusLimbs) else { return nil }
            if x.isZero && y.isZero { return .infinity }
            let point = G1Affine(x: Fq(montgomeryLimbs: x), y: Fq(montgomeryLimbs: y))
            return point.isOnCurve ? point : nil
        }
    }

    /// G2 points (not subgroup-checked: see `ProvingKey.init(zkeyData:file:)`).
    package static func g2Section(_ container: BinaryContainer, _ type: UInt32, name: String, count: Int,
                                  discardingFrom mapping: MappedFile? = nil) throws(BinaryFormatError) -> [G2Affine] {
        try pointSection(container, type, name: name, count: count, size: 128, mapping: mapping) { raw, offset in
            let coordinates = (0..<4).map { rawLimbs(raw, offset + 32 * $0) }
            guard coordinates.allSatisfy({ $0.isLess(than: Fq.modulusLimbs) }) else { return nil }
            if coordinates.allSatisfy(\.isZero) { return .infinity }
            let point = G2Affine(
                x: Fq2(Fq(montgomeryLimbs: coordinates[0]), Fq(montgomeryLimbs: coordinates[1])),
                y: Fq2(Fq(montgomeryLimbs: coordinates[2]), Fq(montgomeryLimbs: coordinates[3])))
            return point.isOnCurve ? point : nil
        }
    }

    /// A section of `count` points of `size` bytes, decoded straight from the file's bytes;
    /// `decode` returns nil for a coordinate ≥ q or a point off its curve, and only then is the
    /// error message (naming the point) built. With `mapping`, the decoded bytes are discarded as it goes.
    private static func pointSection<Point>(
        _ container: BinaryContainer, _ type: UInt32, name: String, count: Int, size: Int, mapping: MappedFile?,
        decode: (UnsafeRawBufferPointer, Int) -> Point?
    ) throws(BinaryFormatError) -> [Point] {
        var reader = try container.section(type, name: name)
        guard reader.remaining == count * size else {
            throw .invalidField(file: container.fileName, field: "section \(type) (\(name))",
                                reason: "holds \(reader.remaining) bytes, expected \(count) points (\(count * size) bytes)")
        }
        let payload = try reader.bytes(count * size, field: name)
        var badIndex: Int?
        let points = payload.withUnsafeBytes { raw -> [Point] in
            var points: [Point] = []
            points.reserveCapacity(count)
            for index in 0..<count {
                discardDecoded(raw, before: index, recordSize: size, from: mapping)
                guard let point = decode(raw, index * size) else {
                    badIndex = index
                    return []
                }
                points.append(point)
            }
            mapping?.discard(raw)
            return points
        }
        if let badIndex {
            throw .invalidField(file: container.fileName, field: "\(name)[\(badIndex)]", reason: "coordinate not below q, or point not on its curve")
        }
        return points
    }

    /// Four little-endian limbs at `offset`.
    package static func rawLimbs(_ raw: UnsafeRawBufferPointer, _ offset: Int) -> Limbs {
        Limbs(
            l0: UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: offset, as: UInt64.self)),
            l1: UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: offset + 8, as: UInt64.self)),
            l2: UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: offset + 16, as: UInt64.self)),
            l3: UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: offset + 24, as: UInt64.self)))
    }

    package static func expectPrime(_ reader: inout BinaryReader, modulus: Limbs, name: String) throws(BinaryFormatError) {
        let size = try reader.u32("n8\(name)")
        guard size == 32 else {
            throw .invalidField(file: reader.fileName, field: "n8\(name)", reason: "\(size) bytes; BN254 uses 32")
        }
        let prime = try limbs(&reader, field: name)
        guard prime.isEqual(to: modulus) else {
            throw .invalidField(file: reader.fileName, field: name, reason: "the prime is not BN254's (this key is for another curve)")
        }
    }

    package static func append(_ limbs: Limbs, to data: inout Data) {
        data.appendLittleEndian(limbs.l0)
        data.appendLittleEndian(limbs.l1)
        data.appendLittleEndian(limbs.l2)
        data.appendLittleEndian(limbs.l3)
    }

    package static func append(_ point: G1Affine, to data: inout Data) {
        let zero = Limbs.zeroLimbs
        append(point.isInfinity ? zero : point.x.montgomeryLimbs, to: &data)
        append(point.isInfinity ? zero : point.y.montgomeryLimbs, to: &data)
    }

    package static func append(_ point: G2Affine, to data: inout Data) {
        for coordinate in [point.x.c0, point.x.c1, point.y.c0, point.y.c1] {
            append(point.isInfinity ? .zeroLimbs : coordinate.montgomeryLimbs, to: &data)
        }
    }

    package static func encode(_ points: [G1Affine]) -> Data {
        var data = Data(capacity: points.count * 64)
        for point in points { append(point, to: &data) }
        return data
    }
}

/// One phase-2 contribution as snarkjs records it in section 10 of a `.zkey` (snarkjs
/// `src/zkey_utils.js`, readContribution/writeContribution): the δ1 it produced, its proof of
/// knowledge of the multiplier δ' (g1_s, g1_sx = δ'·g1_s, g2_spx = δ'·hashToG2(transcript)),
/// the transcript hash it signed, its type (0 a contribution, 1 a random beacon) and optional
/// parameters. Layout: deltaAfter, g1_s, g1_sx (G1), g2_spx (G2), 64-byte transcript, u32 type,
/// u32 parameter length, then parameters as (u8 tag, value) in increasing tag order: 1 the name
/// (u8 length, UTF-8), 2 the beacon's numIterationsExp (u8), 3 the beacon hash (u8 length, bytes).
public struct PhaseTwoContribution: Sendable, Equatable {
    /// δ1 after this contribution.
    public var deltaAfter: G1Affine
    /// A random G1 point s.
    public var g1S: G1Affine
    /// δ'·s.
    public var g1SX: G1Affine
    /// δ'·hashToG2(transcript).
    public var g2SPX: G2Affine
    /// BLAKE2b-512 of the circuit hash, the earlier contributions and g1_s, g1_sx.
    public var transcript: [UInt8]
    /// 0 for a participant's contribution, 1 for a beacon.
    public var type: UInt32
    /// The participant's name (snarkjs keeps at most 64 UTF-16 code units of it).
    public var name: String?
    /// A beacon's iteration exponent (type 1 only).
    public var numIterationsExp: UInt8?
    /// A beacon's hash (type 1 only).
    public var beaconHash: [UInt8]?

    /// A contribution record.
    public init(deltaAfter: G1Affine, g1S: G1Affine, g1SX: G1Affine, g2SPX: G2Affine, transcript: [UInt8], type: UInt32 = 0,
                name: String? = nil, numIterationsExp: UInt8? = nil, beaconHash: [UInt8]? = nil) {
        precondition(transcript.count == 64, "the transcript hash is 64 bytes")
        (self.deltaAfter, self.g1S, self.g1SX, self.g2SPX, self.transcript) = (deltaAfter, g1S, g1SX, g2SPX, transcript)
        (self.type, self.name, self.numIterationsExp, self.beaconHash) = (type, name, numIterationsExp, beaconHash)
    }

    /// The smallest record: four points, the transcript, type and an empty parameter list.
    static let minimumSize = 3 * 64 + 128 + 64 + 4 + 4
}

/// Section 10 of a snarkjs `.zkey` (snarkjs `src/zkey_utils.js`, readMPCParams/writeMPCParams):
/// the 64-byte circuit hash (csHash, BLAKE2b-512 over the initial key), a u32 count, then that
/// many `PhaseTwoContribution` records.
public struct PhaseTwoTranscript: Sendable, Equatable {
    /// BLAKE2b-512 of the key `snarkjs zkey new` built (δ = 1), in snarkjs's hashing layout.
    public var circuitHash: [UInt8]
    /// The contributions, oldest first.
    public var contributions: [PhaseTwoContribution]

    /// A transcript with this circuit hash and contributions.
    public init(circuitHash: [UInt8], contributions: [PhaseTwoContribution] = []) {
        precondition(circuitHash.count == 64, "the circuit hash is 64 bytes")
        self.circuitHash = circuitHash
        self.contributions = contributions
    }

    /// Reads section 10 of a `.zkey`. The count is bounded by what the section can hold, every
    /// point is checked on its curve (g2_spx also in G2), and the parameters must be snarkjs's.
    public init(zkeyData data: Data, file: String) throws(BinaryFormatError) {
        try self.init(container: try BinaryContainer(data: data, magic: "zkey", fileName: file, supportedVersions: [1]))
    }

    /// Reads section 10 of a `.zkey` file on disk.
    public init(zkeyAt url: URL) throws(BinaryFormatError) {
        try self.init(container: try BinaryContainer(contentsOf: url, magic: "zkey", supportedVersions: [1]))
    }

    private init(container: BinaryContainer) throws(BinaryFormatError) {
        let file = container.fileName
        var reader = try container.section(10, name: "contributions")
        circuitHash = Array(try reader.bytes(64, field: "csHash"))
        let count = try reader.count("contribution count", limit: reader.remaining / PhaseTwoContribution.minimumSize)
        contributions = []
        contributions.reserveCapacity(count)
        for index in 0..<count { contributions.append(try Self.contribution(&reader, "contribution \(index)")) }
        guard reader.remaining == 0 else {
            throw .invalidField(file: file, field: "section 10 (contributions)", reason: "\(reader.remaining) bytes after the last contribution")
        }
    }

    private static func contribution(_ reader: inout BinaryReader, _ field: String) throws(BinaryFormatError) -> PhaseTwoContribution {
        let deltaAfter = try ZKeyCodec.g1(&reader, field: field + ".deltaAfter")
        let g1S = try ZKeyCodec.g1(&reader, field: field + ".g1_s")
        let g1SX = try ZKeyCodec.g1(&reader, field: field + ".g1_sx")
        let g2SPX = try ZKeyCodec.g2(&reader, field: field + ".g2_spx", subgroupChecked: true)
        var record = PhaseTwoContribution(deltaAfter: deltaAfter, g1S: g1S, g1SX: g1SX, g2SPX: g2SPX,
                                          transcript: Array(try reader.bytes(64, field: field + ".transcript")))
        record.type = try reader.u32(field + ".type")
        let parameterLength = try reader.count(field + ".parameter length", limit: reader.remaining)
        var parameters = BinaryReader(data: try reader.bytes(parameterLength, field: field + ".parameters"), fileName: reader.fileName)
        var lastTag: UInt8 = 0
        while parameters.remaining > 0 {
            let tag = try parameters.bytes(1, field: field + ".parameter tag").first!
            guard tag > lastTag else {
                throw .invalidField(file: reader.fileName, field: field + ".parameters", reason: "tags not in increasing order")
            }
            lastTag = tag
            switch tag {
            case 1:
                let length = Int(try parameters.bytes(1, field: field + ".name length").first!)
                let bytes = try parameters.bytes(length, field: field + ".name")
                record.name = String(decoding: bytes, as: UTF8.self)
            case 2:
                record.numIterationsExp = try parameters.bytes(1, field: field + ".numIterationsExp").first!
            case 3:
                let length = Int(try parameters.bytes(1, field: field + ".beacon hash length").first!)
                record.beaconHash = Array(try parameters.bytes(length, field: field + ".beacon hash"))
            default:
                throw .invalidField(file: reader.fileName, field: field + ".parameters", reason: "unknown parameter tag \(tag)")
            }
        }
        return record
    }

    /// The section's bytes, as snarkjs writes them.
    public var sectionPayload: Data {
        var data = Data(circuitHash)
        data.appendLittleEndian(UInt32(contributions.count))
        for record in contributions {
            for point in [record.deltaAfter, record.g1S, record.g1SX] { ZKeyCodec.append(point, to: &data) }
            ZKeyCodec.append(record.g2SPX, to: &data)
            data.append(contentsOf: record.transcript)
            data.appendLittleEndian(record.type)
            var parameters: [UInt8] = []
            if let name = record.name {
                let bytes = Array(name.utf8)
                precondition(bytes.count <= 255, "a contribution name is at most 255 UTF-8 bytes")
                parameters += [1, UInt8(bytes.count)] + bytes
            }
            if record.type == 1, let exponent = record.numIterationsExp, let hash = record.beaconHash {
                parameters += [2, exponent, 3, UInt8(hash.count)] + hash
            }
            data.appendLittleEndian(UInt32(parameters.count))
            data.append(contentsOf: parameters)
        }
        return data
    }
}
