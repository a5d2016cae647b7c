import Foundation

/// A strict RFC 8259 JSON reader for files a user or a peer supplies (snarkjs JSON, batch and
/// genesis files). Stricter than `JSONSerialization`: a key repeated in an object is an error
/// (instead of the last one silently winning), nesting is bounded (no stack exhaustion), and
/// numbers keep their spelling class: an integer token (`-?(0|[1-9][0-9]*)`) that fits becomes
/// an `Int`, anything with a fraction or exponent a `Double`, so a reader can demand integers.
/// The result uses Foundation's shapes (`[String: Any]`, `[Any]`, `String`, `NSNumber` for
/// numbers and booleans, `NSNull`), so typed accessors written for `JSONSerialization` work.
public enum StrictJSONReader {
    /// The deepest nesting of arrays and objects accepted.
    public static let maximumDepth = 64

    /// Why the text is not acceptable JSON: `offset` is the byte where reading stopped.
    public struct SyntaxError: Error, Equatable, CustomStringConvertible {
        public let offset: Int
        public let reason: String
        public var description: String { "\(reason) at byte \(offset)" }
    }

    /// Parses one JSON value that fills `data` (surrounding whitespace allowed).
    public static func parse(_ data: Data) throws(SyntaxError) -> Any {
        let bytes = [UInt8](data)
        var parser = Parser(bytes: bytes)
        parser.skipWhitespace()
        let value = try parser.value(depth: 0)
        parser.skipWhitespace()
        guard parser.offset == bytes.count else { throw parser.error("trailing characters after the JSON value") }
        return value
    }

    /// The integer `value` (from `parse`) holds; nil for booleans (objCType "c"), fractions and
    /// exponents ("d") and anything not a number.
    public static func integer(_ value: Any) -> Int? {
        guard let number = value as? NSNumber else { return nil }
        let type = String(cString: number.objCType)
        guard ["q", "l", "i", "s"].contains(type) else { return nil }
        return number.intValue
    }

    private struct Parser {
        let bytes: [UInt8]
        var offset = 0

        func error(_ reason: String) -> SyntaxError { SyntaxError(offset: offset, reason: reason) }

        mutating func skipWhitespace() {
            while offset < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[offset]) { offset += 1 }
        }

        mutating func value(depth: Int) throws(SyntaxError) -> Any {
            guard offset < bytes.count else { throw error("unexpected end of input") }
            switch bytes[offset] {
            case UInt8(ascii: "{"): return try object(depth: depth + 1)
            case UInt8(ascii: "["): return try array(depth: depth + 1)
            case UInt8(ascii: "\""): return try string()
            case UInt8(ascii: "t"): try literal("true"); return NSNumber(value: true)
            case UInt8(ascii: "f"): try literal("false"); return NSNumber(value: false)
            case UInt8(ascii: "n"): try literal("null"); return NSNull()
            case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return try number()
            default: throw error("unexpected character")
            }
        }

        mutating func literal(_ word: String) throws(SyntaxError) {
            let expected = Array(word.utf8)
            guard bytes.count - offset >= expected.count, Array(bytes[offset..<(offset + expected.count)]) == expected else {
                throw error("expected \(word)")
            }
            offset += expected.count
        }

        mutating func object(depth: Int) throws(SyntaxError) -> [String: Any] {
            guard depth <= StrictJSONReader.maximumDepth else { throw error("nesting deeper than \(StrictJSONReader.maximumDepth)") }
            offset += 1
            var members: [String: Any] = [:]
            skipWhitespace()
            if offset < bytes.count, bytes[offset] == UInt8(ascii: "}") { offset += 1; return members }
            while true {
                skipWhitespace()
                guard offset < bytes.count, bytes[offset] == UInt8(ascii: "\"") else { throw error("expected a string key") }
                let keyOffset = offset
                let key = try string()
                guard members[key] == nil else { throw SyntaxError(offset: keyOffset, reason: "key \"\(key.prefix(40))\" appears twice in one object") }
                skipWhitespace()
                guard offset < bytes.count, bytes[offset] == UInt8(ascii: ":") else { throw error("expected ':'") }
                offset += 1
                skipWhitespace()
                members[key] = try value(depth: depth)
                skipWhitespace()
                guard offset < bytes.count else { throw error("unexpected end of input in an object") }
                if bytes[offset] == UInt8(ascii: ",") { offset += 1; continue }
                guard bytes[offset] == UInt8(ascii: "}") else { throw error("expected ',' or '}'") }
                offset += 1
                return members
            }
        }

        mutating func array(depth: Int) throws(SyntaxError) -> [Any] {
            guard depth <= StrictJSONReader.maximumDepth else { throw error("nesting deeper than \(StrictJSONReader.maximumDepth)") }
            offset += 1
            var items: [Any] = []
            skipWhitespace()
            if offset < bytes.count, bytes[offset] == UInt8(ascii: "]") { offset += 1; return items }
            while true {
                skipWhitespace()
                items.append(try value(depth: depth))
                skipWhitespace()
                guard offset < bytes.count else { throw error("unexpected end of input in an array") }
                if bytes[offset] == UInt8(ascii: ",") { offset += 1; continue }
                guard bytes[offset] == UInt8(ascii: "]") else { throw error("expected ',' or ']'") }
                offset += 1
                return items
            }
        }

