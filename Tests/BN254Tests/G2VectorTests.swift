import BigInteger
import Foundation
import Testing

import BN254

/// G2 scalar multiplication against known answers from outside the project: py_ecc's (Vectors/bn254-g2).
@Suite("G2 known answers (py_ecc)")
struct G2VectorTests {
    struct Point: Decodable {
        var x: [String]
        var y: [String]
    }

    struct Vector: Decodable {
        var base_name: String
        var base: Point
        var scalar: String
        var result: Point?
    }

    struct File: Decodable {
        var source: String
        var curve_order: String
        var vectors: [Vector]
    }

    func affine(_ point: Point?) throws -> G2Affine {
        guard let point else { return .infinity }
        let affine = G2Affine(x: Fq2(try Fq(point.x[0]), try Fq(point.x[1])), y: Fq2(try Fq(point.y[0]), try Fq(point.y[1])))
        #expect(affine.isOnCurve)
        return affine
    }

    @Test func scalarMultiplicationMatchesPyECC() throws {
        let file = try JSONDecoder().decode(File.self, from: Data(contentsOf: VectorSupport.url("bn254-g2/scalar-multiplication.json")))
        #expect(file.source.hasPrefix("py_ecc") && file.vectors.count == 108)
        #expect(try BigInt(decimal: file.curve_order) == Fr.modulus)
        for vector in file.vectors {
            let base = try affine(vector.base), expected = try affine(vector.result)
            let k = try BigInt(decimal: vector.scalar)
            let scalar = Limbs(littleEndian: try #require(k.limbs(count: 4)))
            let name = "[\(vector.scalar)](\(vector.base_name))"
            #expect(JacobianPoint(base).multiplied(by: scalar).affine == expected, "wNAF \(name)")
            #expect(JacobianPoint(base).multipliedNaive(by: scalar).affine == expected, "double-and-add \(name)")
            #expect(base.multiplied(by: scalar).affine == expected, "affine \(name)")
            if k < Fr.modulus { #expect(base.multiplied(by: Fr(reducing: k)).affine == expected, "F_r scalar \(name)") }
        }
    }
}
