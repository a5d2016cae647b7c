/// Why an EVM precompile call failed: an input point (numbered from 1) did not decode.
public enum EVMPrecompileError: Error, Equatable, CustomStringConvertible {
    /// Point number `operand` of the call data is invalid for `reason`.
    case invalidPoint(operand: Int, reason: CurveDecodingError)
    /// ecPairing input whose length is not a multiple of 192 bytes.
    case invalidPairingInputLength(Int)

    /// A message naming the point and the problem.
    public var description: String {
        switch self {
        case let .invalidPoint(operand, reason): return "input point \(operand): \(reason)"
        case let .invalidPairingInputLength(length):
            return "ecPairing input is \(length) bytes, not a multiple of 192 (one G1 and one G2 point per pair)"
        }
    }
}

/// The BN254 precompiles of the Ethereum Virtual Machine (EIP-196: ecAdd at 0x06, ecMul at 0x07;
/// EIP-197: ecPairing at 0x08).
public enum EVMPrecompile {
    /// ecAdd (EIP-196): two 64-byte G1 points in, their 64-byte sum out; the input is
    /// right-padded with zeros to 128 bytes and bytes beyond 128 are ignored.
    public static func ecAdd(_ input: [UInt8]) throws(EVMPrecompileError) -> [UInt8] {
        let data = rightPadded(input, to: 128)
        let p = try decodeG1(data[0..<64], operand: 1)
        let q = try decodeG1(data[64..<128], operand: 2)
        return JacobianPoint(p).adding(q).affine.eip196Bytes
    }

    /// ecMul (EIP-196): a 64-byte G1 point and a 32-byte big-endian scalar (any 256-bit value,
    /// not reduced mod r) in, the 64-byte product out; input right-padded to 96 bytes.
    public static func ecMul(_ input: [UInt8]) throws(EVMPrecompileError) -> [UInt8] {
        let data = rightPadded(input, to: 96)
        let p = try decodeG1(data[0..<64], operand: 1)
        var scalar = Limbs.zeroLimbs
        for (offset, byte) in data[64..<96].enumerated() {
            let bitPosition = (31 - offset) * 8
            let shifted = UInt64(byte) << UInt64(bitPosition & 63)
            switch bitPosition >> 6 {
            case 0: scalar.l0 |= shifted
            case 1: scalar.l1 |= shifted
            case 2: scalar.l2 |= shifted
            default: scalar.l3 |= shifted
            }
        }
        return p.multiplied(by: scalar).affine.eip196Bytes
    }

    /// ecPairing (EIP-197): k pairs of a 64-byte G1 and a 128-byte G2 point (imaginary parts
    /// first); returns 32 bytes holding 1 when ∏ e(P_i, Q_i) = 1 and 0 otherwise (1 for no pairs).
    /// Fails on a length that is not a multiple of 192, or on any invalid point (G2 points outside
    /// the order-r subgroup included).
    public static func ecPairing(_ input: [UInt8]) throws(EVMPrecompileError) -> [UInt8] {
        guard input.count % 192 == 0 else { throw .invalidPairingInputLength(input.count) }
        var pairs: [(G1Affine, G2Affine)] = []
        for start in stride(from: 0, to: input.count, by: 192) {
            let p = try decodeG1(input[start..<(start + 64)], operand: 2 * (start / 192) + 1)
            let q: G2Affine
            do {
                q = try G2Affine(eip197Bytes: input[(start + 64)..<(start + 192)])
            } catch {
                throw .invalidPoint(operand: 2 * (start / 192) + 2, reason: error)
            }
            pairs.append((p, q))
        }
        var output = [UInt8](repeating: 0, count: 32)
        output[31] = pairingCheck(pairs) ? 1 : 0
        return output
    }

    /// The first `count` bytes of `input`, zero-padded on the right when shorter.
    static func rightPadded(_ input: [UInt8], to count: Int) -> [UInt8] {
        var data = Array(input.prefix(count))
        data.append(contentsOf: repeatElement(0, count: count - data.count))
        return data
    }

    /// Decodes an EIP-196 G1 point, tagging a failure with its position in the call data.
    static func decodeG1(_ bytes: ArraySlice<UInt8>, operand: Int) throws(EVMPrecompileError) -> G1Affine {
        do {
            return try G1Affine(eip196Bytes: bytes)
        } catch {
            throw .invalidPoint(operand: operand, reason: error)
        }
    }
}
