import ArgumentParser

/// The operator CLI of the rollup prover pipeline.
@main
struct RollupCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rollup",
        abstract: "A Groth16/BN254 zk-rollup prover and verifier pipeline.",
        subcommands: [
            QueueInitCommand.self, QueueSubmitCommand.self, QueueWorkerCommand.self, QueueStatusCommand.self, LedgerCommand.self,
            GenerateBatchesCommand.self, BatchCommand.self, CircuitCommand.self, Groth16Command.self, HashCommand.self,
            EdDSACommand.self, BenchCommand.self, L1Command.self,
        ]
    )
}
