import BN254
import Circuit
import Digest
import Foundation
import Groth16
import Groth16Setup
import SnarkjsBinary
import Testing

/// The snarkjs phase-2 ceremony: circuit hashes against the hashes snarkjs stored in two upstream
/// keys (`src/zkey_new.js`), hashToG2 against the proofs of knowledge in the Hermez powers-of-tau file, and chains of
/// our own contributions with their tampered variants.
@Suite("Phase-2 ceremony (snarkjs zkey contribute / verify)")
struct CeremonyTests {
    static let folder = "snarkjs/ark-circom-groth16/"

    struct Fixture {
        let r1cs: R1CS
        let ptau: PowersOfTau
        let key: ProvingKey
        let transcript: PhaseTwoTranscript
        let initial: ProvingKey
        let circuitHash: [UInt8]
        let witness: [Fr]

        init() throws {
            r1cs = try R1CSFile(contentsOf: vector(folder + "mycircuit.r1cs")).r1cs
            ptau = try PowersOfTau(contentsOf: vector(folder + "powersOfTau28_hez_final_10.ptau"))
            key = try ProvingKey(zkeyAt: vector(folder + "test.zkey"))
            transcript = try PhaseTwoTranscript(zkeyAt: vector(folder + "test.zkey"))
            initial = try Setup.initialKey(r1cs, ptau: ptau, threads: 2)
            circuitHash = try Ceremony.circuitHash(ofInitialKey: initial, ptau: ptau)
            witness = try WtnsFile.read(contentsOf: vector(folder + "witness.wtns")).values
        }

        func verify(_ key: ProvingKey, _ transcript: PhaseTwoTranscript) -> CeremonyFailure? {
            Ceremony.verify(key, transcript: transcript, initialKey: initial, initialCircuitHash: circuitHash, threads: 2)
        }

        /// `count` contributions on top of the upstream key, each through a written and reread file.
        func contributed(_ count: Int) throws -> (ProvingKey, PhaseTwoTranscript) {
            var (key, transcript) = (key, transcript)
            for round in 0..<count {
                Ceremony.contribute(to: &key, transcript: &transcript, name: "participant \(round + 1)", threads: 2)
                let data = key.zkeyData(circuitHash: transcript.circuitHash, contributions: transcript.contributions)
                key = try ProvingKey(zkeyData: data, file: "round\(round).zkey")
                transcript = try PhaseTwoTranscript(zkeyData: data, file: "round\(round).zkey")
            }
            return (key, transcript)
        }
    }

    @Test func circuitHashEqualsTheHashSnarkjsStored() throws {
        let ark = try Fixture()
        #expect(ark.transcript.contributions.isEmpty)
        #expect(Hex.encode(ark.transcript.circuitHash).hasPrefix("4289918fb00ce352"))
        #expect(ark.circuitHash == ark.transcript.circuitHash)
        // Our initial key is the one `snarkjs zkey new` wrote, section by section.
        #expect(ark.initial.zkeyData(circuitHash: ark.circuitHash) == ark.key.zkeyData(circuitHash: ark.transcript.circuitHash))
        #expect(Self.circuitHashFromKeyAlone(ark.key) == ark.transcript.circuitHash)
    }

    /// The Multiplier(100) key was made from a ceremony file that is not stored; its H section
    /// (δ = 1) still determines the (τ^n − 1)·τ^i·G1 points snarkjs hashes, so the whole hash
    /// can be recomputed from the key.
    @Test func circuitHashOfMultiplier100EqualsTheHashSnarkjsStored() throws {
        let url = vector("snarkjs/groth16-multiplier100/circuit.zkey")
        let key = try ProvingKey(zkeyAt: url), transcript = try PhaseTwoTranscript(zkeyAt: url)
        #expect(transcript.contributions.isEmpty && key.delta1 == G1Curve.generator)
        #expect(Hex.encode(transcript.circuitHash).hasPrefix("8fe4916f2ed1b99b"))
        #expect(Self.circuitHashFromKeyAlone(key) == transcript.circuitHash)
    }

