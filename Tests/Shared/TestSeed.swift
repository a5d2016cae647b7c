import Foundation

/// The seeds of the property tests: each test keeps its own fixed seed, and `TEST_SEED` (scripts/test draws one per
/// run and prints it) moves them all at once, so every run of the suite tries other values and any failure can be
/// replayed with the printed seed. Symlinked into each test target that draws random values (one source, Tests/Shared).
enum TestSeed {
    /// `TEST_SEED` from the environment, nil when unset (then every test draws its fixed values).
    static let override: UInt64? = ProcessInfo.processInfo.environment["TEST_SEED"].flatMap { UInt64($0) }

    /// The seed to use for a test whose fixed seed is `fixed`: `fixed` itself, or mixed with `TEST_SEED` when set,
    /// so that tests sharing one `TEST_SEED` still draw different values.
    static func seed(_ fixed: UInt64) -> UInt64 {
        guard let override else { return fixed }
        return override &* 0x9E37_79B9_7F4A_7C15 &+ fixed  // Knuth's multiplicative constant; the generators mix further
    }

    /// A failure comment naming the seed in force, to append to messages of seeded checks.
    static var note: String { override.map { "TEST_SEED=\($0)" } ?? "fixed seeds (TEST_SEED unset)" }
}
