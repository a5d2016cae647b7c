import Digest
import Testing

/// Keccak-256 against published digests (the Keccak team's and Ethereum's: the empty string, "abc",
/// the ERC-20 selectors) and at the rate's boundaries, where a padding error would show.
@Suite("Keccak-256")
struct Keccak256Tests {
    @Test func knownDigests() {
        #expect(Hex.encode(Keccak256.hash([UInt8]())) == "c5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470")
        #expect(Hex.encode(Keccak256.hash(Array("abc".utf8))) == "4e03657aea45a94fc7d47ba826c8d667c0d1e6e33a64a036ec44f58fa12d6c45")
        #expect(Hex.encode(Keccak256.hash(Array("The quick brown fox jumps over the lazy dog".utf8)))
            == "4d741b6f1eb29cb2a9b9911c82f56fa8d73b04959d3d9d222895df6c0b28aa15")
    }

    @Test func ethereumSelectors() {
        #expect(Keccak256.selector("transfer(address,uint256)") == [0xa9, 0x05, 0x9c, 0xbb])
        #expect(Keccak256.selector("balanceOf(address)") == [0x70, 0xa0, 0x82, 0x31])
        #expect(Keccak256.selector("deposit(uint256,uint256)") == [0xe2, 0xbb, 0xb1, 0x58])
    }

    /// Zero messages of 135 bytes (the single padding byte 0x81), 136 (a whole padding block), 137 and 272 bytes, and
    /// bytes 0…199; digests from eth_utils.keccak (pycryptodome's Keccak), which py-evm uses.
    @Test func rateBoundaries() {
        let digests = [
            135: "29e3704feeca7fb9ba229f0fa04d9b36449cf3ad6e1d85d9cfff3a10df9abc3e",
            136: "3a5912a7c5faa06ee4fe906253e339467a9ce87d533c65be3c15cb231cdb25f9",
            137: "bee7fbb405cb0d91a8775e338c4a5e4b5d6b2d051f687fa942043cffdc73bd28",
            272: "a8005c7a3125b6c3629b4181eca54d18721e41fef639718d205beb00b366ed7d",
        ]
        for (count, digest) in digests { #expect(Hex.encode(Keccak256.hash([UInt8](repeating: 0, count: count))) == digest, "\(count) bytes") }
        #expect(Hex.encode(Keccak256.hash((0..<200).map { UInt8($0) })) == "bfb0aa97863e797943cf7c33bb7e880bb4543f3d2703c0923c6901c2af57b890")
    }
}
