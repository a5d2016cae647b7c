import ArgumentParser
import BN254
import Circuit
import DurableFiles
import Foundation
import Groth16
import Groth16Setup
import SnarkjsBinary

/// `rollup groth16 …`: the snarkjs-shaped commands over circom files.
struct Groth16Command: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "groth16",
        abstract: "Groth16 over BN254 with circom/snarkjs files (.r1cs, .wtns, .ptau, .zkey, JSON).",
        subcommands: [
            SetupCommand.self, ProveCommand.self, VerifyCommand.self, ExportVerificationKeyCommand.self,
            ExportSolidityCommand.self, ExportVyperCommand.self, CalldataCommand.self, ContributeCommand.self, VerifyKeyCommand.self,
        ])
}

/// Runs `body`, turning any error into one line on stderr and exit status 2 (bad input).
func reportingErrors(_ body: () throws -> Void) throws {
    do {
        try body()
    } catch let exit as ExitCode {
        throw exit
    } catch {
        FileHandle.standardError.write(Data("error: \(error)\n".utf8))
        throw ExitCode(2)
    }
}

func fileURL(_ path: String) -> URL { URL(fileURLWithPath: path) }

struct SetupCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "setup",
        abstract: "Generate a proving key: `setup <circuit.r1cs> <pot.ptau> <circuit.zkey>` or `setup <circuit.r1cs> <circuit.zkey> --dev-seed <n>`.")

    @Argument(help: "circuit.r1cs, then pot.ptau (unless --dev-seed), then the output circuit.zkey.")
    var files: [String]

    @Option(help: "INSECURE: derive the toxic waste from this seed instead of a ceremony file (tests and demos only).")
    var devSeed: UInt64?

    @Option(help: "Worker threads.")
    var threads: Int = ProcessInfo.processInfo.activeProcessorCount

    func validate() throws {
        let expected = devSeed == nil ? 3 : 2
        guard files.count == expected else {
            throw ValidationError(devSeed == nil
                ? "expected <circuit.r1cs> <pot.ptau> <circuit.zkey>"
                : "with --dev-seed, expected <circuit.r1cs> <circuit.zkey>")
        }
    }

    func run() throws {
        try reportingErrors {
            let r1cs = try R1CSFile(contentsOf: fileURL(files[0])).r1cs
            let progress = CommandProgress(command: "groth16 setup")
            defer { progress.finish() }
            let key: ProvingKey
            var transcript: PhaseTwoTranscript?
            if let devSeed {
                FileHandle.standardError.write(Data("""
                    WARNING: INSECURE development setup from seed \(devSeed): anyone who knows the seed can forge \
                    proofs for this key. Use a powers-of-tau ceremony file for anything real.\n
                    """.utf8))
                key = try Setup.insecureDevelopment(r1cs, seed: devSeed, threads: threads, observer: progress.observer("setup"))
            } else {
                (key, transcript) = try Setup.fromPowersOfTauWithTranscript(
                    r1cs, ptau: try PowersOfTau(contentsOf: fileURL(files[1])), threads: threads, observer: progress.observer("setup"))
            }
            let data = transcript.map { key.zkeyData(circuitHash: $0.circuitHash, contributions: $0.contributions) } ?? key.zkeyData()
            try DurableFile.write(data, to: fileURL(files.last!))
            print("wrote \(files.last!): \(r1cs.constraintCount) constraints, \(key.variableCount) wires, \(key.publicInputCount) public, domain 2^\(key.domainLog2)")
        }
    }
}

