import BN254
import Foundation
import Groth16

/// A batch as submitted to the operator: its number, the state root it starts from, and its
/// transactions in order. File format: `docs/FORMATS.md`, "Batch files".
public struct Batch: Hashable, Sendable {
    public var number: UInt64
    public var previousRoot: Fr
    public var transactions: [Transaction]

    public init(number: UInt64, previousRoot: Fr, transactions: [Transaction]) {
        self.number = number
        self.previousRoot = previousRoot
        self.transactions = transactions
    }
}

/// The initial state: the rollup id and the accounts created before the first batch. File format: `docs/FORMATS.md`.
public struct Genesis: Hashable, Sendable {
    /// The domain tag of every signed message (and a constant of the L1 contract): distinct per deployment.
    public var rollupId: UInt64
    public var accounts: [(index: UInt64, account: Account)]

    public init(rollupId: UInt64, accounts: [(index: UInt64, account: Account)]) {
        self.rollupId = rollupId
        self.accounts = accounts
    }

    public static func == (a: Genesis, b: Genesis) -> Bool {
        a.rollupId == b.rollupId && a.accounts.count == b.accounts.count
            && zip(a.accounts, b.accounts).allSatisfy { $0.index == $1.index && $0.account == $1.account }
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(rollupId)
        for (index, account) in accounts {
            hasher.combine(index)
            hasher.combine(account)
        }
    }
}

/// Why a batch or genesis file was refused; names the file, the transaction and the field.
public struct BatchFormatError: Error, Equatable, CustomStringConvertible {
    public let file: String
    /// The transaction's position in the file (0-based), nil for top-level fields.
    public let transaction: Int?
    public let field: String
    public let problem: String

    public var description: String {
        let location = transaction.map { "transaction \($0), field \(field)" } ?? "field \(field)"
        return "\(file): \(location): \(problem)"
    }
}

/// The format version this code reads and writes.
public let batchFormatVersion = 1

extension Batch {
    /// Parses a batch file strictly: unknown versions or fields, malformed numbers and values out
    /// of range are errors naming the transaction and the field.
    public init(json data: Data, file: String) throws(BatchFormatError) {
        var parser = try StrictJSON(data: data, file: file)
        let root = try parser.object(parser.root, field: "$", allowed: ["version", "batch", "previousRoot", "transactions"])
        try parser.expectVersion(root)
        number = try parser.integer(root, "batch", minimum: 1)
        previousRoot = try parser.fieldElement(root, "previousRoot")
        var transactions: [Transaction] = []
        for (index, value) in try parser.array(root, "transactions").enumerated() {
            parser.transaction = index
            transactions.append(try parser.transaction(value))
        }
        self.transactions = transactions
    }

    /// The batch as a file (ordered keys, one-space indentation, as snarkjs writes JSON).
    public var json: String {
        JSONDocument.object([
            ("version", .integer(batchFormatVersion)),
            ("batch", .integer(Int(number))),
            ("previousRoot", .string(previousRoot.description)),
            ("transactions", .array(transactions.map(\.jsonDocument))),
        ]).text
    }
}

extension Genesis {
    /// Parses a genesis file strictly (same rules as batch files), refusing any account whose key
    /// is off Baby JubJub, has Ax = 0 or lies outside the prime-order subgroup.
    public init(json data: Data, file: String) throws(BatchFormatError) {
        var parser = try StrictJSON(data: data, file: file)
        let root = try parser.object(parser.root, field: "$", allowed: ["version", "rollupId", "accounts"])
        try parser.expectVersion(root)
        rollupId = try parser.integer(root, "rollupId", minimum: 0)
        var accounts: [(index: UInt64, account: Account)] = []
        var seen = Set<UInt64>()
        for (position, value) in try parser.array(root, "accounts").enumerated() {
            parser.transaction = position
            let entry = try parser.object(value, field: "accounts[\(position)]", allowed: ["index", "publicKey", "balance"])
            let index = try parser.integer(entry, "index", minimum: 0)
            guard seen.insert(index).inserted else { throw parser.error("index", "index \(index) appears twice") }
            let key = try parser.publicKey(entry, "publicKey")
            if let (field, problem) = SignatureVerifier.keyProblem(key) {
                throw BatchFormatError(file: file, transaction: nil, field: "accounts[\(position)].\(field)", problem: "account \(index): \(problem)")
            }
            accounts.append((index, Account(publicKey: key, balance: try parser.amount(entry, "balance"), nonce: 0)))
        }
        self.accounts = accounts
    }

