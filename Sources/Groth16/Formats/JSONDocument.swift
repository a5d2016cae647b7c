import Foundation

/// A JSON value with ordered object keys, written exactly as JavaScript's
/// `JSON.stringify(value, null, 1)` writes it (one space of indentation, no trailing newline),
/// which is how snarkjs writes `proof.json`, `public.json` and `verification_key.json`.
public indirect enum JSONDocument: Equatable, Sendable {
    case string(String)
    case integer(Int)
    case array([JSONDocument])
    case object([(String, JSONDocument)])

    public static func == (a: JSONDocument, b: JSONDocument) -> Bool {
        switch (a, b) {
        case let (.string(x), .string(y)): return x == y
        case let (.integer(x), .integer(y)): return x == y
        case let (.array(x), .array(y)): return x == y
        case let (.object(x), .object(y)): return x.count == y.count && zip(x, y).allSatisfy { $0.0 == $1.0 && $0.1 == $1.1 }
        default: return false
        }
    }

    /// The snarkjs text of this value.
    public var text: String {
        var out = ""
        write(into: &out, depth: 0)
        return out
    }

    private func write(into out: inout String, depth: Int) {
        let inner = String(repeating: " ", count: depth + 1)
        let closing = String(repeating: " ", count: depth)
        switch self {
        case let .string(value): out += Self.quoted(value)
        case let .integer(value): out += String(value)
        case let .array(items):
            if items.isEmpty { out += "[]"; return }
            out += "[\n"
            for (index, item) in items.enumerated() {
                out += inner
                item.write(into: &out, depth: depth + 1)
                out += index == items.count - 1 ? "\n" : ",\n"
            }
            out += closing + "]"
        case let .object(members):
            if members.isEmpty { out += "{}"; return }
            out += "{\n"
            for (index, (key, value)) in members.enumerated() {
                out += inner + Self.quoted(key) + ": "
                value.write(into: &out, depth: depth + 1)
                out += index == members.count - 1 ? "\n" : ",\n"
            }
            out += closing + "}"
        }
    }

    private static func quoted(_ value: String) -> String {
        var out = "\""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20: out += String(format: "\\u%04x", scalar.value)
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}

/// Why a snarkjs JSON file could not be read; every case names the file and the field.
public enum JSONFormatError: Error, Equatable, CustomStringConvertible {
    case unreadable(file: String, reason: String)
    case invalidJSON(file: String, reason: String)
    case missingField(file: String, field: String)
    case wrongType(file: String, field: String, expected: String)
    case invalidValue(file: String, field: String, reason: String)

    public var description: String {
        switch self {
        case let .unreadable(file, reason): return "\(file): cannot read: \(reason)"
        case let .invalidJSON(file, reason): return "\(file): not valid JSON: \(reason)"
        case let .missingField(file, field): return "\(file): missing field \(field)"
        case let .wrongType(file, field, expected): return "\(file): \(field): expected \(expected)"
        case let .invalidValue(file, field, reason): return "\(file): \(field): \(reason)"
        }
    }
}

/// Typed access to a parsed JSON value, with errors that name the file and the field path.
struct JSONField {
    let value: Any
    let file: String
    let path: String

    /// Parses `data` (the contents of `file`).
    static func parse(_ data: Data, file: String) throws(JSONFormatError) -> JSONField {
        do {
            return JSONField(value: try StrictJSONReader.parse(data), file: file, path: "$")
        } catch {
            throw .invalidJSON(file: file, reason: error.description)
        }
    }

    /// Reads and parses the file at `url`.
    static func load(_ url: URL) throws(JSONFormatError) -> JSONField {
        let data: Data
        do { data = try Data(contentsOf: url) } catch {
            throw .unreadable(file: url.path, reason: error.localizedDescription)
        }
        return try parse(data, file: url.path)
    }

    func member(_ key: String) throws(JSONFormatError) -> JSONField {
        guard let object = value as? [String: Any] else { throw .wrongType(file: file, field: path, expected: "an object") }
        guard let member = object[key] else { throw .missingField(file: file, field: "\(path).\(key)") }
        return JSONField(value: member, file: file, path: "\(path).\(key)")
    }

    /// Throws naming the first key of this object outside `allowed` (a reader never ignores a field).
    func onlyKeys(_ allowed: Set<String>) throws(JSONFormatError) {
        guard let object = value as? [String: Any] else { throw .wrongType(file: file, field: path, expected: "an object") }
        if let unknown = object.keys.sorted().first(where: { !allowed.contains($0) }) {
            throw .invalidValue(file: file, field: "\(path).\(unknown)", reason: "unknown field (expected only \(allowed.sorted().joined(separator: ", ")))")
        }
    }

    func optionalMember(_ key: String) throws(JSONFormatError) -> JSONField? {
        guard let object = value as? [String: Any] else { throw .wrongType(file: file, field: path, expected: "an object") }
        return object[key].map { JSONField(value: $0, file: file, path: "\(path).\(key)") }
    }

    func elements() throws(JSONFormatError) -> [JSONField] {
        guard let array = value as? [Any] else { throw .wrongType(file: file, field: path, expected: "an array") }
        return array.enumerated().map { JSONField(value: $1, file: file, path: "\(path)[\($0)]") }
    }

    func string() throws(JSONFormatError) -> String {
        guard let text = value as? String else { throw .wrongType(file: file, field: path, expected: "a string") }
        return text
    }

    func integer() throws(JSONFormatError) -> Int {
        guard let exact = StrictJSONReader.integer(value) else { throw .wrongType(file: file, field: path, expected: "an integer") }
        return exact
    }

    func strings() throws(JSONFormatError) -> [String] {
        var out: [String] = []
        for element in try elements() { out.append(try element.string()) }
        return out
    }

    func stringPairs() throws(JSONFormatError) -> [[String]] {
        var out: [[String]] = []
        for element in try elements() { out.append(try element.strings()) }
        return out
    }

    func invalid(_ reason: String) -> JSONFormatError { .invalidValue(file: file, field: path, reason: reason) }
}
