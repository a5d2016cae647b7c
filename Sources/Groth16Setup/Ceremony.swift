import BN254
import Digest
import Foundation
import Groth16
import SnarkjsBinary

/// The snarkjs phase-2 (δ) ceremony on Groth16 keys: the circuit hash `snarkjs zkey new`
/// records (`src/zkey_new.js`), contributions as `snarkjs zkey contribute` makes them
/// (`src/zkey_contribute.js`, `src/mpc_applykey.js`) and the checks of `snarkjs zkey verify`
/// (`src/zkey_verify_frominit.js`). Points are hashed in snarkjs's uncompressed form (see
/// `uncompressed`), transcripts with BLAKE2b-512.
public enum Ceremony {
    /// BLAKE2b-512 over the initial key (δ = 1) in the order `snarkjs zkey new` feeds its hasher:
    /// α1, β1, β2, γ2, δ1, δ2; then each of IC, H, C, A, B1, B2 as a u32 big-endian count and
    /// its points. The H entry is not the key's H section but (τ^n − 1)·τ^i·G1 = τ^(n+i)·G1 −
    /// τ^i·G1 from the ceremony's monomial powers, counted n − 1; snarkjs hashes them in chunks
    /// of 2^14 of which the last is never shortened, so from n = 2^15 on it hashes n points
    /// (under the same count n − 1), and this function does the same.
    public static func circuitHash(ofInitialKey key: ProvingKey, ptau: PowersOfTau) throws(BinaryFormatError) -> [UInt8] {
        let n = key.domainSize
        let count = hashedHPointCount(domainSize: n)
        let powers = try ptau.tauG1(count: n + count)
        let points = G1Jacobian.batchToAffine((0..<count).map { JacobianPoint(powers[n + $0]) + JacobianPoint(-powers[$0]) })
        return circuitHash(ofInitialKey: key, vanishingMultiples: points)
    }

    /// How many (τ^n − 1)·τ^i·G1 points snarkjs hashes for a domain of size n (see above).
    package static func hashedHPointCount(domainSize n: Int) -> Int {
        let chunk = 1 << 14
        return n - 1 <= chunk ? n - 1 : (n - 1 + chunk - 1) / chunk * chunk
    }

    /// `circuitHash(ofInitialKey:ptau:)` with the points (τ^n − 1)·τ^i·G1 already computed.
    package static func circuitHash(ofInitialKey key: ProvingKey, vanishingMultiples: [G1Affine]) -> [UInt8] {
        var hasher = Blake2b()
        func hash(_ points: [G1Affine]) { for point in points { hasher.update(uncompressed(point)) } }
        func hashCount(_ count: Int) {
            hasher.update((0..<4).map { UInt8(truncatingIfNeeded: UInt32(count) >> UInt32(24 - 8 * $0)) })
        }
        hash([key.alpha1, key.beta1])
        for point in [key.beta2, key.gamma2] { hasher.update(uncompressed(point)) }
        hash([key.delta1])
        hasher.update(uncompressed(key.delta2))
        hashCount(key.ic.count)
        hash(key.ic)
        hashCount(key.domainSize - 1)
        hash(vanishingMultiples)
        for points in [key.c, key.a, key.b1] {
            hashCount(points.count)
            hash(points)
        }
        hashCount(key.b2.count)
        for point in key.b2 { hasher.update(uncompressed(point)) }
        return hasher.finalize()
    }

