/// Why bytes or JSON could not be decoded into a point of G1 or G2.
public enum CurveDecodingError: Error, Equatable, CustomStringConvertible {
    /// The byte encoding had the wrong length.
    case wrongLength(curve: String, expected: Int, actual: Int)
    /// A JSON point did not have the expected array shape.
    case wrongShape(curve: String, expected: String)
    /// A coordinate ("x", "y", "z", "x.c0", "x.c1", …) is not below the field modulus q.
    case coordinateNotBelowModulus(curve: String, coordinate: String)
    /// A coordinate is not a canonical decimal integer.
    case malformedCoordinate(curve: String, coordinate: String, text: String)
    /// The point does not satisfy the curve equation.
    case notOnCurve(curve: String)
    /// The point is on the curve but not in the order-r subgroup (only possible on G2).
    case notInSubgroup(curve: String)

    /// A message naming the point and the problem.
    public var description: String {
        switch self {
        case let .wrongLength(curve, expected, actual):
            return "\(curve) point: expected \(expected) bytes, got \(actual)"
        case let .wrongShape(curve, expected):
            return "\(curve) point: expected \(expected)"
        case let .coordinateNotBelowModulus(curve, coordinate):
            return "\(curve) point: coordinate \(coordinate) is not below the field modulus q"
        case let .malformedCoordinate(curve, coordinate, text):
            return "\(curve) point: coordinate \(coordinate) \"\(text.prefix(80))\" is not a canonical decimal integer"
        case let .notOnCurve(curve):
            return "\(curve) point is not on the curve"
        case let .notInSubgroup(curve):
            return "\(curve) point is not in the order-r subgroup"
        }
    }
}

extension Fq {
    /// Decodes one big-endian coordinate of an EVM point encoding, naming it in the error.
    static func decodingCoordinate(
        _ bytes: ArraySlice<UInt8>, curve: String, coordinate: String
    ) throws(CurveDecodingError) -> Fq {
        do {
            return try Fq(bigEndianBytes: bytes)
        } catch {
            throw .coordinateNotBelowModulus(curve: curve, coordinate: coordinate)
        }
    }

    /// Parses one decimal coordinate of a snarkjs JSON point, naming it in the error.
    static func parsingCoordinate(_ text: String, curve: String, coordinate: String) throws(CurveDecodingError) -> Fq {
        do {
            return try Fq(text)
        } catch {
            if case .notCanonical = error { throw .coordinateNotBelowModulus(curve: curve, coordinate: coordinate) }
            throw .malformedCoordinate(curve: curve, coordinate: coordinate, text: text)
        }
    }
}

extension AffinePoint where Curve == G1Curve {
    /// Returns the point if it is on the curve (hence in G1, cofactor 1), or throws.
    func validated() throws(CurveDecodingError) -> G1Affine {
        guard isOnCurve else { throw .notOnCurve(curve: G1Curve.name) }
        return self
    }
}

extension AffinePoint where Curve == G2Curve {
    /// Returns the point if it is on the twist and in the order-r subgroup, or throws.
    func validated() throws(CurveDecodingError) -> G2Affine {
        guard isOnCurve else { throw .notOnCurve(curve: G2Curve.name) }
        guard isInSubgroup else { throw .notInSubgroup(curve: G2Curve.name) }
        return self
    }
}
