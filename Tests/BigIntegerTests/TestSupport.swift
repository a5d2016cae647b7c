import BigInteger

/// Small deterministic PRNG for reproducible random tests.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A random non-negative BigInt with up to `maxLimbs` limbs (sometimes with zero high limbs).
    mutating func bigUInt(maxLimbs: Int) -> BigInt {
        let n = Int.random(in: 0...maxLimbs, using: &self)
        var limbs = (0..<n).map { _ in next() }
        // Occasionally produce sparse values / small values.
        if n > 0, Bool.random(using: &self) { limbs[n - 1] >>= UInt64.random(in: 0..<64, using: &self) }
        return BigInt(limbs: limbs)
    }

    /// A random signed BigInt with up to `maxLimbs` limbs.
    mutating func bigInt(maxLimbs: Int) -> BigInt {
        let v = bigUInt(maxLimbs: maxLimbs)
        return Bool.random(using: &self) ? -v : v
    }
}

enum BN254 {
    static let r = try! BigInt(decimal: "21888242871839275222246405745257275088548364400416034343698204186575808495617")
    static let q = try! BigInt(decimal: "21888242871839275222246405745257275088696311157297823662689037894645226208583")
}