struct ProveCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "prove", abstract: "Prove: `prove <circuit.zkey> <witness.wtns> <proof.json> <public.json>` (as snarkjs and rapidsnark).")

    @Argument var zkey: String
    @Argument var witness: String
    @Argument var proofOutput: String
    @Argument var publicOutput: String

    @Option(help: "Check the witness against this circuit first (reports the first failing constraint).")
    var r1cs: String?

    @Option(help: "Worker threads for the MSMs and NTTs.")
    var threads: Int = ProcessInfo.processInfo.activeProcessorCount

    func run() throws {
        try reportingErrors {
            let progress = CommandProgress(command: "groth16 prove")
            defer { progress.finish() }
            let key = try ProvingKey(zkeyAt: fileURL(zkey), observer: progress.observer("key load"))
            let values = try WtnsFile.read(contentsOf: fileURL(witness)).values
            let prover = Prover(key: key, threads: threads)
            let proof: Proof
            if let r1cs {
                proof = try prover.prove(witness: values, checkedAgainst: try R1CSFile(contentsOf: fileURL(r1cs)).r1cs, observer: progress.observer("proof"))
            } else {
                proof = try prover.prove(witness: values, observer: progress.observer("proof"))
            }
            let inputs = Array(values[1...key.publicInputCount])
            // A proof is never written unless it verifies: without the .r1cs this is also how an
            // unsatisfied witness is caught.
            guard try PreparedVerificationKey(key.verificationKey).verify(proof, publicInputs: inputs) else {
                throw ProvingError.unsatisfied("the proof does not verify: the witness does not satisfy the circuit of \(zkey)")
            }
            try DurableFile.write(proof.snarkjsJSON.text, to: fileURL(proofOutput))
            try DurableFile.write(PublicSignals.document(inputs).text, to: fileURL(publicOutput))
        }
    }
}

struct VerifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify", abstract: "Verify: `verify <verification_key.json> <public.json> <proof.json>`; exit 0 valid, 1 invalid, 2 bad input.")

    @Argument var verificationKey: String
    @Argument var publicSignals: String
    @Argument var proof: String

    func run() throws {
        var status: Int32 = 2
        try reportingErrors {
            let (outcome, seed) = FileVerificationOutcome.check(
                key: try Data(contentsOf: fileURL(verificationKey)), keyName: verificationKey,
                publicSignals: try Data(contentsOf: fileURL(publicSignals)), publicName: publicSignals,
                proof: try Data(contentsOf: fileURL(proof)), proofName: proof)
            if let seed { FileHandle.standardError.write(Data((FileVerificationOutcome.developmentKeyWarning(seed: seed) + "\n").utf8)) }
            switch outcome {
            case .valid: print("OK: the proof is valid")
            case let .invalid(reason): print("INVALID: \(reason)")
            case let .badInput(reason): FileHandle.standardError.write(Data("error: \(reason)\n".utf8))
            }
            status = outcome.exitCode
        }
        if status != 0 { throw ExitCode(status) }
    }
}

struct ExportVerificationKeyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export-vk", abstract: "`export-vk <circuit.zkey> <verification_key.json>` (snarkjs zkey export verificationkey).")

    @Argument var zkey: String
    @Argument var output: String

    func run() throws {
        try reportingErrors {
            let key = try ProvingKey(zkeyAt: fileURL(zkey))
            try DurableFile.write(key.verificationKey.snarkjsJSON.text, to: fileURL(output))
        }
    }
}

struct ExportSolidityCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export-solidity",
        abstract: "UNTESTED (never compiled or run): `export-solidity <circuit.zkey> <Verifier.sol>`, a Solidity verifier; prefer export-vyper.")

    @Argument var zkey: String
    @Argument var output: String

    func run() throws {
        try reportingErrors {
            let key = try ProvingKey(zkeyAt: fileURL(zkey))
            try DurableFile.write(key.verificationKey.solidityVerifier(), to: fileURL(output))
        }
    }
}

