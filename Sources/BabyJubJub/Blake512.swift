import Digest

/// BLAKE-512, the SHA-3 finalist hash of Aumasson, Henzen, Meier and Phan ("SHA-3 proposal BLAKE",
/// version 1.3, 2010): 16 rounds of the G function on a 4×4 state of 64-bit words. This is the
/// original BLAKE that circomlibjs `eddsa.js` uses (npm `blake-hash`), not BLAKE2b.
public enum Blake512 {
    /// The digest length in bytes.
    public static let digestByteCount = 64

    /// The 64-byte BLAKE-512 digest of `message` (BLAKE specification §2.2, no salt).
    public static func hash(_ message: some Collection<UInt8>) -> [UInt8] {
        let bytes = Array(message)
        let blocks = padded(bytes)
        var chain = initialValue
        let messageBits = UInt64(bytes.count) &* 8
        for start in stride(from: 0, to: blocks.count, by: 128) {
            // The counter is the number of message bits up to the end of this block, or 0 when
            // the block holds padding only (specification §2.2.1).
            let counter: UInt64 = start < bytes.count ? min(messageBits, UInt64(start + 128) * 8) : 0
            compress(&chain, blocks[start..<start + 128], counter: counter)
        }
        var digest: [UInt8] = []
        digest.reserveCapacity(digestByteCount)
        for word in chain {
            for shift in stride(from: 56, through: 0, by: -8) { digest.append(UInt8(truncatingIfNeeded: word >> UInt64(shift))) }
        }
        return digest
    }

    /// The message followed by a 1 bit, zeros, a 1 bit and the 128-bit big-endian bit length, to a
    /// multiple of 1024 bits (specification §2.2.1, BLAKE-512 padding).
    static func padded(_ message: [UInt8]) -> [UInt8] {
        var blocks = message
        blocks.append(0x80)
        while blocks.count % 128 != 112 { blocks.append(0) }
        blocks[blocks.count - 1] |= 0x01
        let bitLength = UInt64(message.count) &* 8
        let highBits = UInt64(message.count) >> 61
        for word in [highBits, bitLength] {
            for shift in stride(from: 56, through: 0, by: -8) { blocks.append(UInt8(truncatingIfNeeded: word >> UInt64(shift))) }
        }
        return blocks
    }

    /// The compression function: initialization, 16 rounds, finalization (specification §2.2.2).
    static func compress(_ chain: inout [UInt64], _ block: ArraySlice<UInt8>, counter: UInt64) {
        var m = [UInt64](repeating: 0, count: 16)
        var index = block.startIndex
        for i in 0..<16 {
            for _ in 0..<8 {
                m[i] = m[i] << 8 | UInt64(block[index])
                index += 1
            }
        }
        var v = chain + constants[0..<4]
        v += [counter ^ constants[4], counter ^ constants[5], constants[6], constants[7]]
        for round in 0..<16 {
            let s = sigma[round % 10]
            func g(_ a: Int, _ b: Int, _ c: Int, _ d: Int, _ i: Int) {
                let x = s[2 * i], y = s[2 * i + 1]
                v[a] = v[a] &+ v[b] &+ (m[x] ^ constants[y])
                v[d] = rotateRight(v[d] ^ v[a], 32)
                v[c] = v[c] &+ v[d]
                v[b] = rotateRight(v[b] ^ v[c], 25)
                v[a] = v[a] &+ v[b] &+ (m[y] ^ constants[x])
                v[d] = rotateRight(v[d] ^ v[a], 16)
                v[c] = v[c] &+ v[d]
                v[b] = rotateRight(v[b] ^ v[c], 11)
            }
            g(0, 4, 8, 12, 0)
            g(1, 5, 9, 13, 1)
            g(2, 6, 10, 14, 2)
            g(3, 7, 11, 15, 3)
            g(0, 5, 10, 15, 4)
            g(1, 6, 11, 12, 5)
            g(2, 7, 8, 13, 6)
            g(3, 4, 9, 14, 7)
        }
        for i in 0..<8 { chain[i] ^= v[i] ^ v[i + 8] }
    }

    static func rotateRight(_ x: UInt64, _ n: UInt64) -> UInt64 { x >> n | x << (64 - n) }

    /// IV: the SHA-512 initial value (specification §2.2.1), which BLAKE2b shares.
    static var initialValue: [UInt64] { Blake2b.iv }

    /// The constants c0…c15: the first digits of π (specification §2.2.1).
    static let constants: [UInt64] = [
        0x243F_6A88_85A3_08D3, 0x1319_8A2E_0370_7344, 0xA409_3822_299F_31D0, 0x082E_FA98_EC4E_6C89,
        0x4528_21E6_38D0_1377, 0xBE54_66CF_34E9_0C6C, 0xC0AC_29B7_C97C_50DD, 0x3F84_D5B5_B547_0917,
        0x9216_D5D9_8979_FB1B, 0xD131_0BA6_98DF_B5AC, 0x2FFD_72DB_D01A_DFB7, 0xB8E1_AFED_6A26_7E96,
        0xBA7C_9045_F12C_7F99, 0x24A1_9947_B391_6CF7, 0x0801_F2E2_858E_FC16, 0x6369_20D8_7157_4E69,
    ]

    /// The message permutations σ0…σ9; round r uses σ(r mod 10) (specification §2.1.2; BLAKE2b
    /// kept them).
    static var sigma: [[Int]] { Blake2b.sigma }
}
