import Digest
import Foundation
import Testing

/// RFC 7693 Appendix A, block-boundary lengths, and a whole snarkjs ceremony file whose BLAKE2b-512
/// the snarkjs README publishes (the expected values agree with coreutils `b2sum`).
@Suite("BLAKE2b")
struct Blake2bTests {
    @Test func rfc7693AppendixA() {
        #expect(Hex.encode(Blake2b.hash(Array("abc".utf8)))
            == "ba80a53f981c4d0d6a2797b69f12f6e94c212f14685ac4b74b12bb6fdbffa2d17d87c5392aab792dc252d5de4533cc9518d38aa8dbf1925ab92386edd4009923")
    }

    @Test func knownDigests() {
        #expect(Hex.encode(Blake2b.hash([UInt8]()))
            == "786a02f742015903c6c6fd852552d272912f4740e15847618a86e217f71f5419d25e1031afee585313896444934eb04b903a685b1448b755d56f701afe9be2ce")
        #expect(Hex.encode(Blake2b.hash(Array("The quick brown fox jumps over the lazy dog".utf8)))
            == "a8add4bdddfd93e4877d2746e62817b116364a1fa7bc148d95090bc7333b3673f82401cf7aa2e4cb1ecd90296e3f14cb5413f8ed77be73045b13914cdcd6a918")
        #expect(Hex.encode(Blake2b.hash([UInt8](repeating: 0, count: 128)))
            == "865939e120e6805438478841afb739ae4250cf372653078a065cdcfffca4caf798e6d462b65d658fc165782640eded70963449ae1500fb0f24981d7727e22c41")
        #expect(Hex.encode(Blake2b.hash([UInt8](repeating: 0, count: 129)))
            == "a60edba343e7a6933c14d203d2e535f35e6deb6c8a4f8e624c1a6f6e2612860447cb4c37e5aa11bcf03b7c3eea7228eb8b998f922794f2d1b8f2dc63f03bd3fa")
    }

    @Test func incrementalUpdatesAndForksAgreeWithOneShot() {
        let message = (0..<1000).map { UInt8(truncatingIfNeeded: $0 &* 7) }
        for split in [0, 1, 127, 128, 129, 256, 999] {
            var hasher = Blake2b()
            hasher.update(message[..<split])
            let fork = hasher
            hasher.update(message[split...])
            #expect(hasher.finalize() == Blake2b.hash(message), "split at \(split)")
            #expect(fork.finalize() == Blake2b.hash(message[..<split]), "fork at \(split)")
        }
    }

    @Test func hermezPowersOfTauFile() throws {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Vectors/snarkjs/ark-circom-groth16/powersOfTau28_hez_final_10.ptau")
        let data = try Data(contentsOf: url)
        #expect(Hex.encode(Blake2b.hash(data))
            == "6cfeb8cda92453099d20120bdd0e8a5c4e7706c2da9a8f09ccc157ed2464d921fd0437fb70db42104769efd7d6f3c1f964bcf448c455eab6f6c7d863e88a5849")
    }
}
