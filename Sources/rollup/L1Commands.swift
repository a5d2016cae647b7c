import ArgumentParser
import BN254
import Digest
import DurableFiles
import Foundation
import Groth16
import Pipeline
import Rollup
import RollupEngine

/// `rollup l1 export | rebuild`: the Ethereum side of a queue.
struct L1Command: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "l1", abstract: "The L1 (Ethereum) settlement contract of a queue.", subcommands: [L1ExportCommand.self, L1RebuildCommand.self])
}

struct L1ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write DIR/Rollup.vy: the Vyper 0.4 settlement contract with the queue's key, genesis root, rollup id and genesis supply baked in.")
    @Option(help: "The queue (a directory or a postgres:// URL).") var queue: String
    @Option(help: "The output directory.") var out: String

    func run() throws {
        try reportingErrors {
            let backend = try openQueueBackend(queue)
            let (manifest, keyData) = try backend.readManifest()
            guard let bundle = CircuitBundle.named(manifest.circuit) else { throw CircuitBundleError.unknownCircuit(manifest.circuit) }
            let engine = try RollupBatchEngine(bundle: bundle)
            let (rollupId, supply) = try engine.l1Parameters(at: backend.engineState)
            let key = try VerificationKey(snarkjsJSON: keyData, file: "\(queue) verification_key.json")
            if let seed = InsecureDevelopmentToxicWaste.seed(of: key) {
                FileHandle.standardError.write(Data("""
                    WARNING: this contract embeds an INSECURE development key (dev seed \(seed)): anyone who knows the seed can \
                    forge proofs and take every deposit. Deploy it on test networks only.\n
                    """.utf8))
            }
            let contract = RollupContract(circuit: bundle.configuration, verificationKey: key,
                                          genesisRoot: try Fr(manifest.genesisRoot), rollupId: rollupId, genesisSupply: supply)
            let directory = fileURL(out)
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            let path = directory.appendingPathComponent("Rollup.vy")
            try DurableFile.write(try contract.vyperSource(), to: path)
            print("wrote \(path.path) (circuit \(bundle.configuration.name), rollup id \(rollupId), deploy with value \(supply) wei)")
        }
    }
}

struct L1RebuildCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rebuild",
        abstract: "Rebuild the state root from the genesis and the submitBatch calldata of the settled batches (hex files, in order); prints the root after each.")
    @Option(help: "genesis.json of the deployment.") var genesis: String
    @Option(help: "The circuit (its depth).") var circuit: String = CircuitConfiguration.tiny.name
    @Argument(help: "Calldata files (settled/NNNNNN.calldata: 0x-hex), in settlement order.") var calldata: [String]

    func run() throws {
        try reportingErrors {
            guard let configuration = CircuitConfiguration.named(circuit) else { throw CircuitBundleError.unknownCircuit(circuit) }
            let rebuild = try L1Rebuild(genesis: try Genesis(json: try Data(contentsOf: fileURL(genesis)), file: genesis), shape: configuration.shape)
            for file in calldata {
                let text = try String(contentsOf: fileURL(file), encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
                guard text.hasPrefix("0x"), let bytes = Hex.decode(text.dropFirst(2)) else {
                    throw L1RebuildError(source: file, problem: "expected 0x-prefixed hex calldata")
                }
                let (batch, root) = try rebuild.apply(calldata: bytes, source: file)
                print("batch \(batch) root \(root)")
            }
        }
    }
}