    /// The genesis as a file.
    public var json: String {
        JSONDocument.object([
            ("version", .integer(batchFormatVersion)),
            ("rollupId", .integer(Int(rollupId))),
            ("accounts", .array(accounts.map { entry in
                .object([
                    ("index", .integer(Int(entry.index))),
                    ("publicKey", entry.account.publicKey.jsonDocument),
                    ("balance", .string(String(entry.account.balance))),
                ])
            })),
        ]).text
    }
}

extension PublicKey {
    var jsonDocument: JSONDocument { .object([("Ax", .string(x.description)), ("Ay", .string(y.description))]) }
}

extension Transaction {
    var jsonDocument: JSONDocument {
        func signature(_ s: TransactionSignature) -> JSONDocument {
            .object([("R8x", .string(s.r8x.description)), ("R8y", .string(s.r8y.description)), ("S", .string(s.s.description))])
        }
        switch self {
        case let .deposit(to, publicKey, amount):
            return .object([("type", .string("deposit")), ("to", .integer(Int(to))), ("publicKey", publicKey.jsonDocument),
                            ("amount", .string(String(amount)))])
        case let .transfer(from, to, amount, nonce, s):
            return .object([("type", .string("transfer")), ("from", .integer(Int(from))), ("to", .integer(Int(to))),
                            ("amount", .string(String(amount))), ("nonce", .integer(Int(nonce))), ("signature", signature(s))])
        case let .withdraw(from, amount, nonce, recipient, s):
            return .object([("type", .string("withdraw")), ("from", .integer(Int(from))), ("amount", .string(String(amount))),
                            ("nonce", .integer(Int(nonce))), ("recipient", .string(recipient.description)), ("signature", signature(s))])
        }
    }
}

/// JSON access with the strictness batch files need: the strict reader (no repeated keys), exact
/// key sets, integers that are integer tokens, amounts as decimal strings below 2^128, field
/// elements in canonical decimal below r.
struct StrictJSON {
    let root: Any
    let file: String
    var transaction: Int?

    init(data: Data, file: String) throws(BatchFormatError) {
        self.file = file
        do {
            root = try StrictJSONReader.parse(data)
        } catch {
            throw BatchFormatError(file: file, transaction: nil, field: "$", problem: "not valid JSON (\(error))")
        }
    }

    func error(_ field: String, _ problem: String) -> BatchFormatError {
        BatchFormatError(file: file, transaction: transaction, field: field, problem: problem)
    }

    func object(_ value: Any, field: String, allowed: Set<String>) throws(BatchFormatError) -> [String: Any] {
        guard let object = value as? [String: Any] else { throw error(field, "expected an object") }
        if let unknown = object.keys.sorted().first(where: { !allowed.contains($0) }) {
            throw error(unknown, "unknown field (expected one of \(allowed.sorted().joined(separator: ", ")))")
        }
        return object
    }

    func member(_ object: [String: Any], _ key: String) throws(BatchFormatError) -> Any {
        guard let value = object[key] else { throw error(key, "missing") }
        return value
    }

    func expectVersion(_ object: [String: Any]) throws(BatchFormatError) {
        let version = try integer(object, "version", minimum: 0)
        guard version == UInt64(batchFormatVersion) else {
            throw error("version", "unsupported version \(version) (this operator reads version \(batchFormatVersion))")
        }
    }

