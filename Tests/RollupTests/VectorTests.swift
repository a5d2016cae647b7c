import BN254
import Foundation
import Groth16
import Groth16Setup
import Rollup
import SparseMerkleTree
import Testing

/// `<repository>/<path>`, from this file's location.
func repositoryFile(_ path: String) -> URL {
    URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent(path)
}

/// The fixed batches of `Vectors/rollup/` (see its README): roots, rejection codes, and a proof.
@Suite("Rollup vectors")
struct RollupVectorTests {
    struct Expected: Decodable {
        struct Rejection: Decodable { let file: String; let code: String }
        let roots: [String: String]
        let rejections: [Rejection]
    }

    let expected: Expected = try! JSONDecoder().decode(Expected.self, from: Data(contentsOf: repositoryFile("Vectors/rollup/expected.json")))

    func load<T>(_ name: String, _ parse: (Data, String) throws -> T) throws -> T {
        try parse(Data(contentsOf: repositoryFile("Vectors/rollup/" + name)), name)
    }

    func genesisState() throws -> RollupState<InMemoryTreeStore> {
        let state = try RollupState(shape: CircuitConfiguration.tiny.shape, store: InMemoryTreeStore())
        try state.applyGenesis(try load("genesis.json", Genesis.init(json:file:)))
        return state
    }

    @Test func validBatchesReachTheExpectedRoots() throws {
        let state = try genesisState()
        for name in expected.roots.keys.sorted() {
            let applied = try state.apply(try load(name, Batch.init(json:file:)), slots: CircuitConfiguration.tiny.slots)
            #expect(applied.newRoot.description == expected.roots[name], "\(name)")
        }
    }

    /// The fuzzer's execution-trace seeds (a queue's witness file from `scripts/demo`, one of this
    /// build and one of version 1) are traces of the current tiny circuit whose witness satisfies
    /// it, so the harness starts past the layout check; when the input layout changes this fails:
    /// regenerate the seeds (Vectors/fuzz/README.md).
    @Test(arguments: ["000001.witness", "rtr1-000001.witness"])
    func fuzzTraceSeedIsATraceOfTheTinyCircuit(_ name: String) throws {
        let seed = try Data(contentsOf: repositoryFile("Vectors/fuzz/seeds/execution-trace/" + name))
        let witness = try tinyCircuit.witness(fromTrace: [UInt8](seed), file: name)
        #expect(try tinyCircuit.system.check(witness) == nil)
    }

    @Test func eachRejectionHasItsCode() throws {
        #expect(expected.rejections.count >= 10)
        for rejection in expected.rejections {
            let state = try genesisState()
            let root = state.root
            let batch = try load(rejection.file, Batch.init(json:file:))
            let error = #expect(throws: BatchRejection.self, "\(rejection.file)") { try state.apply(batch, slots: CircuitConfiguration.tiny.slots) }
            #expect(error?.reasons.map(\.code).contains(rejection.code) == true, "\(rejection.file): \(String(describing: error))")
            #expect(state.root == root)
        }
    }

    @Test func fixedProofVerifiesWithTheCommittedKey() throws {
        let key = try VerificationKey(snarkjsJSONAt: repositoryFile("Circuits/tiny/verification_key.json"))
        let proof = try Proof(snarkjsJSONAt: repositoryFile("Vectors/rollup/proof/proof.json"))
        let inputs = try PublicSignals.read(repositoryFile("Vectors/rollup/proof/public.json"))
        #expect(try PreparedVerificationKey(key).verify(proof, publicInputs: inputs))
        #expect(inputs[1].description == expected.roots["batch-000001.json"])
    }

    /// The committed verification key is what `scripts/setup-circuits` (dev seed 1) produces.
    @Test func committedKeyIsReproducible() throws {
        let generated = try Groth16Setup.Setup.insecureDevelopment(BatchCircuit(.tiny).system.r1cs(), seed: 1, threads: 2)
        let committed = try VerificationKey(snarkjsJSONAt: repositoryFile("Circuits/tiny/verification_key.json"))
        #expect(try generated.verificationKey == committed)
    }
}
