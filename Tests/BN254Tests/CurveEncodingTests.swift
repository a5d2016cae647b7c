import BigInteger
import Testing

import BN254

@Suite("EIP-196/197 and snarkjs point encodings")
struct CurveEncodingTests {
    static let q = Fq.modulus.bigEndianBytes(count: 32)!
    static let zero32 = [UInt8](repeating: 0, count: 32)
    static let zero31 = [UInt8](repeating: 0, count: 31)

    @Test func eip196RoundTrip() throws {
        for point in randomPoints(G1Curve.self, count: 20, seed: 21).map(\.affine) + [G1Curve.generator, .infinity] {
            #expect(try G1Affine(eip196Bytes: point.eip196Bytes) == point)
        }
        #expect(G1Affine.infinity.eip196Bytes == [UInt8](repeating: 0, count: 64))
        #expect(G1Curve.generator.eip196Bytes == Self.zero31 + [1] + Self.zero31 + [2])
    }

    @Test func eip197RoundTripAndImaginaryFirst() throws {
        for point in randomPoints(G2Curve.self, count: 10, seed: 22).map(\.affine) + [G2Curve.generator, .infinity] {
            #expect(try G2Affine(eip197Bytes: point.eip197Bytes) == point)
        }
        let g = G2Curve.generator, bytes = g.eip197Bytes
        #expect(Array(bytes[0..<32]) == g.x.c1.bigEndianBytes && Array(bytes[96..<128]) == g.y.c0.bigEndianBytes)
        #expect(G2Affine.infinity.eip197Bytes == [UInt8](repeating: 0, count: 128))
    }