    /// For an initial key: (x^n − 1)·x^i is −2·ω^((2j+1)i) at the odd points ω^(2j+1) of the
    /// size-2n domain and zero at the even ones, so (τ^n − 1)·τ^i·G1 = Σ_j −2·ω^((2j+1)i)·H_j.
    static func circuitHashFromKeyAlone(_ key: ProvingKey) -> [UInt8] {
        let n = key.domainSize
        let root = Fr.rootOfUnity(log2Order: n.trailingZeroBitCount + 1)
        let points = (0..<Ceremony.hashedHPointCount(domainSize: n)).map { i in
            let step = root.power(UInt64(2 * i))
            var scalar = -Fr(2) * root.power(UInt64(i))
            let scalars = (0..<n).map { _ in
                defer { scalar *= step }
                return scalar
            }
            return multiScalarMultiply(points: key.h, scalars: scalars, threads: 2).affine
        }
        return Ceremony.circuitHash(ofInitialKey: key, vanishingMultiples: points)
    }

    @Test func upstreamKeyVerifies() throws {
        let fixture = try Fixture()
        #expect(fixture.verify(fixture.key, fixture.transcript) == nil)
    }

    /// Every proof of knowledge in the Hermez ceremony file: g2_sp = hashToG2(BLAKE2b(personalization
    /// ‖ previous challenge ‖ g1_s ‖ g1_sx)) (snarkjs `getG2sp`) must have the ratio of g1_s, g1_sx,
    /// so this holds only if our hashToG2 draws exactly snarkjs's point.
    @Test func hashToG2ReproducesTheHermezProofsOfKnowledge() throws {
        let contributions = try PtauContribution.read(vector(Self.folder + "powersOfTau28_hez_final_10.ptau"))
        #expect(contributions.count == 55)
        for index in 1..<contributions.count {
            for (personalization, key) in contributions[index].keys.enumerated() {
                var hasher = Blake2b()
                hasher.update([UInt8(personalization)])
                hasher.update(contributions[index - 1].nextChallenge)
                hasher.update(Ceremony.uncompressed(key.g1S))
                hasher.update(Ceremony.uncompressed(key.g1SX))
                let g2SP = Ceremony.hashToG2(hasher.finalize())
                #expect(g2SP.isInSubgroup)
                #expect(Ceremony.sameRatio(key.g1S, key.g1SX, g2SP, key.g2SPX), "contribution \(index), key \(personalization)")
            }
        }
    }

    /// The final Hermez contribution is a beacon: its keys come from ChaCha seeded by the beacon
    /// hash iterated through SHA-256 (snarkjs `rngFromBeaconParams`, `createPTauKey`), which
    /// pins down our F.fromRng and G1.fromRng.
    @Test func beaconDerivationReproducesTheHermezBeacon() throws {
        let beacon = try #require(try PtauContribution.read(vector(Self.folder + "powersOfTau28_hez_final_10.ptau")).last)
        #expect(beacon.type == 1)
        let exponent = try #require(beacon.numIterationsExp), beaconHash = try #require(beacon.beaconHash)
        var hash = beaconHash
        for _ in 0..<(1 << Int(exponent)) { hash = SHA256.hash(hash) }
        var generator = SnarkjsChaCha(seed: hash)
        let secrets = (0..<3).map { _ in Fr(montgomeryLimbs: Ceremony.randomLimbs(&generator, below: Fr.modulusLimbs)) }
        for (secret, key) in zip(secrets, beacon.keys) {
            let g1S = Ceremony.randomG1(&generator)
            #expect(g1S == key.g1S)
            #expect(g1S.multiplied(by: secret).affine == key.g1SX)
        }
    }

    @Test func contributionChainVerifiesAndProves() throws {
        let fixture = try Fixture()
        let (key, transcript) = try fixture.contributed(3)
        #expect(transcript.contributions.count == 3)
        #expect(transcript.contributions.map(\.name) == ["participant 1", "participant 2", "participant 3"])
        #expect(key.delta1 != fixture.key.delta1)
        #expect(fixture.verify(key, transcript) == nil)
        let proof = try Prover(key: key, threads: 2).prove(witness: fixture.witness)
        let inputs = Array(fixture.witness[1...key.publicInputCount])
        #expect(try PreparedVerificationKey(key.verificationKey).verify(proof, publicInputs: inputs))
        #expect(try !PreparedVerificationKey(fixture.key.verificationKey).verify(proof, publicInputs: inputs))
    }

