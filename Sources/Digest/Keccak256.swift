/// Keccak-256 as Ethereum uses it (the Keccak submission's padding 0x01…0x80, not FIPS 202's
/// SHA3-256 0x06): Keccak-f[1600] of FIPS 202 §3.2 with rate 1088 bits and a 256-bit output. Here for
/// ABI function selectors (Solidity ABI specification, "Function Selector"), not for bulk data.
public enum Keccak256 {
    /// The round constants RC[i] of the ι step (FIPS 202 §3.2.5), for rounds 0…23.
    static let roundConstants: [UInt64] = [
        0x0000000000000001, 0x0000000000008082, 0x800000000000808a, 0x8000000080008000, 0x000000000000808b, 0x0000000080000001,
        0x8000000080008081, 0x8000000000008009, 0x000000000000008a, 0x0000000000000088, 0x0000000080008009, 0x000000008000000a,
        0x000000008000808b, 0x800000000000008b, 0x8000000000008089, 0x8000000000008003, 0x8000000000008002, 0x8000000000000080,
        0x000000000000800a, 0x800000008000000a, 0x8000000080008081, 0x8000000000008080, 0x0000000080000001, 0x8000000080008008,
    ]

    /// The ρ rotation of lane (x, y) at index x + 5y (FIPS 202 §3.2.2, Table 2).
    static let rotations: [UInt64] = [0, 1, 62, 28, 27, 36, 44, 6, 55, 20, 3, 10, 43, 25, 39, 41, 45, 15, 21, 8, 18, 2, 61, 56, 14]

    /// The rate in bytes: 1600 − 2·256 bits.
    static let rate = 136

    /// The 32-byte digest of `message`.
    public static func hash(_ message: some Collection<UInt8>) -> [UInt8] {
        var padded = Array(message)
        padded.append(0x01)
        while padded.count % rate != 0 { padded.append(0) }
        padded[padded.count - 1] |= 0x80
        var state = [UInt64](repeating: 0, count: 25)
        for block in stride(from: 0, to: padded.count, by: rate) {
            for lane in 0..<(rate / 8) {
                var word: UInt64 = 0
                for byte in 0..<8 { word |= UInt64(padded[block + 8 * lane + byte]) << (8 * UInt64(byte)) }
                state[lane] ^= word
            }
            permute(&state)
        }
        return (0..<32).map { UInt8(truncatingIfNeeded: state[$0 / 8] >> (8 * UInt64($0 % 8))) }
    }

    /// Keccak-f[1600]: 24 rounds of θ, ρ, π, χ, ι on lanes indexed x + 5y (FIPS 202 §3.3).
    static func permute(_ a: inout [UInt64]) {
        var b = [UInt64](repeating: 0, count: 25)
        for round in 0..<24 {
            var c = [UInt64](repeating: 0, count: 5)
            for x in 0..<5 {
                let low: UInt64 = a[x] ^ a[x + 5] ^ a[x + 10]
                c[x] = low ^ a[x + 15] ^ a[x + 20]
            }
            for x in 0..<5 {
                let d = c[(x + 4) % 5] ^ rotateLeft(c[(x + 1) % 5], 1)
                for y in 0..<5 { a[x + 5 * y] ^= d }
            }
            // ρ and π: lane (x, y) moves to (y, 2x + 3y) rotated by its offset.
            for x in 0..<5 {
                for y in 0..<5 { b[y + 5 * ((2 * x + 3 * y) % 5)] = rotateLeft(a[x + 5 * y], rotations[x + 5 * y]) }
            }
            for y in 0..<5 {
                for x in 0..<5 {
                    let chi: UInt64 = ~b[(x + 1) % 5 + 5 * y] & b[(x + 2) % 5 + 5 * y]
                    a[x + 5 * y] = b[x + 5 * y] ^ chi
                }
            }
            a[0] ^= roundConstants[round]
        }
    }

    static func rotateLeft(_ value: UInt64, _ count: UInt64) -> UInt64 { count == 0 ? value : value << count | value >> (64 - count) }

    /// The first four bytes of the digest of a function signature such as "transfer(address,uint256)".
    public static func selector(_ signature: String) -> [UInt8] { Array(hash(Array(signature.utf8)).prefix(4)) }
}
