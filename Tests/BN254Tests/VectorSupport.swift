import Foundation

/// Loading of the conformance vector files kept under `Vectors/` at the package root.
enum VectorSupport {
    /// The URL of `relativePath` under `Vectors/`, found from this source file's location.
    static func url(_ relativePath: String, filePath: String = #filePath) -> URL {
        URL(fileURLWithPath: filePath)
            .deletingLastPathComponent()  // BN254Tests
            .deletingLastPathComponent()  // Tests
            .deletingLastPathComponent()  // package root
            .appendingPathComponent("Vectors")
            .appendingPathComponent(relativePath)
    }

    /// Decodes hex (optional 0x prefix) into bytes, keeping only whole bytes when the digit count
    /// is odd, as go-ethereum's test loader does; nil on a non-hex character.
    static func bytes(fromHex text: String) -> [UInt8]? {
        var digits = Substring(text)
        if digits.hasPrefix("0x") || digits.hasPrefix("0X") { digits = digits.dropFirst(2) }
        var result: [UInt8] = []
        var high: UInt8?
        for character in digits {
            guard let nibble = character.hexDigitValue.map(UInt8.init) else { return nil }
            if let h = high {
                result.append(h << 4 | nibble)
                high = nil
            } else {
                high = nibble
            }
        }
        return result
    }

    /// One case of a go-ethereum / erigon precompile JSON file.
    struct GethCase: Decodable {
        var Input: String
        var Expected: String?
        var ExpectedError: String?
        var Name: String
    }

    /// The cases of a go-ethereum-style JSON file under `Vectors/`.
    static func gethCases(_ relativePath: String) throws -> [GethCase] {
        try JSONDecoder().decode([GethCase].self, from: Data(contentsOf: url(relativePath)))
    }

    /// One row of a besu-native CSV file (`input,result,gas,notes`; notes may contain commas).
    struct BesuRow {
        var line: Int
        var input: String
        var result: String
        var notes: String
        /// Rows with notes describe inputs that must be rejected.
        var mustFail: Bool { !notes.isEmpty }
    }

    /// The data rows of a besu-native CSV file under `Vectors/`.
    static func besuRows(_ relativePath: String) throws -> [BesuRow] {
        let text = try String(contentsOf: url(relativePath), encoding: .utf8)
        var rows: [BesuRow] = []
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: true).enumerated().dropFirst() {
            let fields = line.split(separator: ",", maxSplits: 3, omittingEmptySubsequences: false)
            guard fields.count >= 3 else { continue }
            let notes = fields.count == 4 ? fields[3].trimmingCharacters(in: .whitespacesAndNewlines) : ""
            rows.append(BesuRow(line: index + 1, input: String(fields[0]), result: String(fields[1]), notes: notes))
        }
        return rows
    }
}