    @Test func setupFromPowersOfTauRecordsItsContribution() throws {
        let fixture = try Fixture()
        let (key, transcript) = try Setup.fromPowersOfTauWithTranscript(fixture.r1cs, ptau: fixture.ptau, threads: 2)
        #expect(transcript.circuitHash == fixture.transcript.circuitHash)
        #expect(transcript.contributions.count == 1)
        #expect(fixture.verify(key, transcript) == nil)
    }

    @Test func tamperedKeysFailWithNamedReasons() throws {
        let fixture = try Fixture()
        let (key, transcript) = try fixture.contributed(2)
        func expectFailure(_ expected: CeremonyFailure, key tamperedKey: ProvingKey? = nil, transcript tamperedTranscript: PhaseTwoTranscript? = nil) {
            #expect(fixture.verify(tamperedKey ?? key, tamperedTranscript ?? transcript) == expected)
        }
        let other = G1Curve.generator.multiplied(by: Fr(12345)).affine

        var changed = transcript
        changed.contributions[0].g1SX = other
        expectFailure(.inconsistentTranscript(contribution: 0), transcript: changed)

        // A forged g1_sx with a transcript hash recomputed to match it: the pairing check fails.
        changed = transcript
        changed.contributions[1].g1SX = other
        var hasher = Blake2b()
        hasher.update(changed.circuitHash)
        Ceremony.hashPublicKey(changed.contributions[0], into: &hasher)
        hasher.update(Ceremony.uncompressed(changed.contributions[1].g1S))
        hasher.update(Ceremony.uncompressed(other))
        changed.contributions[1].transcript = hasher.finalize()
        expectFailure(.proofOfKnowledge(contribution: 1), transcript: changed)

        changed = transcript
        changed.contributions[1].deltaAfter = other
        expectFailure(.deltaAfterMismatch(contribution: 1), transcript: changed)

        var wrongKey = key
        wrongKey.delta1 = key.delta1.multiplied(by: Fr(2)).affine
        expectFailure(.delta1Mismatch, key: wrongKey)
        wrongKey = key
        wrongKey.delta2 = key.delta2.multiplied(by: Fr(2)).affine
        expectFailure(.delta2Mismatch, key: wrongKey)
        wrongKey = key
        wrongKey.h = fixture.key.h
        expectFailure(.hNotRescaled, key: wrongKey)
        wrongKey = key
        wrongKey.c[0] = other
        expectFailure(.cNotRescaled, key: wrongKey)
        wrongKey = key
        wrongKey.a[1] = other
        expectFailure(.sectionDiffers("A"), key: wrongKey)

        var wrongHash = fixture.transcript
        wrongHash.circuitHash[0] ^= 1
        #expect(fixture.verify(fixture.key, wrongHash) == .circuitHashMismatch)
        // With contributions, the first transcript no longer follows from the changed hash.
        changed = transcript
        changed.circuitHash[63] ^= 0x80
        expectFailure(.inconsistentTranscript(contribution: 0), transcript: changed)
    }

    @Test func flippedByteInAContributionIsMalformedOrFails() throws {
        let fixture = try Fixture()
        let (key, transcript) = try fixture.contributed(1)
        let data = key.zkeyData(circuitHash: transcript.circuitHash, contributions: transcript.contributions)
        // g1_sx of the only contribution: after csHash (64), the count (4), deltaAfter and g1_s (128).
        let sectionStart = data.count - transcript.sectionPayload.count
        var flipped = data
        flipped[sectionStart + 64 + 4 + 128 + 5] ^= 0x01
        #expect(throws: BinaryFormatError.self) { try PhaseTwoTranscript(zkeyData: flipped, file: "flipped.zkey") }
    }

    @Test func sectionTenIsBoundedByItsSize() throws {
        let fixture = try Fixture()
        var payload = Data(fixture.transcript.circuitHash)
        payload.appendLittleEndian(UInt32.max)
        var writer = BinaryContainerWriter(magic: "zkey", version: 1)
        writer.append(section: 10, payload: payload)
        #expect(throws: BinaryFormatError.self) { try PhaseTwoTranscript(zkeyData: writer.data, file: "huge.zkey") }
    }