    /// Applies a fresh phase-2 contribution to `key`, as `snarkjs zkey contribute` does, and
    /// appends its record to `transcript`: δ' is drawn from the operating system's
    /// cryptographic generator and kept nowhere; δ1, δ2 are multiplied by δ', C and H by
    /// 1/δ'. Returns the contribution hash a participant publishes (`contributionHash`).
    @discardableResult
    public static func contribute(to key: inout ProvingKey, transcript: inout PhaseTwoTranscript, name: String? = nil, threads: Int) -> [UInt8] {
        var generator = SystemRandomNumberGenerator()
        let secret = Setup.nonZeroRandom(&generator)
        let g1S = G1Curve.generator.multiplied(by: Setup.nonZeroRandom(&generator)).affine
        let g1SX = g1S.multiplied(by: secret).affine
        var hasher = runningHash(transcript.circuitHash, transcript.contributions)
        hasher.update(uncompressed(g1S))
        hasher.update(uncompressed(g1SX))
        let challenge = hasher.finalize()
        let g2SPX = hashToG2(challenge).multiplied(by: secret).affine
        key.contributeDelta(secret, threads: threads)
        // snarkjs records no name parameter for an empty name.
        let kept = name.map(snarkjsName).flatMap { $0.isEmpty ? nil : $0 }
        let record = PhaseTwoContribution(deltaAfter: key.delta1, g1S: g1S, g1SX: g1SX, g2SPX: g2SPX, transcript: challenge, name: kept)
        transcript.contributions.append(record)
        return contributionHash(record)
    }

    /// BLAKE2b-512 of a contribution's public key (deltaAfter, g1_s, g1_sx, g2_spx, transcript):
    /// the hash snarkjs prints after `zkey contribute` and lists in `zkey verify`.
    public static func contributionHash(_ record: PhaseTwoContribution) -> [UInt8] {
        var hasher = Blake2b()
        hashPublicKey(record, into: &hasher)
        return hasher.finalize()
    }

    /// A 64-byte hash as snarkjs prints it (`formatHash` in `src/misc.js`): the title, then four
    /// lines of two tabs and four space-separated groups of 8 hex digits.
    public static func formatHash(_ hash: [UInt8], title: String) -> String {
        precondition(hash.count == 64, "a BLAKE2b-512 hash")
        let lines = (0..<4).map { line in
            "\t\t" + (0..<4).map { group in Hex.encode(hash[(16 * line + 4 * group)..<(16 * line + 4 * group + 4)]) }.joined(separator: " ")
        }
        return ([title] + lines).joined(separator: "\n")
    }

    /// What `snarkjs zkey verify` establishes, checked in its order: every contribution's
    /// transcript hash and proof of knowledge, the chain of δ1 values, and the key against
    /// `initialKey` (the key `Setup.initialKey` rebuilds from the circuit and ceremony) and its
    /// circuit hash. C and H are compared through random linear combinations (`sameRatio`
    /// against δ2). Returns the first failure, nil when the key verifies.
    public static func verify(
        _ key: ProvingKey, transcript: PhaseTwoTranscript, initialKey: ProvingKey, initialCircuitHash: [UInt8], threads: Int
    ) -> CeremonyFailure? {
        var hasher = Blake2b()
        hasher.update(transcript.circuitHash)
        var delta = G1Curve.generator
        for (index, record) in transcript.contributions.enumerated() {
            var challenge = hasher
            challenge.update(uncompressed(record.g1S))
            challenge.update(uncompressed(record.g1SX))
            guard challenge.finalize() == record.transcript else { return .inconsistentTranscript(contribution: index) }
            let g2SP = hashToG2(record.transcript)
            guard sameRatio(record.g1S, record.g1SX, g2SP, record.g2SPX) else { return .proofOfKnowledge(contribution: index) }
            guard sameRatio(delta, record.deltaAfter, g2SP, record.g2SPX) else { return .deltaAfterMismatch(contribution: index) }
            if record.type == 1 {
                guard let exponent = record.numIterationsExp, let beaconHash = record.beaconHash else {
                    return .beaconMismatch(contribution: index)
                }
                guard exponent <= maximumBeaconExponent else { return .beaconTooCostly(contribution: index, exponent: exponent) }
                guard beaconKeyMatches(record, exponent: exponent, beaconHash: beaconHash) else { return .beaconMismatch(contribution: index) }
            }
            hashPublicKey(record, into: &hasher)
            delta = record.deltaAfter
        }
        guard key.variableCount == initialKey.variableCount, key.publicInputCount == initialKey.publicInputCount,
              key.domainSize == initialKey.domainSize
        else { return .differentCircuit }
        let fixed: [(String, Bool)] = [
            ("alpha1", key.alpha1 == initialKey.alpha1), ("beta1", key.beta1 == initialKey.beta1),
            ("beta2", key.beta2 == initialKey.beta2), ("gamma2", key.gamma2 == initialKey.gamma2),
        ]
        if let failed = fixed.first(where: { !$0.1 }) { return .sectionDiffers(failed.0) }
        guard key.delta1 == delta else { return .delta1Mismatch }
        guard sameRatio(G1Curve.generator, delta, G2Curve.generator, key.delta2) else { return .delta2Mismatch }
        guard transcript.circuitHash == initialCircuitHash else { return .circuitHashMismatch }
        let sections: [(String, Bool)] = [
            ("IC", key.ic == initialKey.ic), ("coefficients", key.coefficients == initialKey.coefficients),
            ("A", key.a == initialKey.a), ("B1", key.b1 == initialKey.b1), ("B2", key.b2 == initialKey.b2),
        ]
        if let failed = sections.first(where: { !$0.1 }) { return .sectionDiffers(failed.0) }
        guard key.c.count == initialKey.c.count, scaledByInverseDelta(key.c, initialKey.c, delta2: key.delta2, threads: threads)
        else { return .cNotRescaled }
        guard key.h.count == initialKey.h.count, scaledByInverseDelta(key.h, initialKey.h, delta2: key.delta2, threads: threads)
        else { return .hNotRescaled }
        return nil
    }

