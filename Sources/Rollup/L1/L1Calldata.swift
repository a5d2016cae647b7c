import BN254
import Digest
import Groth16

/// The transaction inputs of the L1 contract (`Rollup.vy`, `RollupContract`), ABI-encoded as the
/// Solidity ABI specification defines (the encoding Vyper uses): a 4-byte selector, then 32-byte
/// words; the records are a static `uint256[3·slots]` array, so they sit in the head, word by word.
public enum L1Calldata {
    /// keccak256("deposit(uint256,uint256)")[0..<4]; `Tests/EVM` checks it against the compiled contract.
    public static let depositSelector: [UInt8] = [0xe2, 0xbb, 0xb1, 0x58]

    /// Words besides the records: batch, newRoot, dataHash, and the proof's 8.
    static let fixedWords = 3 + 8

    /// The Solidity-style signature of `submitBatch` for records of `words` words (`uint256[words]`).
    public static func submitBatchSignature(words: Int) -> String { "submitBatch(uint64,uint256,uint256,uint256[\(words)],uint256[8])" }

    /// Its selector, keccak256 of the signature's first four bytes: it depends on the circuit's slot count.
    public static func submitBatchSelector(words: Int) -> [UInt8] { Keccak256.selector(submitBatchSignature(words: words)) }

    /// `submitBatch(batch, newRoot, dataHash, records, proof)`: the call that settles a batch on L1.
    /// `records` is whole 32-byte words (`PublishedData.records`).
    public static func submitBatch(batch: UInt64, newRoot: Fr, dataHash: Fr, records: [UInt8], proof: Proof) -> [UInt8] {
        precondition(records.count % 32 == 0, "records are whole words")
        var bytes = submitBatchSelector(words: records.count / 32) + word(batch) + newRoot.bigEndianBytes + dataHash.bigEndianBytes + records
        for proofWord in proof.evmWords { bytes += proofWord }
        return bytes
    }

    /// `deposit(ax, ay)`, sent with the deposited amount as its value (1 unit = 1 wei).
    public static func deposit(_ key: PublicKey) -> [UInt8] { depositSelector + key.x.bigEndianBytes + key.y.bigEndianBytes }

    /// The records argument of a `submitBatch` calldata, and its batch number and new root; nil if it is
    /// not one (its length must be whole words, and its selector the one of that many record words).
    public static func decodeSubmitBatch(_ bytes: [UInt8]) -> (batch: UInt64, newRoot: Fr, records: [UInt8])? {
        guard bytes.count >= 4 + 32 * fixedWords, (bytes.count - 4) % 32 == 0 else { return nil }
        let words = (bytes.count - 4) / 32 - fixedWords
        guard Array(bytes[0..<4]) == submitBatchSelector(words: words), bytes[4..<28].allSatisfy({ $0 == 0 }),
              let newRoot = try? Fr(bigEndianBytes: bytes[36..<68])
        else { return nil }
        let batch = bytes[28..<36].reduce(0) { $0 << 8 | UInt64($1) }
        return (batch, newRoot, Array(bytes[100..<100 + 32 * words]))
    }

    static func word(_ value: UInt64) -> [UInt8] { [UInt8](repeating: 0, count: 24) + PublishedData.bigEndian(value, 8) }

    /// Lowercase hex with a 0x prefix.
    public static func hex(_ bytes: [UInt8]) -> String { "0x" + Hex.encode(bytes) }
}
