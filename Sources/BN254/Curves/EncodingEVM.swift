extension AffinePoint where Curve == G1Curve {
    /// Decodes EIP-196's 64-byte x‖y (32-byte big-endian each, (0, 0) = infinity); rejects
    /// coordinates ≥ q and points off the curve.
    public init(eip196Bytes bytes: some Collection<UInt8>) throws(CurveDecodingError) {
        let bytes = Array(bytes)
        guard bytes.count == 64 else { throw .wrongLength(curve: G1Curve.name, expected: 64, actual: bytes.count) }
        let x = try Fq.decodingCoordinate(bytes[0..<32], curve: G1Curve.name, coordinate: "x")
        let y = try Fq.decodingCoordinate(bytes[32..<64], curve: G1Curve.name, coordinate: "y")
        if x.isZero && y.isZero {
            self = .infinity
        } else {
            self = try G1Affine(x: x, y: y).validated()
        }
    }

    /// EIP-196's 64-byte encoding x‖y; infinity is 64 zero bytes.
    public var eip196Bytes: [UInt8] {
        isInfinity ? [UInt8](repeating: 0, count: 64) : x.bigEndianBytes + y.bigEndianBytes
    }
}

extension AffinePoint where Curve == G2Curve {
    /// Decodes EIP-197's 128-byte x.c1‖x.c0‖y.c1‖y.c0 (imaginary part first, all zeros =
    /// infinity); rejects coordinates ≥ q, points off the twist and points outside G2.
    public init(eip197Bytes bytes: some Collection<UInt8>) throws(CurveDecodingError) {
        let bytes = Array(bytes)
        guard bytes.count == 128 else { throw .wrongLength(curve: G2Curve.name, expected: 128, actual: bytes.count) }
        let name = G2Curve.name
        let xc1 = try Fq.decodingCoordinate(bytes[0..<32], curve: name, coordinate: "x.c1")
        let xc0 = try Fq.decodingCoordinate(bytes[32..<64], curve: name, coordinate: "x.c0")
        let yc1 = try Fq.decodingCoordinate(bytes[64..<96], curve: name, coordinate: "y.c1")
        let yc0 = try Fq.decodingCoordinate(bytes[96..<128], curve: name, coordinate: "y.c0")
        let x = Fq2(xc0, xc1), y = Fq2(yc0, yc1)
        if x.isZero && y.isZero {
            self = .infinity
        } else {
            self = try G2Affine(x: x, y: y).validated()
        }
    }

    /// EIP-197's 128-byte encoding x.c1‖x.c0‖y.c1‖y.c0; infinity is 128 zero bytes.
    public var eip197Bytes: [UInt8] {
        if isInfinity { return [UInt8](repeating: 0, count: 128) }
        return x.c1.bigEndianBytes + x.c0.bigEndianBytes + y.c1.bigEndianBytes + y.c0.bigEndianBytes
    }
}