    /// snarkjs's hashToG2 (`src/keypair.js`): a G2 point derived from a 64-byte hash, with its
    /// first 32 bytes, read as eight big-endian u32 words, seeding ffjavascript's ChaCha20
    /// generator and the point drawn as ffjavascript's `G2.fromRng` draws it (see `randomG2`).
    public static func hashToG2(_ hash: [UInt8]) -> G2Affine {
        var generator = SnarkjsChaCha(seed: hash)
        return randomG2(&generator)
    }

    /// ffjavascript's `G2.fromRng` for BN254: x = (c0, c1) with each coordinate an `Fq` drawn
    /// by `randomFq`, then one `nextBool` for the sign; repeated until x³ + b′ is a square; y
    /// the root whose sign (`isNegative`) equals that bit; the point multiplied by the
    /// cofactor h = 2q − r of the twist, which puts it in G2.
    static func randomG2(_ generator: inout SnarkjsChaCha) -> G2Affine {
        while true {
            let x = Fq2(randomFq(&generator), randomFq(&generator))
            let greatest = generator.nextBool()
            guard var y = (x.squared() * x + G2Curve.b).squareRoot() else { continue }
            if isNegative(y) != greatest { y = -y }
            return G2Affine(x: x, y: y).multiplied(by: twistCofactor).affine
        }
    }

    /// ffjavascript's `G1.fromRng` (BN254's G1 has cofactor 1): as `randomG2` over Fq.
    package static func randomG1(_ generator: inout SnarkjsChaCha) -> G1Affine {
        while true {
            let x = randomFq(&generator)
            let greatest = generator.nextBool()
            guard var y = (x.squared() * x + G1Curve.b).squareRoot() else { continue }
            if isNegative(y) != greatest { y = -y }
            return G1Affine(x: x, y: y)
        }
    }

    /// ffjavascript's `F.fromRng` for a 254-bit prime field: four `nextU64` draws as the
    /// little-endian limbs, masked to 254 bits, redrawn until below the modulus. The limbs
    /// are then taken as the Montgomery representation (ffjavascript's wasm fields store
    /// elements in Montgomery form and write the drawn integer into that storage directly).
    package static func randomLimbs(_ generator: inout SnarkjsChaCha, below modulus: Limbs) -> Limbs {
        while true {
            let limbs = Limbs(l0: generator.nextU64(), l1: generator.nextU64(), l2: generator.nextU64(),
                              l3: generator.nextU64() & (1 << 62 - 1))
            if limbs.isLess(than: modulus) { return limbs }
        }
    }

