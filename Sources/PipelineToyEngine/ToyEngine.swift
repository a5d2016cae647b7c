import Digest
import DurableFiles
import Foundation
import Pipeline
import PostgresClient

/// TEST FIXTURE ONLY: a toy `BatchEngine` for the pipeline tests and the queue benchmark
/// (`rollup bench queue`), never a queue's engine in `rollup` itself; it proves nothing.
///
/// State: `state/toy-state.json` (PostgreSQL: the one row of table `toy_state`) with a running total, the last executed batch and a root (a hash
/// chain). Batch: `{"batch": n, "add": k}`, rejected when k < 0. "Proof": the public signals
/// `[oldRoot, newRoot, commitment]` and a tag, sha256(secret ‖ public signals), so tampering is
/// detected. `TOY_ENGINE_DELAY_MS=N` makes every operation sleep a random 0…N ms, so kills land mid-step.
public struct ToyEngine: BatchEngine {
    private static let secret = "toy-engine-secret"
    private static let stateFile = "toy-state.json"

    /// Maximum artificial delay per operation, in milliseconds.
    public var maximumDelayMilliseconds: Int

    /// A toy engine; the delay defaults to `TOY_ENGINE_DELAY_MS` (0 when unset).
    public init(maximumDelayMilliseconds: Int? = nil) {
        self.maximumDelayMilliseconds = maximumDelayMilliseconds
            ?? Int(ProcessInfo.processInfo.environment["TOY_ENGINE_DELAY_MS"] ?? "") ?? 0
    }

    /// Resolves "toy" to a toy engine.
    public static let resolver: EngineResolver = { $0 == "toy" ? ToyEngine() : nil }

    public var circuitName: String { "toy" }

    /// Toy proofs are keyed MACs, not Groth16 proofs: there is no development key to flag.
    public var insecureDevelopmentSeed: UInt64? { nil }

    public var verificationKeyJSON: Data {
        JSONValue.object(["protocol": .string("toy"), "secret_sha256": .string(SHA256.hex(of: Self.secret.utf8))]).canonicalData
    }

