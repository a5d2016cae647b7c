import BN254

/// The `curve` suite. Each kernel family registers its entries from its own file
/// (`CurveBenchmarks+<Family>.swift`).
enum CurveBenchmarks {
    static func register(in suite: inout BenchmarkSuite, threads: Int) throws {
        registerGroups(in: &suite)
        registerPairing(in: &suite)
        try registerMSM(in: &suite, threads: threads)
        registerNTT(in: &suite, threads: threads)
    }
}