    static func randomFq(_ generator: inout SnarkjsChaCha) -> Fq { Fq(montgomeryLimbs: randomLimbs(&generator, below: Fq.modulusLimbs)) }

    /// ffjavascript's sign of an Fq element: its canonical value exceeds (q − 1)/2.
    static func isNegative(_ value: Fq) -> Bool { halfQ.isLess(than: value.canonicalLimbs) }

    /// ffjavascript's sign of an Fq2 element: that of c1, or of c0 when c1 is zero.
    static func isNegative(_ value: Fq2) -> Bool { value.c1.isZero ? isNegative(value.c0) : isNegative(value.c1) }

    /// (q − 1)/2.
    static let halfQ: Limbs = {
        let q = Fq.modulusLimbs
        return Limbs(l0: q.l0 >> 1 | q.l1 << 63, l1: q.l1 >> 1 | q.l2 << 63, l2: q.l2 >> 1 | q.l3 << 63, l3: q.l3 >> 1)
    }()

    /// The cofactor of BN254's twist, h = 2q − r (ffjavascript's `cofactorG2`).
    static let twistCofactor = Limbs(l0: 0x345f_2299_c0f9_fa8d, l1: 0x06ce_ecda_572a_2489, l2: 0xb850_45b6_8181_585e, l3: 0x3064_4e72_e131_a029)

    /// Whether e(a1, b2) = e(b1, a2), i.e. b1 = x·a1 and b2 = x·a2 for one x (snarkjs `sameRatio`,
    /// which also refuses the point at infinity anywhere).
    package static func sameRatio(_ a1: G1Affine, _ b1: G1Affine, _ a2: G2Affine, _ b2: G2Affine) -> Bool {
        if a1.isInfinity || b1.isInfinity || a2.isInfinity || b2.isInfinity { return false }
        return pairingCheck([(a1, b2), (-b1, a2)])
    }

    /// Whether points[i] = initial[i]/δ for every i, with δ2 = δ·G2: Σ ρ_i·initial[i] and
    /// Σ ρ_i·points[i] for random ρ_i (from the system generator) must have the ratio δ. A
    /// wrong point passes with probability about 1/r.
    static func scaledByInverseDelta(_ points: [G1Affine], _ initial: [G1Affine], delta2: G2Affine, threads: Int) -> Bool {
        if points.isEmpty { return true }
        var generator = SystemRandomNumberGenerator()
        let weights = (0..<points.count).map { _ in Fr.random(using: &generator) }
        let combined = multiScalarMultiply(points: points, scalars: weights, threads: threads).affine
        let combinedInitial = multiScalarMultiply(points: initial, scalars: weights, threads: threads).affine
        if combinedInitial.isInfinity { return combined.isInfinity }
        return sameRatio(combined, combinedInitial, G2Curve.generator, delta2)
    }

    /// The largest beacon exponent checked: 2^32 SHA-256 runs (snarkjs accepts up to 63, whose
    /// 2^63 runs no verifier can repeat).
    static let maximumBeaconExponent: UInt8 = 32

    /// A beacon contribution's key is the one snarkjs derives from its parameters
    /// (`rngFromBeaconParams` in `src/misc.js`): the beacon hash iterated through SHA-256
    /// 2^numIterationsExp times seeds the generator; δ' and then g1_s are drawn from it.
    static func beaconKeyMatches(_ record: PhaseTwoContribution, exponent: UInt8, beaconHash: [UInt8]) -> Bool {
        var hash = beaconHash
        for _ in 0..<(UInt64(1) << UInt64(exponent)) { hash = SHA256.hash(hash) }
        var generator = SnarkjsChaCha(seed: hash)
        let secret = Fr(montgomeryLimbs: randomLimbs(&generator, below: Fr.modulusLimbs))
        let g1S = randomG1(&generator)
        return g1S == record.g1S && g1S.multiplied(by: secret).affine == record.g1SX
    }