    func integer(_ object: [String: Any], _ key: String, minimum: UInt64) throws(BatchFormatError) -> UInt64 {
        let value = try member(object, key)
        guard let integer = StrictJSONReader.integer(value), integer <= 9_007_199_254_740_991, integer >= 0, UInt64(integer) >= minimum
        else { throw error(key, "expected an integer ≥ \(minimum) (below 2^53)") }
        return UInt64(integer)
    }

    func string(_ object: [String: Any], _ key: String) throws(BatchFormatError) -> String {
        guard let text = try member(object, key) as? String else { throw error(key, "expected a string") }
        return text
    }

    func amount(_ object: [String: Any], _ key: String) throws(BatchFormatError) -> UInt128 {
        let text = try string(object, key)
        guard !text.isEmpty, text.utf8.allSatisfy({ (48...57).contains($0) }), text.utf8.count <= 39,
              text == "0" || !text.hasPrefix("0"), let value = UInt128(text)
        else { throw error(key, "expected a canonical decimal string below 2^128 (no sign or leading zeros), got \"\(text.prefix(60))\"") }
        return value
    }

    func fieldElement(_ object: [String: Any], _ key: String) throws(BatchFormatError) -> Fr {
        let text = try string(object, key)
        do { return try Fr(text) } catch { throw self.error(key, "\(error)") }
    }

    func address(_ object: [String: Any], _ key: String) throws(BatchFormatError) -> L1Address {
        let text = try string(object, key)
        guard let address = L1Address(hex: text) else { throw error(key, "expected an L1 address \"0x\" + 40 hex digits, got \"\(text.prefix(60))\"") }
        return address
    }

    func array(_ object: [String: Any], _ key: String) throws(BatchFormatError) -> [Any] {
        guard let items = try member(object, key) as? [Any] else { throw error(key, "expected an array") }
        return items
    }

    func publicKey(_ object: [String: Any], _ key: String) throws(BatchFormatError) -> PublicKey {
        let inner = try self.object(try member(object, key), field: key, allowed: ["Ax", "Ay"])
        return PublicKey(x: try fieldElement(inner, "Ax"), y: try fieldElement(inner, "Ay"))
    }

    func signature(_ object: [String: Any]) throws(BatchFormatError) -> TransactionSignature {
        let inner = try self.object(try member(object, "signature"), field: "signature", allowed: ["R8x", "R8y", "S"])
        return TransactionSignature(r8x: try fieldElement(inner, "R8x"), r8y: try fieldElement(inner, "R8y"), s: try fieldElement(inner, "S"))
    }

    func transaction(_ value: Any) throws(BatchFormatError) -> Transaction {
        guard let object = value as? [String: Any], let type = object["type"] as? String else {
            throw error("type", "expected an object with a string \"type\"")
        }
        switch type {
        case "deposit":
            let fields = try self.object(object, field: "$", allowed: ["type", "to", "publicKey", "amount"])
            return .deposit(to: try integer(fields, "to", minimum: 0), publicKey: try publicKey(fields, "publicKey"),
                            amount: try amount(fields, "amount"))
        case "transfer":
            let fields = try self.object(object, field: "$", allowed: ["type", "from", "to", "amount", "nonce", "signature"])
            return .transfer(from: try integer(fields, "from", minimum: 0), to: try integer(fields, "to", minimum: 0),
                             amount: try amount(fields, "amount"), nonce: try integer(fields, "nonce", minimum: 0),
                             signature: try signature(fields))
        case "withdraw":
            let fields = try self.object(object, field: "$", allowed: ["type", "from", "amount", "nonce", "recipient", "signature"])
            return .withdraw(from: try integer(fields, "from", minimum: 0), amount: try amount(fields, "amount"),
                             nonce: try integer(fields, "nonce", minimum: 0), recipient: try address(fields, "recipient"),
                             signature: try signature(fields))
        default:
            throw error("type", "unknown transaction type \"\(type.prefix(40))\" (expected deposit, transfer or withdraw)")
        }
    }
}
