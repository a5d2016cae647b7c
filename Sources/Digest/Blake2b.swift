/// BLAKE2b (RFC 7693), unkeyed, with an output of 1 to 64 bytes: the hash of snarkjs's
/// ceremony files (`.ptau` and `.zkey` transcripts, circuit hashes). Incremental, so that a
/// transcript can be hashed section by section; copying the value forks the running hash.
public struct Blake2b: Sendable {
    /// The initialisation vector, SHA-512's initial hash value (RFC 7693 §2.6); BLAKE-512 uses it too.
    public static let iv: [UInt64] = [
        0x6a09e667f3bcc908, 0xbb67ae8584caa73b, 0x3c6ef372fe94f82b, 0xa54ff53a5f1d36f1,
        0x510e527fade682d1, 0x9b05688c2b3e6c1f, 0x1f83d9abfb41bd6b, 0x5be0cd19137e2179,
    ]

    /// The message word permutations σ_0…σ_9 (RFC 7693 §2.7), BLAKE's own; rounds 10 and 11
    /// reuse σ_0, σ_1.
    public static let sigma: [[Int]] = [
        [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15],
        [14, 10, 4, 8, 9, 15, 13, 6, 1, 12, 0, 2, 11, 7, 5, 3],
        [11, 8, 12, 0, 5, 2, 15, 13, 10, 14, 3, 6, 7, 1, 9, 4],
        [7, 9, 3, 1, 13, 12, 11, 14, 2, 6, 5, 10, 4, 0, 15, 8],
        [9, 0, 5, 7, 2, 4, 10, 15, 14, 1, 11, 12, 6, 8, 3, 13],
        [2, 12, 6, 10, 0, 11, 8, 3, 4, 13, 7, 5, 15, 14, 1, 9],
        [12, 5, 1, 15, 14, 13, 4, 10, 0, 7, 6, 3, 9, 2, 8, 11],
        [13, 11, 7, 14, 12, 1, 3, 9, 5, 0, 15, 4, 8, 6, 2, 10],
        [6, 15, 14, 9, 11, 3, 0, 8, 12, 2, 13, 7, 1, 4, 10, 5],
        [10, 2, 8, 4, 7, 6, 1, 5, 15, 11, 9, 14, 3, 12, 13, 0],
    ]

    private var state: [UInt64]
    /// Bytes not yet compressed: at most one block, kept back until more input (or the end)
    /// shows whether it is the final block.
    private var pending: [UInt8] = []
    private var byteCount: UInt64 = 0
    private let outputLength: Int

    /// A hash with `outputLength` bytes of output (64 for BLAKE2b-512).
    public init(outputLength: Int = 64) {
        precondition((1...64).contains(outputLength), "BLAKE2b outputs 1 to 64 bytes")
        self.outputLength = outputLength
        state = Self.iv
        state[0] ^= 0x0101_0000 ^ UInt64(outputLength)  // parameter block: fanout 1, depth 1, no key
    }

    /// Appends `bytes` to the message.
    public mutating func update(_ bytes: some Collection<UInt8>) {
        pending.append(contentsOf: bytes)
        guard pending.count > 128 else { return }
        // Keep the last (possibly full) block back: only finalize knows it is the last one.
        let full = (pending.count - 1) / 128
        pending.withUnsafeBufferPointer { buffer in
            for block in 0..<full {
                byteCount &+= 128
                compress(buffer, offset: block * 128, isLast: false)
            }
        }
        pending.removeFirst(full * 128)
    }

    /// The digest of everything appended so far (the hash itself is left as it was).
    public func finalize() -> [UInt8] {
        var copy = self
        copy.byteCount &+= UInt64(copy.pending.count)
        var block = copy.pending
        block.append(contentsOf: [UInt8](repeating: 0, count: 128 - block.count))
        block.withUnsafeBufferPointer { copy.compress($0, offset: 0, isLast: true) }
        var digest: [UInt8] = []
        digest.reserveCapacity(64)
        for word in copy.state {
            for shift in stride(from: 0, to: 64, by: 8) { digest.append(UInt8(truncatingIfNeeded: word >> UInt64(shift))) }
        }
        return Array(digest.prefix(outputLength))
    }

    /// The 64-byte BLAKE2b-512 digest of `message`.
    public static func hash(_ message: some Collection<UInt8>) -> [UInt8] {
        var hasher = Blake2b()
        hasher.update(message)
        return hasher.finalize()
    }

    /// The compression function F (RFC 7693 §3.2) on the 128-byte block at `offset`.
    private mutating func compress(_ buffer: UnsafeBufferPointer<UInt8>, offset: Int, isLast: Bool) {
        var m = [UInt64](repeating: 0, count: 16)
        for i in 0..<16 {
            var word: UInt64 = 0
            for j in 0..<8 { word |= UInt64(buffer[offset + 8 * i + j]) << UInt64(8 * j) }
            m[i] = word
        }
        var v = state + Self.iv
        v[12] ^= byteCount  // the counter's high word stays zero below 2^64 bytes
        if isLast { v[14] = ~v[14] }
        func mix(_ a: Int, _ b: Int, _ c: Int, _ d: Int, _ x: UInt64, _ y: UInt64) {
            v[a] = v[a] &+ v[b] &+ x
            v[d] = rotate(v[d] ^ v[a], 32)
            v[c] = v[c] &+ v[d]
            v[b] = rotate(v[b] ^ v[c], 24)
            v[a] = v[a] &+ v[b] &+ y
            v[d] = rotate(v[d] ^ v[a], 16)
            v[c] = v[c] &+ v[d]
            v[b] = rotate(v[b] ^ v[c], 63)
        }
        for round in 0..<12 {
            let s = Self.sigma[round % 10]
            mix(0, 4, 8, 12, m[s[0]], m[s[1]])
            mix(1, 5, 9, 13, m[s[2]], m[s[3]])
            mix(2, 6, 10, 14, m[s[4]], m[s[5]])
            mix(3, 7, 11, 15, m[s[6]], m[s[7]])
            mix(0, 5, 10, 15, m[s[8]], m[s[9]])
            mix(1, 6, 11, 12, m[s[10]], m[s[11]])
            mix(2, 7, 8, 13, m[s[12]], m[s[13]])
            mix(3, 4, 9, 14, m[s[14]], m[s[15]])
        }
        for i in 0..<8 { state[i] ^= v[i] ^ v[i + 8] }
    }

    private func rotate(_ value: UInt64, _ count: UInt64) -> UInt64 { value >> count | value << (64 - count) }
}