    /// The hash over the circuit hash and the public keys of `contributions`: the prefix of the
    /// next contribution's transcript.
    static func runningHash(_ circuitHash: [UInt8], _ contributions: [PhaseTwoContribution]) -> Blake2b {
        var hasher = Blake2b()
        hasher.update(circuitHash)
        for record in contributions { hashPublicKey(record, into: &hasher) }
        return hasher
    }

    /// snarkjs `hashPubKey` (`src/zkey_utils.js`).
    package static func hashPublicKey(_ record: PhaseTwoContribution, into hasher: inout Blake2b) {
        hasher.update(uncompressed(record.deltaAfter))
        hasher.update(uncompressed(record.g1S))
        hasher.update(uncompressed(record.g1SX))
        hasher.update(uncompressed(record.g2SPX))
        hasher.update(record.transcript)
    }

    /// A name as snarkjs stores it: its first 64 UTF-16 code units (whole characters only here).
    static func snarkjsName(_ name: String) -> String {
        var kept = ""
        for character in name {
            guard kept.utf16.count + character.utf16.count <= 64 else { break }
            kept.append(character)
        }
        return kept
    }

    /// ffjavascript's uncompressed G1 encoding (`toRprUncompressed`): x then y, 32 bytes each,
    /// big-endian; the point at infinity is zeros with 0x40 in the first byte.
    package static func uncompressed(_ point: G1Affine) -> [UInt8] {
        if point.isInfinity { return [0x40] + [UInt8](repeating: 0, count: 63) }
        return point.x.bigEndianBytes + point.y.bigEndianBytes
    }

    /// The same for G2: each Fq2 coordinate as c1 then c0 (the whole 64-byte element
    /// byte-reversed from its little-endian c0, c1 storage).
    package static func uncompressed(_ point: G2Affine) -> [UInt8] {
        if point.isInfinity { return [0x40] + [UInt8](repeating: 0, count: 127) }
        return point.x.c1.bigEndianBytes + point.x.c0.bigEndianBytes + point.y.c1.bigEndianBytes + point.y.c0.bigEndianBytes
    }
}

/// Why a key failed `Ceremony.verify`, in the words `snarkjs zkey verify` uses where it has one.
public enum CeremonyFailure: Error, Equatable, CustomStringConvertible {
    /// A contribution's transcript is not the hash of the circuit hash and the earlier contributions.
    case inconsistentTranscript(contribution: Int)
    /// g1_s, g1_sx and g2_sp, g2_spx do not have the same ratio.
    case proofOfKnowledge(contribution: Int)
    /// deltaAfter is not the previous δ1 times the contribution's δ'.
    case deltaAfterMismatch(contribution: Int)
    /// A beacon contribution's key is not the one its beacon parameters give.
    case beaconMismatch(contribution: Int)
    /// A beacon contribution asks for more than 2^32 SHA-256 runs to check.
    case beaconTooCostly(contribution: Int, exponent: UInt8)
    /// The key's circuit hash is not the one of the key rebuilt from the circuit and ceremony.
    case circuitHashMismatch
    /// The number of wires, of public inputs or the domain size differ.
    case differentCircuit
    /// A part a contribution leaves alone differs from the initial key.
    case sectionDiffers(String)
    /// δ1 is not the last contribution's deltaAfter.
    case delta1Mismatch
    /// δ2 is not δ1's counterpart in G2.
    case delta2Mismatch
    /// The C (L) section is not the initial one scaled by 1/δ.
    case cNotRescaled
    /// The H section is not the initial one scaled by 1/δ.
    case hNotRescaled