    public func batchNumber(of batch: Data, fileName: String) throws -> UInt64 {
        guard case .object(let fields) = try JSONValue.parse(batch, source: fileName), case .integer(let number)? = fields["batch"], number >= 0 else {
            throw PipelineError.malformedFile(fileName, expected: #"a toy batch {"batch": n, "add": k}"#)
        }
        return UInt64(number)
    }

    public func initializeState(at location: EngineStateLocation, genesis: Data?) throws -> StateSummary {
        var total: Int64 = 0
        if let genesis {
            guard case .object(let fields) = try JSONValue.parse(genesis, source: "genesis"), case .integer(let start)? = fields["total"] else {
                throw PipelineError.malformedFile("genesis", expected: #"{"total": t}"#)
            }
            total = start
        }
        let state = ToyState(lastExecutedBatch: 0, total: total, root: SHA256.hex(of: "toy-genesis:\(total)".utf8))
        switch location {
        case .directory(let directory):
            let url = directory.appendingPathComponent(Self.stateFile)
            guard !FileManager.default.fileExists(atPath: url.path) else {
                throw PipelineError.alreadyExists(url.path, expected: "no state (initialisation never overwrites one)")
            }
            try DurableFile.write(state.encoded, to: url)
        case .postgres(let connection):
            try connection.query("CREATE TABLE toy_state (id integer PRIMARY KEY CHECK (id = 1), state bytea NOT NULL)")
            try connection.query("INSERT INTO toy_state (id, state) VALUES (1, $1)", [.bytes(state.encoded)])
        }
        return state.summary
    }

    public func stateSummary(at location: EngineStateLocation) throws -> StateSummary { try readState(location).summary }

    public func execute(batchNumber: UInt64, batch: Data, fileName: String, state location: EngineStateLocation,
                        persist: (ExecutionResult) throws -> Void) throws -> ExecutionResult {
        delay()
        let add = try parse(batch, number: batchNumber, fileName: fileName)
        var state = try readState(location)
        guard batchNumber > state.lastExecutedBatch else {
            throw PipelineError.malformedFile(location.description, expected: "a state before batch \(batchNumber), found one at \(state.lastExecutedBatch)")
        }
        let oldRoot = state.root
        state = ToyState(lastExecutedBatch: batchNumber, total: state.total + add, root: SHA256.hex(of: "\(oldRoot):\(batchNumber):\(add)".utf8))
        let statement = VerifiedStatement(oldRoot: oldRoot, newRoot: state.root, commitment: SHA256.hex(of: batch))
        let result = ExecutionResult(batchNumber: batchNumber, oldRoot: oldRoot, newRoot: state.root, commitment: statement.commitment,
                                     witness: Self.publicSignals(statement).canonicalData)
        try persist(result)
        delay()
        switch location {
        case .directory(let directory): try DurableFile.write(state.encoded, to: directory.appendingPathComponent(Self.stateFile))
        case .postgres(let connection): try connection.query("UPDATE toy_state SET state = $1 WHERE id = 1", [.bytes(state.encoded)])
        }
        return result
    }

    public func prove(witness: Data, threads: Int) throws -> ProofFiles {
        delay()
        let statement = try Self.statement(fromPublicSignals: witness, source: "witness")
        let signals = Self.publicSignals(statement)
        let proof = JSONValue.object(["protocol": .string("toy"), "tag": .string(Self.tag(signals))])
        return ProofFiles(proof: proof.canonicalData, publicSignals: signals.canonicalData)
    }

    public func verify(proof: Data, publicSignals: Data) throws -> VerifiedStatement? {
        delay()
        let statement = try Self.statement(fromPublicSignals: publicSignals, source: "public.json")
        guard case .object(let fields) = try JSONValue.parse(proof, source: "proof.json"), case .string(let tag)? = fields["tag"] else {
            throw PipelineError.malformedFile("proof.json", expected: #"a toy proof {"protocol": "toy", "tag": "..."}"#)
        }
        return tag == Self.tag(Self.publicSignals(statement)) ? statement : nil
    }

    /// A settlement record of the statement (`settled/NNNNNN.toy-settlement`) and one exit carrying the batch's `add`,
    /// so that the pipeline's tests see artifacts and exits flow through both stores.
    public func settlementArtifacts(batch: Data, fileName: String, statement: VerifiedStatement, proof: Data, publicSignals: Data) throws
        -> SettlementArtifacts {
        let add = try parse(batch, number: try batchNumber(of: batch, fileName: fileName), fileName: fileName)
        return SettlementArtifacts(files: [(Self.settlementSuffix, Self.publicSignals(statement).canonicalData)],
                                   exits: [.object(["add": .integer(add)])])
    }

    /// The suffix of the toy engine's settlement artifact.
    public static let settlementSuffix = ".toy-settlement"

    private func parse(_ batch: Data, number: UInt64, fileName: String) throws -> Int64 {
        guard case .object(let fields)? = try? JSONValue.parse(batch, source: fileName), case .integer(let claimed)? = fields["batch"],
              case .integer(let add)? = fields["add"] else {
            throw BatchRejection(reasons: [RejectionReason(code: "malformed-batch", message: #"\#(fileName): expected {"batch": n, "add": k}"#)])
        }
        guard claimed == Int64(number) else {
            throw BatchRejection(reasons: [RejectionReason(code: "batch-number-mismatch", message: "the file says batch \(claimed), queued as \(number)", field: "batch")])
        }
        guard add >= 0 else {
            throw BatchRejection(reasons: [RejectionReason(code: "negative-amount", message: "add must be >= 0, got \(add)", field: "add")])
        }
        return add
    }

    private func readState(_ location: EngineStateLocation) throws -> ToyState {
        let data: Data?
        let source: String
        switch location {
        case .directory(let directory):
            source = directory.appendingPathComponent(Self.stateFile).path
            data = FileManager.default.contents(atPath: source)
        case .postgres(let connection):
            source = "\(connection.redactedURL) table toy_state"
            let rows = try connection.query("SELECT state FROM toy_state WHERE id = 1")
            data = rows.count == 1 ? rows.data(0, 0) : nil
        }
        guard let data else { throw PipelineError.missingFile(source, expected: "the toy rollup state (created by `init`)") }
        do { return try JSONDecoder().decode(ToyState.self, from: data) } catch {
            throw PipelineError.malformedFile(source, expected: "a toy state {lastExecutedBatch, total, root}")
        }
    }

    private func delay() {
        guard maximumDelayMilliseconds > 0 else { return }
        Thread.sleep(forTimeInterval: Double(Int.random(in: 0...maximumDelayMilliseconds)) / 1000)
    }

    private static func publicSignals(_ statement: VerifiedStatement) -> JSONValue {
        .array([.string(statement.oldRoot), .string(statement.newRoot), .string(statement.commitment)])
    }

    private static func statement(fromPublicSignals data: Data, source: String) throws -> VerifiedStatement {
        guard case .array(let values) = try JSONValue.parse(data, source: source), values.count == 3,
              case .string(let oldRoot) = values[0], case .string(let newRoot) = values[1], case .string(let commitment) = values[2] else {
            throw PipelineError.malformedFile(source, expected: "[oldRoot, newRoot, commitment] as strings")
        }
        return VerifiedStatement(oldRoot: oldRoot, newRoot: newRoot, commitment: commitment)
    }

    private static func tag(_ signals: JSONValue) -> String { SHA256.hex(of: (secret + signals.canonicalText).utf8) }
}

/// The toy state file's contents.
private struct ToyState: Codable {
    var lastExecutedBatch: UInt64
    var total: Int64
    var root: String

    var summary: StateSummary { StateSummary(lastExecutedBatch: lastExecutedBatch, root: root) }
    var encoded: Data { try! JSONEncoder().encode(self) }
}