        mutating func string() throws(SyntaxError) -> String {
            offset += 1
            var scalars = String.UnicodeScalarView()
            var run = offset  // start of the current unescaped run
            var utf8: [UInt8] = []
            func flush(_ end: Int) { utf8.append(contentsOf: bytes[run..<end]) }
            while true {
                guard offset < bytes.count else { throw error("unterminated string") }
                let byte = bytes[offset]
                if byte == UInt8(ascii: "\"") {
                    flush(offset)
                    offset += 1
                    guard let text = String(validating: utf8, as: UTF8.self) else { throw error("string is not valid UTF-8") }
                    scalars.append(contentsOf: text.unicodeScalars)
                    return String(scalars)
                }
                guard byte >= 0x20 else { throw error("control character in a string") }
                guard byte == UInt8(ascii: "\\") else { offset += 1; continue }
                flush(offset)
                guard offset + 1 < bytes.count else { throw error("unterminated escape") }
                let escaped = bytes[offset + 1]
                offset += 2
                let replacement: UInt8?
                switch escaped {
                case UInt8(ascii: "\""): replacement = UInt8(ascii: "\"")
                case UInt8(ascii: "\\"): replacement = UInt8(ascii: "\\")
                case UInt8(ascii: "/"): replacement = UInt8(ascii: "/")
                case UInt8(ascii: "b"): replacement = 0x08
                case UInt8(ascii: "f"): replacement = 0x0C
                case UInt8(ascii: "n"): replacement = 0x0A
                case UInt8(ascii: "r"): replacement = 0x0D
                case UInt8(ascii: "t"): replacement = 0x09
                case UInt8(ascii: "u"): replacement = nil
                default: throw error("invalid escape")
                }
                if let replacement {
                    utf8.append(replacement)
                } else {
                    var code = try hex4()
                    if (0xD800...0xDBFF).contains(code) {
                        guard offset + 1 < bytes.count, bytes[offset] == UInt8(ascii: "\\"), bytes[offset + 1] == UInt8(ascii: "u") else {
                            throw error("unpaired surrogate")
                        }
                        offset += 2
                        let low = try hex4()
                        guard (0xDC00...0xDFFF).contains(low) else { throw error("unpaired surrogate") }
                        code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
                    } else if (0xDC00...0xDFFF).contains(code) {
                        throw error("unpaired surrogate")
                    }
                    utf8.append(contentsOf: String(Character(Unicode.Scalar(code)!)).utf8)
                }
                run = offset
            }
        }

        mutating func hex4() throws(SyntaxError) -> UInt32 {
            guard bytes.count - offset >= 4 else { throw error("truncated \\u escape") }
            var code: UInt32 = 0
            for byte in bytes[offset..<(offset + 4)] {
                guard let digit = hexDigit(byte) else { throw error("invalid \\u escape") }
                code = code << 4 | digit
            }
            offset += 4
            return code
        }

        func hexDigit(_ byte: UInt8) -> UInt32? {
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): return UInt32(byte - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "f"): return UInt32(byte - UInt8(ascii: "a") + 10)
            case UInt8(ascii: "A")...UInt8(ascii: "F"): return UInt32(byte - UInt8(ascii: "A") + 10)
            default: return nil
            }
        }

        mutating func number() throws(SyntaxError) -> NSNumber {
            let start = offset
            func digits() -> Int {
                let first = offset
                while offset < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[offset]) { offset += 1 }
                return offset - first
            }
            if bytes[offset] == UInt8(ascii: "-") { offset += 1 }
            let integerStart = offset
            guard digits() > 0 else { throw error("expected digits") }
            guard bytes[integerStart] != UInt8(ascii: "0") || offset - integerStart == 1 else {
                throw SyntaxError(offset: integerStart, reason: "leading zeros in a number")
            }
            var isInteger = true
            if offset < bytes.count, bytes[offset] == UInt8(ascii: ".") {
                offset += 1
                isInteger = false
                guard digits() > 0 else { throw error("expected digits after '.'") }
            }
            if offset < bytes.count, bytes[offset] == UInt8(ascii: "e") || bytes[offset] == UInt8(ascii: "E") {
                offset += 1
                isInteger = false
                if offset < bytes.count, bytes[offset] == UInt8(ascii: "+") || bytes[offset] == UInt8(ascii: "-") { offset += 1 }
                guard digits() > 0 else { throw error("expected exponent digits") }
            }
            let text = String(decoding: bytes[start..<offset], as: UTF8.self)
            if isInteger, let value = Int(text) { return NSNumber(value: value) }
            guard let value = Double(text), value.isFinite else { throw SyntaxError(offset: start, reason: "number out of range") }
            return NSNumber(value: value)
        }
    }
}
