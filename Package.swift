// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "swift-zk-rollup",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "rollup", targets: ["rollup"]),
        .executable(name: "rollup-verify", targets: ["rollup-verify"]),
        .library(name: "BN254", targets: ["BN254"]),
        .library(name: "BigInteger", targets: ["BigInteger"]),
        .library(name: "Circuit", targets: ["Circuit"]),
        .library(name: "Groth16", targets: ["Groth16"]),
        .library(name: "Groth16Setup", targets: ["Groth16Setup"]),
        .library(name: "Poseidon", targets: ["Poseidon"]),
        .library(name: "SparseMerkleTree", targets: ["SparseMerkleTree"]),
        .library(name: "BabyJubJub", targets: ["BabyJubJub"]),
        .library(name: "Pipeline", targets: ["Pipeline"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.6.0"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.5.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.0.0"),
    ],
    targets: [
        // libgmp through pkg-config, with a shim header for GMP's function-like macros.
        .systemLibrary(
            name: "CGMP",
            pkgConfig: "gmp",
            providers: [.apt(["libgmp-dev"])]
        ),
        .target(name: "BigInteger", dependencies: ["CGMP"]),
        // Header-only C kernel: 4x64-bit Montgomery arithmetic, inlined into Swift call sites.
        .target(name: "CBN254Kernel"),
        .target(name: "BN254", dependencies: ["CBN254Kernel", "BigInteger"]),
        // SHA-256 (FIPS 180-4) for file hashes and the ledger's hash chain; the hex codec they and the L1 calldata share.
        .target(name: "Digest"),
        // Crash-safe file writes (temporary file, fsync, rename).
        .target(name: "DurableFiles"),
        // The iden3 binary container shared by .r1cs, .wtns, .zkey and .ptau files.
        .target(name: "SnarkjsBinary"),
        // R1CS builder, gadgets (SHA-256 among them, with Digest's constants), witness solver (its atomics from the C kernel), circom .r1cs/.wtns files.
        .target(name: "Circuit", dependencies: ["BN254", "CBN254Kernel", "BigInteger", "SnarkjsBinary", "Digest"]),
        // Groth16 prove/verify with snarkjs .zkey and JSON interop; field and curve code only.
        .target(name: "Groth16", dependencies: ["BN254", "BigInteger", "SnarkjsBinary"]),
        // Key generation from an R1CS (.ptau ceremony files or an insecure seeded dev setup) and the snarkjs phase-2 ceremony.
        .target(name: "Groth16Setup", dependencies: ["Groth16", "Circuit", "BN254", "SnarkjsBinary", "Digest"]),
        // circomlib-compatible Poseidon hash (native and R1CS gadget).
        .target(name: "Poseidon", dependencies: ["BN254", "Circuit"]),
        // The system SQLite 3 library through pkg-config.
        .systemLibrary(name: "CSQLite", pkgConfig: "sqlite3", providers: [.apt(["libsqlite3-dev"])]),
        // libpq, PostgreSQL's C client, through pkg-config (Debian's libpq-dev).
        .systemLibrary(name: "CLibPQ", pkgConfig: "libpq", providers: [.apt(["libpq-dev"])]),
        // A small blocking PostgreSQL client over libpq: parameterised queries, binary results, transactions.
        .target(name: "PostgresClient", dependencies: ["CLibPQ"]),
        // The rollup's Poseidon account tree: in-memory, SQLite and PostgreSQL stores, batches, gadgets.
        .target(name: "SparseMerkleTree", dependencies: ["Poseidon", "Circuit", "BN254", "CSQLite", "PostgresClient"]),
        // Baby JubJub curve, BLAKE-512, EdDSA-Poseidon (circomlibjs) and its verifier gadget.
        .target(name: "BabyJubJub", dependencies: ["BN254", "BigInteger", "Circuit", "Poseidon", "Digest"]),
        // Accounts, transactions, batch files, the state transition and the batch circuit.
        .target(
            name: "Rollup",
            dependencies: ["SparseMerkleTree", "BabyJubJub", "Poseidon", "Circuit", "Groth16", "Groth16Setup", "BN254", "BigInteger", "DurableFiles", "Digest"]),
        // libFuzzer harnesses of every parser (scripts/fuzz); without the fuzzer build it replays files.
        .executableTarget(name: "rollup-fuzz", dependencies: ["BN254", "Circuit", "Groth16", "Groth16Setup", "Pipeline", "Rollup"]),
        .executableTarget(
            name: "rollup",
            dependencies: [
                "BN254", "BigInteger", "CGMP", "Circuit", "Groth16", "Groth16Setup", "DurableFiles", "SnarkjsBinary",
                "Rollup", "Poseidon", "BabyJubJub", "SparseMerkleTree", "Pipeline", "Digest", "RollupEngine", "PipelineToyEngine", "PostgresClient",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
            ]
        ),
        // The prover pipeline: file queue, leases, worker roles, settlement ledger (engine behind a protocol).
        .target(name: "Pipeline", dependencies: ["DurableFiles", "Digest", "PostgresClient", .product(name: "Logging", package: "swift-log"),
                                                 .product(name: "Metrics", package: "swift-metrics")]),
        // The rollup plugged into the pipeline: the BatchEngine of a shipped circuit.
        .target(
            name: "RollupEngine",
            dependencies: ["Pipeline", "Rollup", "SparseMerkleTree", "Circuit", "Groth16", "Groth16Setup", "SnarkjsBinary", "BN254", "PostgresClient"]),
        // A toy BatchEngine that proves nothing: for the pipeline's tests and `rollup bench queue` only.
        .target(name: "PipelineToyEngine", dependencies: ["Pipeline", "DurableFiles", "Digest", "PostgresClient"]),
        // Test fixture only: a worker executable over the toy engine that the pipeline tests spawn and kill.
        .executableTarget(name: "pipeline-test-worker", dependencies: ["Pipeline", "PipelineToyEngine"]),
        .executableTarget(
            name: "rollup-verify",
            dependencies: ["BN254", "Groth16"]
        ),
        .testTarget(name: "BigIntegerTests", dependencies: ["BigInteger"]),
        .testTarget(name: "BN254Tests", dependencies: ["BN254", "BigInteger"]),
        .testTarget(name: "SnarkjsBinaryTests", dependencies: ["SnarkjsBinary"]),
        .testTarget(name: "DurableFilesTests", dependencies: ["DurableFiles"]),
        .testTarget(name: "DigestTests", dependencies: ["Digest"]),
        // Runs the built `rollup` and `rollup-verify` executables end to end.
        .testTarget(name: "CLITests", dependencies: ["rollup", "rollup-verify", "PostgresClient", "Pipeline"]),
        .testTarget(name: "PipelineTests", dependencies: ["Pipeline", "PipelineToyEngine", "pipeline-test-worker", "rollup", "PostgresClient", "Rollup", "RollupEngine"]),
        .testTarget(name: "CircuitTests", dependencies: ["Circuit", "BN254", "BigInteger", "SnarkjsBinary", "Digest"]),
        .testTarget(
            name: "Groth16Tests",
            dependencies: ["Groth16", "Groth16Setup", "Circuit", "BN254", "BigInteger", "SnarkjsBinary", "Digest"]),
        .testTarget(
            name: "RollupTests",
            dependencies: ["Rollup", "SparseMerkleTree", "BabyJubJub", "Poseidon", "Circuit", "Groth16", "Groth16Setup", "BN254"]),
        .testTarget(name: "PoseidonTests", dependencies: ["Poseidon", "Circuit", "BN254"]),
        .testTarget(name: "SparseMerkleTreeTests", dependencies: ["SparseMerkleTree", "Poseidon", "Circuit", "BN254", "PostgresClient"]),
        .testTarget(name: "BabyJubJubTests", dependencies: ["BabyJubJub", "Circuit", "BN254", "BigInteger"]),
    ]
)
