import BN254
import BigInteger
import Testing
import BabyJubJub

@Suite("BabyJubJub packing")
struct PackingTests {
    let vectors: CurveVectors

    init() throws { vectors = try CurveVectors.load() }

    @Test func vectorsRoundTrip() throws {
        for vector in vectors.pack_point {
            let p = try point(vector.p)
            #expect(hex(p.packed) == vector.packed_hex)
            #expect(try BabyJubPoint(packed: bytes(hex: vector.packed_hex)) == p)
            #expect(try BabyJubPoint(packed: (-p).packed) == -p)
        }
    }

    @Test func randomPointsRoundTrip() throws {
        var generator = InsecureSeededGenerator(seed: TestSeed.seed(11))
        for _ in 0..<20 {
            let p = BabyJub.generator.multiplied(by: Fr.random(using: &generator).bigInt)
            #expect(try BabyJubPoint(packed: p.packed) == p)
        }
    }

    @Test func pointsWithZeroX() throws {
        #expect(try BabyJubPoint(packed: BabyJubPoint.identity.packed) == .identity)
        var negativeZero = BabyJubPoint.identity.packed
        negativeZero[31] |= 0x80
        #expect(throws: BabyJubError.negativeZeroX(y: .one)) { try BabyJubPoint(packed: negativeZero) }
    }

    @Test func rejectsMalformed() throws {
        #expect(throws: BabyJubError.wrongByteCount(expected: 32, actual: 31)) { try BabyJubPoint(packed: [UInt8](repeating: 0, count: 31)) }
        // y = p (non-canonical), with and without the sign bit.
        let p = Fr.modulus.littleEndianBytes(count: 32)!
        #expect(throws: BabyJubError.coordinateNotCanonical(y: Fr.modulus)) { try BabyJubPoint(packed: p) }
        var signed = p
        signed[31] |= 0x80
        #expect(throws: BabyJubError.coordinateNotCanonical(y: Fr.modulus)) { try BabyJubPoint(packed: signed) }
        // Some y has no x: find the first small one.
        let y = (2..<100).map { Fr($0) }.first { y in
            ((Fr.one - y.squared()) * (BabyJub.a - BabyJub.d * y.squared()).inverse()!).legendre() == -1
        }!
        #expect(throws: BabyJubError.noPointWithY(y: y)) { try BabyJubPoint(packed: y.littleEndianBytes) }
        #expect("\(BabyJubError.noPointWithY(y: y))".contains("no curve point"))
    }
}
