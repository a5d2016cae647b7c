import CBN254Kernel
extension PrimeField {
    /// A uniformly random element drawn from `generator` by rejection sampling on 254-bit values.
    @inlinable
    public static func random<G: RandomNumberGenerator>(using generator: inout G) -> Self {
        let topMask: UInt64 = (1 << 62) - 1  // both moduli are below 2^254
        while true {
            let candidate = Limbs(
                l0: generator.next(), l1: generator.next(), l2: generator.next(),
                l3: generator.next() & topMask)
            // A uniform value below p is also a uniform Montgomery representation.
            if candidate.isLess(than: modulusLimbs) { return Self(montgomeryLimbs: candidate) }
        }
    }

    /// A uniformly random element from the operating system's cryptographic generator
    /// (`SystemRandomNumberGenerator`: getrandom(2) on Linux).
    public static func random() -> Self {
        var generator = SystemRandomNumberGenerator()
        return random(using: &generator)
    }
}

/// A deterministic generator (xoshiro256**, seeded through SplitMix64) for TESTS AND TEST
/// VECTORS ONLY. It is NOT cryptographically secure: never use it for proofs, keys or nonces.
public struct InsecureSeededGenerator: RandomNumberGenerator, Sendable {
    private var state: (UInt64, UInt64, UInt64, UInt64)

    /// A generator whose whole output is determined by `seed`. INSECURE: tests and vectors only.
    public init(seed: UInt64) {
        var s = seed
        func splitMix() -> UInt64 {
            s &+= 0x9E37_79B9_7F4A_7C15
            var z = s
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        state = (splitMix(), splitMix(), splitMix(), splitMix())
    }

    /// The next 64 bits (Blackman and Vigna, "Scrambled linear pseudorandom number generators").
    public mutating func next() -> UInt64 {
        let result = ((state.1 &* 5) << 7 | (state.1 &* 5) >> 57) &* 9
        let t = state.1 << 17
        state.2 ^= state.0
        state.3 ^= state.1
        state.1 ^= state.2
        state.0 ^= state.3
        state.2 ^= t
        state.3 = state.3 << 45 | state.3 >> 19
        return result
    }
}
