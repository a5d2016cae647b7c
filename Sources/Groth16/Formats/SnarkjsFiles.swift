import BN254
import Foundation

// snarkjs's JSON files for Groth16 over BN254 ("bn128" in snarkjs): `proof.json`,
// `public.json` and `verification_key.json`, read strictly and written as snarkjs writes them.

extension Proof {
    /// Reads snarkjs's `proof.json`: pi_a, pi_b, pi_c as decimal Jacobian points; every point is
    /// checked (coordinates below q, on the curve, B in G2).
    public init(snarkjsJSON data: Data, file: String) throws(JSONFormatError) {
        let root = try JSONField.parse(data, file: file)
        try root.onlyKeys(["pi_a", "pi_b", "pi_c", "protocol", "curve"])
        if let protocolField = try root.optionalMember("protocol"), try protocolField.string() != "groth16" {
            throw protocolField.invalid("expected \"groth16\"")
        }
        try Self.checkCurve(root)
        let (a, b, c) = (try decodeG1(try root.member("pi_a")), try decodeG2(try root.member("pi_b")), try decodeG1(try root.member("pi_c")))
        do { try self.init(a: a, b: b, c: c) } catch { throw .invalidValue(file: file, field: "$", reason: error.description) }
    }

    /// Reads `proof.json` from disk.
    public init(snarkjsJSONAt url: URL) throws(JSONFormatError) {
        try self.init(snarkjsJSON: try readFile(url), file: url.path)
    }

    /// The proof as snarkjs writes `proof.json`.
    public var snarkjsJSON: JSONDocument {
        .object([
            ("pi_a", g1Document(a)),
            ("pi_b", g2Document(b)),
            ("pi_c", g1Document(c)),
            ("protocol", .string("groth16")),
            ("curve", .string("bn128")),
        ])
    }

    static func checkCurve(_ root: JSONField) throws(JSONFormatError) {
        if let curve = try root.optionalMember("curve"), !["bn128", "bn254"].contains(try curve.string()) {
            throw curve.invalid("expected \"bn128\" (BN254); this verifier supports no other curve")
        }
    }
}

/// Public signals as snarkjs's `public.json`: an array of decimal strings, each below r.
public enum PublicSignals {
    /// Parses `public.json`; a value ≥ r, a negative or malformed value is an error naming its index.
    public static func parse(_ data: Data, file: String) throws(JSONFormatError) -> [Fr] {
        let root = try JSONField.parse(data, file: file)
        var values: [Fr] = []
        for element in try root.elements() {
            let text = try element.string()
            do {
                values.append(try Fr(text))
            } catch {
                throw element.invalid("\"\(text.prefix(80))\" is not a field element below r (\(error))")
            }
        }
        return values
    }

    /// Reads `public.json` from disk.
    public static func read(_ url: URL) throws(JSONFormatError) -> [Fr] {
        try parse(try readFile(url), file: url.path)
    }

    /// The values as snarkjs writes `public.json`.
    public static func document(_ values: [Fr]) -> JSONDocument {
        .array(values.map { .string($0.description) })
    }
}

extension VerificationKey {
    /// Reads snarkjs's `verification_key.json` (protocol groth16, curve bn128) strictly: no
    /// unknown field; `nPublic`, when present, an integer matching `IC`; `vk_alphabeta_12`, when
    /// present, must equal e(α, β) (snarkjs's verifier ignores it; a reader that ignored it would
    /// accept anything there); no point at infinity (a degenerate key admits forgeries).
    public init(snarkjsJSON data: Data, file: String) throws(JSONFormatError) {
        let root = try JSONField.parse(data, file: file)
        try root.onlyKeys(["protocol", "curve", "nPublic", "vk_alpha_1", "vk_beta_2", "vk_gamma_2", "vk_delta_2", "vk_alphabeta_12", "IC"])
        let protocolField = try root.member("protocol")
        guard try protocolField.string() == "groth16" else { throw protocolField.invalid("expected \"groth16\"") }
        try Proof.checkCurve(root)
        var ic: [G1Affine] = []
        let icField = try root.member("IC")
        for element in try icField.elements() { ic.append(try decodeG1(element)) }
        guard !ic.isEmpty else { throw icField.invalid("IC needs at least one point") }
        if let count = try root.optionalMember("nPublic"), try count.integer() != ic.count - 1 {
            throw count.invalid("nPublic is \(try count.integer()) but IC has \(ic.count) points (nPublic + 1 expected)")
        }
        let alpha1 = try decodeG1(try root.member("vk_alpha_1"))
        let beta2 = try decodeG2(try root.member("vk_beta_2"))
        let gamma2 = try decodeG2(try root.member("vk_gamma_2"))
        let delta2 = try decodeG2(try root.member("vk_delta_2"))
        do {
            try self.init(alpha1: alpha1, beta2: beta2, gamma2: gamma2, delta2: delta2, ic: ic)
        } catch {
            throw .invalidValue(file: file, field: "$", reason: error.description)
        }
        if let alphaBetaField = try root.optionalMember("vk_alphabeta_12") {
            guard try decodeFq12(alphaBetaField) == pairing(alpha1, beta2) else {
                throw alphaBetaField.invalid("is not e(vk_alpha_1, vk_beta_2)")
            }
        }
    }