    @Test func namesAreKeptAsSnarkjsKeepsThemAndRecordsRoundTrip() throws {
        let fixture = try Fixture()
        var (key, transcript) = (fixture.key, fixture.transcript)
        Ceremony.contribute(to: &key, transcript: &transcript, name: String(repeating: "é", count: 70), threads: 1)
        Ceremony.contribute(to: &key, transcript: &transcript, name: "", threads: 1)
        #expect(transcript.contributions[0].name == String(repeating: "é", count: 64))
        #expect(transcript.contributions[1].name == nil)
        var beacon = transcript.contributions[1]
        (beacon.type, beacon.numIterationsExp, beacon.beaconHash) = (1, 10, [UInt8](repeating: 0xab, count: 32))
        transcript.contributions.append(beacon)
        let data = key.zkeyData(circuitHash: transcript.circuitHash, contributions: transcript.contributions)
        #expect(try PhaseTwoTranscript(zkeyData: data, file: "names.zkey") == transcript)
        // A copied record: its transcript does not follow from the records before it.
        #expect(fixture.verify(key, transcript) == .inconsistentTranscript(contribution: 2))
    }

    @Test func formatsHashesAsSnarkjs() {
        let text = Ceremony.formatHash((0..<64).map { UInt8($0) }, title: "Circuit Hash: ")
        #expect(text == "Circuit Hash: \n\t\t00010203 04050607 08090a0b 0c0d0e0f\n\t\t10111213 14151617 18191a1b 1c1d1e1f\n"
            + "\t\t20212223 24252627 28292a2b 2c2d2e2f\n\t\t30313233 34353637 38393a3b 3c3d3e3f")
    }
}

/// A contribution of a `.ptau` file's section 7 (snarkjs `src/powersoftau_utils.js`,
/// readContribution): the accumulator's first points, the three public keys (τ, α, β; G1 and G2
/// points in Montgomery form), the partial hash, the next challenge, the type and parameters.
struct PtauContribution {
    struct Key {
        let g1S: G1Affine, g1SX: G1Affine, g2SPX: G2Affine
    }

    let keys: [Key]
    let nextChallenge: [UInt8]
    let type: UInt32
    var numIterationsExp: UInt8?
    var beaconHash: [UInt8]?

    static func read(_ url: URL) throws -> [PtauContribution] {
        let container = try BinaryContainer(contentsOf: url, magic: "ptau", supportedVersions: [1])
        var reader = try container.section(7, name: "contributions")
        let count = try reader.count("count", limit: reader.remaining / 1504)
        var contributions: [PtauContribution] = []
        for _ in 0..<count {
            try reader.skip(64 + 128 + 64 + 64 + 128, field: "accumulator points")
            var g1: [G1Affine] = [], g2: [G2Affine] = []
            for index in 0..<6 { g1.append(try ZKeyCodec.g1(&reader, field: "key g1 \(index)")) }
            for index in 0..<3 { g2.append(try ZKeyCodec.g2(&reader, field: "key g2 \(index)", subgroupChecked: true)) }
            try reader.skip(216, field: "partial hash")
            let challenge = Array(try reader.bytes(64, field: "next challenge"))
            var contribution = PtauContribution(
                keys: (0..<3).map { Key(g1S: g1[2 * $0], g1SX: g1[2 * $0 + 1], g2SPX: g2[$0]) },
                nextChallenge: challenge, type: try reader.u32("type"))
            let parameterLength = try reader.count("parameter length", limit: reader.remaining)
            let parameters = [UInt8](try reader.bytes(parameterLength, field: "parameters"))
            var position = 0
            while position < parameters.count {
                let tag = parameters[position]
                let length = tag == 2 ? 1 : Int(parameters[position + 1])
                let valueStart = tag == 2 ? position + 1 : position + 2
                let value = Array(parameters[valueStart..<(valueStart + length)])
                if tag == 2 { contribution.numIterationsExp = value[0] }
                if tag == 3 { contribution.beaconHash = value }
                position = valueStart + length
            }
            contributions.append(contribution)
        }
        return contributions
    }
}