    public var description: String {
        switch self {
        case let .inconsistentTranscript(index): return "contribution #\(index + 1): inconsistent transcript"
        case let .proofOfKnowledge(index): return "contribution #\(index + 1): public key G1 and G2 do not have the same ratio"
        case let .deltaAfterMismatch(index): return "contribution #\(index + 1): deltaAfter does not follow the public key"
        case let .beaconMismatch(index): return "contribution #\(index + 1): the key does not match the beacon parameters"
        case let .beaconTooCostly(index, exponent):
            return "contribution #\(index + 1): a beacon of 2^\(exponent) SHA-256 iterations is past what this verifier repeats (2^32)"
        case .circuitHashMismatch: return "circuit hash does not match the circuit and powers of tau"
        case .differentCircuit: return "different circuit parameters (wires, public inputs or domain size)"
        case let .sectionDiffers(name): return "\(name) is not the initial key's"
        case .delta1Mismatch: return "delta1 is not the last contribution's deltaAfter"
        case .delta2Mismatch: return "delta2 does not match delta1"
        case .cNotRescaled: return "C section does not match (not the initial one divided by delta)"
        case .hNotRescaled: return "H section does not match (not the initial one divided by delta)"
        }
    }
}

/// ffjavascript's ChaCha generator (`src/chacha.js`): the ChaCha20 block function (RFC 8439
/// §2.3, 20 rounds) over the constants, eight seed words and a 128-bit block counter (words
/// 12–15, no nonce), each block's sixteen output words consumed in order.
package struct SnarkjsChaCha {
    private var state: [UInt32]
    private var block = [UInt32](repeating: 0, count: 16)
    private var index = 16

    /// Seeded with the first 32 bytes of `seed` as eight big-endian words (snarkjs's hashToG2
    /// and beacon generators).
    package init(seed: [UInt8]) {
        precondition(seed.count >= 32, "a 32-byte seed")
        let words = (0..<8).map { i in (0..<4).reduce(UInt32(0)) { $0 << 8 | UInt32(seed[4 * i + $1]) } }
        state = [0x6170_7865, 0x3320_646e, 0x7962_2d32, 0x6b20_6574] + words + [0, 0, 0, 0]
    }

    package mutating func nextU32() -> UInt32 {
        if index == 16 { refill() }
        defer { index += 1 }
        return block[index]
    }

    /// Two words, the first the high half.
    package mutating func nextU64() -> UInt64 {
        let high = UInt64(nextU32())
        return high << 32 | UInt64(nextU32())
    }

    package mutating func nextBool() -> Bool { nextU32() & 1 == 1 }

    private mutating func refill() {
        var x = state
        func quarterRound(_ a: Int, _ b: Int, _ c: Int, _ d: Int) {
            x[a] = x[a] &+ x[b]; x[d] = (x[d] ^ x[a]).rotatedLeft(16)
            x[c] = x[c] &+ x[d]; x[b] = (x[b] ^ x[c]).rotatedLeft(12)
            x[a] = x[a] &+ x[b]; x[d] = (x[d] ^ x[a]).rotatedLeft(8)
            x[c] = x[c] &+ x[d]; x[b] = (x[b] ^ x[c]).rotatedLeft(7)
        }
        for _ in 0..<10 {
            quarterRound(0, 4, 8, 12); quarterRound(1, 5, 9, 13); quarterRound(2, 6, 10, 14); quarterRound(3, 7, 11, 15)
            quarterRound(0, 5, 10, 15); quarterRound(1, 6, 11, 12); quarterRound(2, 7, 8, 13); quarterRound(3, 4, 9, 14)
        }
        for i in 0..<16 { block[i] = x[i] &+ state[i] }
        index = 0
        for word in 12..<16 {
            state[word] &+= 1
            if state[word] != 0 { break }
        }
    }
}

extension UInt32 {
    fileprivate func rotatedLeft(_ count: UInt32) -> UInt32 { self << count | self >> (32 - count) }
}