    @Test func eip196Rejections() {
        let g = G1Curve.generator.eip196Bytes
        #expect(throws: CurveDecodingError.wrongLength(curve: "G1", expected: 64, actual: 63)) {
            try G1Affine(eip196Bytes: Array(g[0..<63]))
        }
        #expect(throws: CurveDecodingError.coordinateNotBelowModulus(curve: "G1", coordinate: "x")) {
            try G1Affine(eip196Bytes: Self.q + Array(g[32...]))
        }
        #expect(throws: CurveDecodingError.coordinateNotBelowModulus(curve: "G1", coordinate: "y")) {
            try G1Affine(eip196Bytes: Array(g[0..<32]) + Self.q)
        }
        // (q + 1, 2) would reduce to the generator: it must be rejected, not reduced.
        let qPlusOne = (Fq.modulus + 1).bigEndianBytes(count: 32)!
        #expect(throws: CurveDecodingError.coordinateNotBelowModulus(curve: "G1", coordinate: "x")) {
            try G1Affine(eip196Bytes: qPlusOne + Array(g[32...]))
        }
        #expect(throws: CurveDecodingError.notOnCurve(curve: "G1")) {
            try G1Affine(eip196Bytes: Array(g[0..<32]) + Self.zero31 + [3])
        }
        #expect(throws: CurveDecodingError.notOnCurve(curve: "G1")) {  // (0, 1) is not infinity
            try G1Affine(eip196Bytes: Self.zero32 + Self.zero31 + [1])
        }
    }

    @Test func eip197Rejections() {
        let g = G2Curve.generator.eip197Bytes
        #expect(throws: CurveDecodingError.wrongLength(curve: "G2", expected: 128, actual: 129)) {
            try G2Affine(eip197Bytes: g + [0])
        }
        for (index, name) in ["x.c1", "x.c0", "y.c1", "y.c0"].enumerated() {
            var bytes = g
            bytes.replaceSubrange(index * 32..<(index + 1) * 32, with: Self.q)
            #expect(throws: CurveDecodingError.coordinateNotBelowModulus(curve: "G2", coordinate: name)) {
                try G2Affine(eip197Bytes: bytes)
            }
        }
        var offCurve = g
        offCurve[127] ^= 1
        #expect(throws: CurveDecodingError.notOnCurve(curve: "G2")) { try G2Affine(eip197Bytes: offCurve) }
        let outside = randomTwistPoints(count: 1, seed: 23)[0]
        #expect(throws: CurveDecodingError.notInSubgroup(curve: "G2")) {
            try G2Affine(eip197Bytes: outside.eip197Bytes)
        }
    }

    @Test func snarkjsRoundTrip() throws {
        for point in randomPoints(G1Curve.self, count: 10, seed: 24) {
            let affine = point.affine
            #expect(try G1Affine(snarkjsJSON: affine.snarkjsJSON) == affine)
            #expect(affine.snarkjsJSON[2] == "1")
            // Jacobian z other than 1 (which ffjavascript's fromObject would take): one spelling per point.
            let jacobian = [point.x.description, point.y.description, point.z.description]
            if point.z != .one { #expect(throws: CurveDecodingError.self) { try G1Affine(snarkjsJSON: jacobian) } }
        }
        for point in randomPoints(G2Curve.self, count: 5, seed: 25) {
            let affine = point.affine
            #expect(try G2Affine(snarkjsJSON: affine.snarkjsJSON) == affine)
            let jacobian = [point.x, point.y, point.z].map { [$0.c0.description, $0.c1.description] }
            if point.z != .one { #expect(throws: CurveDecodingError.self) { try G2Affine(snarkjsJSON: jacobian) } }
        }
        #expect(G1Affine.infinity.snarkjsJSON == ["0", "1", "0"])
        #expect(try G1Affine(snarkjsJSON: ["0", "1", "0"]) == .infinity)
        #expect(throws: CurveDecodingError.self) { try G1Affine(snarkjsJSON: ["5", "7", "0"]) }
        #expect(throws: CurveDecodingError.self) { try G1Affine(snarkjsJSON: ["1", "2", "01"]) }
        #expect(G2Affine.infinity.snarkjsJSON == [["0", "0"], ["1", "0"], ["0", "0"]])
        #expect(try G2Affine(snarkjsJSON: [["0", "0"], ["1", "0"], ["0", "0"]]) == .infinity)
        let g2 = G2Curve.generator.snarkjsJSON
        #expect(g2[0][0] == G2Curve.generator.x.c0.description && g2[2] == ["1", "0"])
    }

    @Test func snarkjsRejections() {
        let q = Fq.modulus.decimalString
        #expect(throws: CurveDecodingError.wrongShape(curve: "G1", expected: "3 decimal strings [x, y, z]")) {
            try G1Affine(snarkjsJSON: ["1", "2"])
        }
        #expect(throws: CurveDecodingError.coordinateNotBelowModulus(curve: "G1", coordinate: "y")) {
            try G1Affine(snarkjsJSON: ["1", q, "1"])
        }
        #expect(throws: CurveDecodingError.coordinateNotBelowModulus(curve: "G1", coordinate: "z")) {
            try G1Affine(snarkjsJSON: ["1", "2", q])
        }
        #expect(throws: CurveDecodingError.malformedCoordinate(curve: "G1", coordinate: "x", text: "one")) {
            try G1Affine(snarkjsJSON: ["one", "2", "1"])
        }
        #expect(throws: CurveDecodingError.malformedCoordinate(curve: "G1", coordinate: "x", text: "-1")) {
            try G1Affine(snarkjsJSON: ["-1", "2", "1"])
        }
        #expect(throws: CurveDecodingError.notOnCurve(curve: "G1")) { try G1Affine(snarkjsJSON: ["1", "3", "1"]) }
        let g = G2Curve.generator.snarkjsJSON
        #expect(throws: CurveDecodingError.self) { try G2Affine(snarkjsJSON: [g[0], g[1]]) }
        #expect(throws: CurveDecodingError.self) { try G2Affine(snarkjsJSON: [g[0], g[1], ["1"]]) }
        #expect(throws: CurveDecodingError.coordinateNotBelowModulus(curve: "G2", coordinate: "y.c1")) {
            try G2Affine(snarkjsJSON: [g[0], [g[1][0], q], g[2]])
        }
        #expect(throws: CurveDecodingError.notOnCurve(curve: "G2")) {
            try G2Affine(snarkjsJSON: [g[0], [g[1][1], g[1][0]], g[2]])  // y with parts swapped
        }
        let outside = randomTwistPoints(count: 1, seed: 26)[0]
        #expect(throws: CurveDecodingError.notInSubgroup(curve: "G2")) {
            try G2Affine(snarkjsJSON: outside.snarkjsJSON)
        }
    }

    @Test func errorDescriptionsNameTheProblem() {
        #expect(CurveDecodingError.coordinateNotBelowModulus(curve: "G2", coordinate: "x.c1").description
            == "G2 point: coordinate x.c1 is not below the field modulus q")
        #expect(CurveDecodingError.notInSubgroup(curve: "G2").description == "G2 point is not in the order-r subgroup")
        #expect(EVMPrecompileError.invalidPoint(operand: 2, reason: .notOnCurve(curve: "G1")).description
            == "input point 2: G1 point is not on the curve")
    }
}
