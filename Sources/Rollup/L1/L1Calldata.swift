import BN254
import Digest
import Groth16

/// The transaction inputs of the L1 contract (`Rollup.vy`, `RollupContract`), ABI-encoded as the
/// Solidity ABI specification defines (the encoding Vyper uses): a 4-byte selector, 32-byte head
/// words, and for `bytes` an offset to its length and zero-padded contents.
public enum L1Calldata {
    /// keccak256("submitBatch(uint64,uint256,uint256,bytes,uint256[8])")[0..<4]; `Tests/EVM` checks it against the compiled contract.
    public static let submitBatchSelector: [UInt8] = [0x55, 0x73, 0x20, 0x26]
    /// keccak256("deposit(uint256,uint256)")[0..<4]; checked the same way.
    public static let depositSelector: [UInt8] = [0xe2, 0xbb, 0xb1, 0x58]

    /// The head words of `submitBatch`: batch, newRoot, dataHash, the offset of records, the proof's 8 words.
    static let submitBatchHeadWords = 4 + 8

    /// `submitBatch(batch, newRoot, dataHash, records, proof)`: the call that settles a batch on L1.
    public static func submitBatch(batch: UInt64, newRoot: Fr, dataHash: Fr, records: [UInt8], proof: Proof) -> [UInt8] {
        var bytes = submitBatchSelector + word(UInt64(batch)) + newRoot.bigEndianBytes + dataHash.bigEndianBytes
            + word(UInt64(32 * submitBatchHeadWords))
        for proofWord in proof.evmWords { bytes += proofWord }
        bytes += word(UInt64(records.count)) + records
        bytes += [UInt8](repeating: 0, count: (32 - records.count % 32) % 32)
        return bytes
    }

    /// `deposit(ax, ay)`, sent with the deposited amount as its value (1 unit = 1 wei).
    public static func deposit(_ key: PublicKey) -> [UInt8] { depositSelector + key.x.bigEndianBytes + key.y.bigEndianBytes }

    /// The records argument of a `submitBatch` calldata, and its batch number and new root; nil if it is not one.
    public static func decodeSubmitBatch(_ bytes: [UInt8]) -> (batch: UInt64, newRoot: Fr, records: [UInt8])? {
        guard bytes.count >= 4 + 32 * (submitBatchHeadWords + 1), Array(bytes[0..<4]) == submitBatchSelector else { return nil }
        func integer(_ offset: Int) -> UInt64? {
            let start = 4 + offset
            guard bytes[start..<start + 24].allSatisfy({ $0 == 0 }) else { return nil }
            return bytes[start + 24..<start + 32].reduce(0) { $0 << 8 | UInt64($1) }
        }
        guard let batch = integer(0), let newRoot = try? Fr(bigEndianBytes: bytes[36..<68]), let offset = integer(96),
              offset + 36 <= UInt64(bytes.count), let length = integer(Int(offset)),
              4 + Int(offset) + 32 + Int(length) <= bytes.count
        else { return nil }
        let start = 4 + Int(offset) + 32
        return (batch, newRoot, Array(bytes[start..<start + Int(length)]))
    }

    static func word(_ value: UInt64) -> [UInt8] { [UInt8](repeating: 0, count: 24) + PublishedData.bigEndian(value, 8) }

    /// Lowercase hex with a 0x prefix.
    public static func hex(_ bytes: [UInt8]) -> String { "0x" + Hex.encode(bytes) }
}
