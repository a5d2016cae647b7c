import ArgumentParser
import BabyJubJub
import BN254
import Foundation
import Poseidon

/// `rollup hash poseidon <x1> … <xn>`: circomlib's Poseidon of 1…16 field elements.
struct HashCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "hash", abstract: "Hash functions.", subcommands: [PoseidonHashCommand.self])
}

struct PoseidonHashCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "poseidon", abstract: "circomlib Poseidon of 1…16 field elements (decimal or 0x-hex); prints the hash in decimal.")

    @Argument(help: "The inputs, each below r.") var inputs: [String]

    func validate() throws {
        guard (1...Poseidon.maxInputs).contains(inputs.count) else { throw ValidationError("Poseidon takes 1 to 16 inputs") }
    }

    func run() throws {
        try reportingErrors {
            print(Poseidon.hash(try inputs.enumerated().map { try parseField($0.element, name: "input \($0.offset + 1)") }))
        }
    }
}

/// A field element from the command line, with an error naming the argument.
func parseField(_ text: String, name: String) throws -> Fr {
    do { return try Fr(decimalOrHex: text) } catch { throw ValidationError("\(name): \(error)") }
}

/// `rollup eddsa …`: circomlibjs-compatible EdDSA-Poseidon on Baby JubJub.
struct EdDSACommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "eddsa", abstract: "EdDSA-Poseidon on Baby JubJub, as circomlibjs.",
        subcommands: [PublicKeyCommand.self, SignCommand.self, VerifySignatureCommand.self])
}

/// The 32-byte private key given as 64 hex characters. The key never appears in messages.
struct PrivateKeyOption: ParsableArguments {
    @Option(help: "The private key: 64 hex characters (32 bytes).") var key: String

    func privateKey() throws -> EdDSAPrivateKey {
        var hex = Substring(key)
        if hex.hasPrefix("0x") { hex = hex.dropFirst(2) }
        guard hex.count == 64, hex.allSatisfy(\.isHexDigit) else {
            throw ValidationError("--key: expected 64 hex characters (32 bytes)")
        }
        let bytes = stride(from: 0, to: 64, by: 2).map { offset -> UInt8 in
            let start = hex.index(hex.startIndex, offsetBy: offset)
            return UInt8(hex[start..<hex.index(start, offsetBy: 2)], radix: 16)!
        }
        return try EdDSAPrivateKey(bytes: bytes)
    }
}

/// Prints a JSON object of decimal strings in the given key order, as circomlibjs prints them.
func printDecimalObject(_ fields: [(String, Fr)]) {
    print("{" + fields.map { "\"\($0.0)\": \"\($0.1)\"" }.joined(separator: ", ") + "}")
}

struct PublicKeyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "pubkey", abstract: "Print {\"Ax\", \"Ay\"} of a private key.")
    @OptionGroup var key: PrivateKeyOption

    func run() throws {
        try reportingErrors {
            let point = try key.privateKey().publicKey
            printDecimalObject([("Ax", point.x), ("Ay", point.y)])
        }
    }
}

struct SignCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "sign", abstract: "Sign a field element: prints {\"R8x\", \"R8y\", \"S\"}.")
    @OptionGroup var key: PrivateKeyOption
    @Option(help: "The message, a field element (decimal or 0x-hex).") var msg: String

    func run() throws {
        try reportingErrors {
            let signature = try key.privateKey().signPoseidon(try parseField(msg, name: "--msg"))
            printDecimalObject([("R8x", signature.R8.x), ("R8y", signature.R8.y), ("S", signature.S)])
        }
    }
}

struct VerifySignatureCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify", abstract: "Verify a signature: exit 0 valid, 1 invalid, 2 bad input.")
    @Option var ax: String
    @Option var ay: String
    @Option var r8x: String
    @Option var r8y: String
    @Option var s: String
    @Option var msg: String

    func run() throws {
        var valid = false
        try reportingErrors {
            let key = try BabyJubPoint(x: try parseField(ax, name: "--ax"), y: try parseField(ay, name: "--ay"))
            let r8 = try BabyJubPoint(x: try parseField(r8x, name: "--r8x"), y: try parseField(r8y, name: "--r8y"))
            let signature = EdDSASignature(R8: r8, S: try parseField(s, name: "--s"))
            valid = EdDSA.verifyPoseidon(message: try parseField(msg, name: "--msg"), signature: signature, publicKey: key)
        }
        print(valid ? "valid" : "invalid")
        if !valid { throw ExitCode(1) }
    }
}