    /// Reads `verification_key.json` from disk.
    public init(snarkjsJSONAt url: URL) throws(JSONFormatError) {
        try self.init(snarkjsJSON: try readFile(url), file: url.path)
    }

    /// The key as `snarkjs zkey export verificationkey` writes it, `vk_alphabeta_12` included.
    public var snarkjsJSON: JSONDocument {
        let alphaBeta = pairing(alpha1, beta2)
        func fq6(_ x: Fq6) -> JSONDocument { .array([fq2Document(x.c0), fq2Document(x.c1), fq2Document(x.c2)]) }
        return .object([
            ("protocol", .string("groth16")),
            ("curve", .string("bn128")),
            ("nPublic", .integer(publicInputCount)),
            ("vk_alpha_1", g1Document(alpha1)),
            ("vk_beta_2", g2Document(beta2)),
            ("vk_gamma_2", g2Document(gamma2)),
            ("vk_delta_2", g2Document(delta2)),
            ("vk_alphabeta_12", .array([fq6(alphaBeta.c0), fq6(alphaBeta.c1)])),
            ("IC", .array(ic.map(g1Document))),
        ])
    }
}

private func readFile(_ url: URL) throws(JSONFormatError) -> Data {
    do { return try Data(contentsOf: url) } catch {
        throw .unreadable(file: url.path, reason: error.localizedDescription)
    }
}

private func decodeG1(_ field: JSONField) throws(JSONFormatError) -> G1Affine {
    let coordinates = try field.strings()
    do { return try G1Affine(snarkjsJSON: coordinates) } catch { throw field.invalid(error.description) }
}

private func decodeG2(_ field: JSONField) throws(JSONFormatError) -> G2Affine {
    let coordinates = try field.stringPairs()
    do { return try G2Affine(snarkjsJSON: coordinates) } catch { throw field.invalid(error.description) }
}

/// snarkjs's Fq12 form: [[c0.c0, c0.c1, c0.c2], [c1.c0, c1.c1, c1.c2]] of Fq2 pairs (real part first).
private func decodeFq12(_ field: JSONField) throws(JSONFormatError) -> Fq12 {
    let halves = try field.elements()
    guard halves.count == 2 else { throw field.invalid("expected 2 arrays of 3 Fq2 pairs") }
    var sixes: [Fq6] = []
    for half in halves {
        let pairs = try half.stringPairs()
        guard pairs.count == 3, pairs.allSatisfy({ $0.count == 2 }) else { throw half.invalid("expected 3 pairs of decimal strings") }
        var components: [Fq2] = []
        for pair in pairs {
            do { components.append(Fq2(try Fq(pair[0]), try Fq(pair[1]))) } catch { throw half.invalid(error.description) }
        }
        sixes.append(Fq6(components[0], components[1], components[2]))
    }
    return Fq12(sixes[0], sixes[1])
}

private func g1Document(_ point: G1Affine) -> JSONDocument { .array(point.snarkjsJSON.map(JSONDocument.string)) }

private func g2Document(_ point: G2Affine) -> JSONDocument {
    .array(point.snarkjsJSON.map { .array($0.map(JSONDocument.string)) })
}

private func fq2Document(_ x: Fq2) -> JSONDocument { .array([.string(x.c0.description), .string(x.c1.description)]) }