struct ExportVyperCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export-vyper",
        abstract: "`export-vyper <verification_key.json> <Verifier.vy>`: a Vyper 0.4 verifier using the BN254 precompiles (tested on an EVM).")

    @Argument var verificationKey: String
    @Argument var output: String

    func run() throws {
        try reportingErrors {
            let key = try VerificationKey(snarkjsJSONAt: fileURL(verificationKey))
            let source: String
            do { source = try key.vyperVerifier() } catch { throw ValidationError("\(verificationKey): \(error)") }
            try DurableFile.write(source, to: fileURL(output))
        }
    }
}

struct CalldataCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "calldata", abstract: "`calldata <public.json> <proof.json>`: the arguments of verifyProof (snarkjs soliditycalldata).")

    @Argument var publicSignals: String
    @Argument var proof: String

    func run() throws {
        try reportingErrors {
            let inputs = try PublicSignals.read(fileURL(publicSignals))
            print(try Proof(snarkjsJSONAt: fileURL(proof)).solidityCalldata(publicInputs: inputs))
        }
    }
}

struct ContributeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "contribute",
        abstract: "`contribute <in.zkey> <out.zkey> [--name TEXT]`: a phase-2 contribution of a fresh random delta (snarkjs zkey contribute).")

    @Argument var input: String
    @Argument var output: String

    @Option(help: "A name recorded with the contribution (snarkjs keeps its first 64 characters).")
    var name: String?

    @Option(help: "Worker threads.")
    var threads: Int = ProcessInfo.processInfo.activeProcessorCount

    func run() throws {
        try reportingErrors {
            var key = try ProvingKey(zkeyAt: fileURL(input))
            var transcript = try PhaseTwoTranscript(zkeyAt: fileURL(input))
            let hash = Ceremony.contribute(to: &key, transcript: &transcript, name: name, threads: threads)
            try DurableFile.write(key.zkeyData(circuitHash: transcript.circuitHash, contributions: transcript.contributions), to: fileURL(output))
            print(Ceremony.formatHash(transcript.circuitHash, title: "Circuit Hash: "))
            print(Ceremony.formatHash(hash, title: "Contribution Hash: "))
            print("wrote \(output): contribution #\(transcript.contributions.count)")
        }
    }
}

struct VerifyKeyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify-key",
        abstract: "`verify-key <circuit.r1cs> <pot.ptau> <circuit.zkey>`: check a key's phase-2 ceremony (snarkjs zkey verify); exit 0 valid, 1 invalid, 2 bad input.")

    @Argument var r1cs: String
    @Argument var ptau: String
    @Argument var zkey: String

    @Option(help: "Worker threads.")
    var threads: Int = ProcessInfo.processInfo.activeProcessorCount

    func run() throws {
        var failure: CeremonyFailure?
        var transcript = PhaseTwoTranscript(circuitHash: [UInt8](repeating: 0, count: 64))
        try reportingErrors {
            let key = try ProvingKey(zkeyAt: fileURL(zkey))
            transcript = try PhaseTwoTranscript(zkeyAt: fileURL(zkey))
            let circuit = try R1CSFile(contentsOf: fileURL(r1cs)).r1cs
            let ceremony = try PowersOfTau(contentsOf: fileURL(ptau))
            let initial = try Setup.initialKey(circuit, ptau: ceremony, threads: threads)
            let circuitHash = try Ceremony.circuitHash(ofInitialKey: initial, ptau: ceremony)
            failure = Ceremony.verify(key, transcript: transcript, initialKey: initial, initialCircuitHash: circuitHash, threads: threads)
        }
        if let failure {
            print("INVALID: \(failure)")
            throw ExitCode(1)
        }
        print(Ceremony.formatHash(transcript.circuitHash, title: "Circuit Hash: "))
        for (index, record) in transcript.contributions.enumerated().reversed() {
            print("-------------------------")
            print(Ceremony.formatHash(Ceremony.contributionHash(record), title: "contribution #\(index + 1) \(record.name ?? ""):"))
        }
        print("-------------------------")
        print("OK: the key follows from the circuit and powers of tau through \(transcript.contributions.count) contribution(s)")
    }
}
