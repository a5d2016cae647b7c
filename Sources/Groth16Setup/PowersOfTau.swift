import BN254
import Circuit
import Foundation
import SnarkjsBinary
import Groth16

/// A snarkjs powers-of-tau file (`.ptau`, format version 1), BN254 only, "prepared" (phase 2
/// ready: `snarkjs powersoftau prepare phase2` adds the Lagrange-basis sections).
///
/// Sections: 1 header (u32 n8, q, u32 power, u32 ceremonyPower); 2 τ^i·G1 (2^(power+1) − 1
/// points); 3 τ^i·G2 (2^power); 4 ατ^i·G1; 5 βτ^i·G1; 6 β·G2; 7 contributions; 12–15 the
/// Lagrange forms of sections 2–5 for every domain size 2^k ≤ 2^power, concatenated from k = 0
/// (so the size-n basis starts at point n − 1). Points are little-endian Montgomery form.
public struct PowersOfTau {
    private let container: BinaryContainer
    /// log2 of the largest domain the file supports.
    public let power: Int
    /// The ceremony's power (the file may be truncated to a smaller `power`).
    public let ceremonyPower: Int

    /// Opens and checks the header of a `.ptau` file (the point sections are read on demand).
    public init(contentsOf url: URL) throws(BinaryFormatError) {
        try self.init(container: try BinaryContainer(contentsOf: url, magic: "ptau", supportedVersions: [1]))
    }

    /// Checks the header of `.ptau` bytes (`fileName` for messages).
    public init(data: Data, fileName: String) throws(BinaryFormatError) {
        try self.init(container: try BinaryContainer(data: data, magic: "ptau", fileName: fileName, supportedVersions: [1]))
    }

    private init(container: BinaryContainer) throws(BinaryFormatError) {
        var header = try container.section(1, name: "header")
        try ZKeyCodec.expectPrime(&header, modulus: Fq.modulusLimbs, name: "q")
        power = Int(try header.u32("power"))
        ceremonyPower = Int(try header.u32("ceremonyPower"))
        guard (1...28).contains(power) else {
            throw .invalidField(file: container.fileName, field: "power", reason: "\(power) is outside 1…28")
        }
        for section: UInt32 in [12, 13, 14, 15] where !container.hasSection(section) {
            throw .invalidField(
                file: container.fileName, field: "section \(section)",
                reason: "missing: the file is not prepared for phase 2 (run `snarkjs powersoftau prepare phase2`)")
        }
        self.container = container
    }

    /// β·G2 (section 6).
    public func betaG2() throws(BinaryFormatError) -> G2Affine {
        var reader = try container.section(6, name: "betaG2")
        return try ZKeyCodec.g2(&reader, field: "betaG2", subgroupChecked: true)
    }

    /// α·G1 and β·G1: the first points of sections 4 and 5.
    public func alphaBetaG1() throws(BinaryFormatError) -> (alpha: G1Affine, beta: G1Affine) {
        var alpha = try container.section(4, name: "alphaTauG1")
        var beta = try container.section(5, name: "betaTauG1")
        return (try ZKeyCodec.g1(&alpha, field: "alphaTauG1[0]"), try ZKeyCodec.g1(&beta, field: "betaTauG1[0]"))
    }

    /// L_i(τ)·G1 for the size-n domain (section 12), i < n.
    public func lagrangeG1(size n: Int) throws(BinaryFormatError) -> [G1Affine] {
        try g1Range(section: 12, name: "lagrange tauG1", start: n - 1, count: n, size: n)
    }

    /// α·L_i(τ)·G1 (section 14).
    public func lagrangeAlphaG1(size n: Int) throws(BinaryFormatError) -> [G1Affine] {
        try g1Range(section: 14, name: "lagrange alphaTauG1", start: n - 1, count: n, size: n)
    }

    /// β·L_i(τ)·G1 (section 15).
    public func lagrangeBetaG1(size n: Int) throws(BinaryFormatError) -> [G1Affine] {
        try g1Range(section: 15, name: "lagrange betaTauG1", start: n - 1, count: n, size: n)
    }

    /// L_i(τ)·G2 for the size-n domain (section 13).
    public func lagrangeG2(size n: Int) throws(BinaryFormatError) -> [G2Affine] {
        try checkSize(n)
        var reader = try container.section(13, name: "lagrange tauG2")
        try reader.skip((n - 1) * 128, field: "lagrange tauG2 before size \(n)")
        var points: [G2Affine] = []
        points.reserveCapacity(n)
        for i in 0..<n { points.append(try ZKeyCodec.g2(&reader, field: "lagrange tauG2[\(n - 1 + i)]", subgroupChecked: false)) }
        return points
    }

    /// The odd Lagrange basis of the size-2n domain, L_{2i+1}(τ)·G1 for i < n: snarkjs's H query
    /// before the division by δ.
    public func oddLagrangeG1(size n: Int) throws(BinaryFormatError) -> [G1Affine] {
        let all = try g1Range(section: 12, name: "lagrange tauG1", start: 2 * n - 1, count: 2 * n, size: 2 * n)
        return stride(from: 1, to: 2 * n, by: 2).map { all[$0] }
    }

    private func checkSize(_ n: Int) throws(BinaryFormatError) {
        guard n > 0, n & (n - 1) == 0, n.trailingZeroBitCount <= power else {
            throw .invalidField(
                file: container.fileName, field: "power",
                reason: "the file supports domains up to 2^\(power); this circuit needs \(n)")
        }
    }

    /// τ^i·G1 for i < count (section 2, the monomial powers): snarkjs hashes (τ^n − 1)·τ^i·G1
    /// from them into the circuit hash of a key.
    public func tauG1(count: Int) throws(BinaryFormatError) -> [G1Affine] {
        try g1Points(section: 2, name: "tauG1", start: 0, count: count)
    }

    private func g1Range(section: UInt32, name: String, start: Int, count: Int, size: Int) throws(BinaryFormatError) -> [G1Affine] {
        try checkSize(size)
        return try g1Points(section: section, name: name, start: start, count: count)
    }

    private func g1Points(section: UInt32, name: String, start: Int, count: Int) throws(BinaryFormatError) -> [G1Affine] {
        var reader = try container.section(section, name: name)
        try reader.skip(start * 64, field: "\(name) before point \(start)")
        guard count <= reader.remaining / 64 else { throw .truncated(file: container.fileName, field: "\(name)[\(start + count - 1)]") }
        var points: [G1Affine] = []
        points.reserveCapacity(count)
        for i in 0..<count { points.append(try ZKeyCodec.g1(&reader, field: "\(name)[\(start + i)]")) }
        return points
    }
}
