import BN254
import BigInteger
import Testing
import BabyJubJub

@Suite("BabyJubJub curve")
struct CurveTests {
    let vectors: CurveVectors

    init() throws { vectors = try CurveVectors.load() }

    @Test func constantsMatchVectors() throws {
        #expect(Fr.modulus == (try BigInt(decimal: vectors.curve.p)))
        #expect(BabyJub.a == (try Fr(vectors.curve.a)))
        #expect(BabyJub.d == (try Fr(vectors.curve.d)))
        #expect(BabyJub.order == (try BigInt(decimal: vectors.curve.order)))
        #expect(BabyJub.subgroupOrder == (try BigInt(decimal: vectors.curve.suborder)))
        #expect(BabyJub.order == 8 * BabyJub.subgroupOrder)
        #expect(BabyJub.generator == (try point(vectors.curve.generator)))
        #expect(BabyJub.base8 == (try point(vectors.curve.base8)))
        #expect(BabyJub.generator.multiplied(by: 8) == BabyJub.base8)
        // Completeness of the addition law needs a square, d non-square.
        #expect(BabyJub.a.legendre() == 1)
        #expect(BabyJub.d.legendre() == -1)
    }

    @Test func generatorOrders() {
        #expect(BabyJub.base8.isInSubgroup)
        #expect(!BabyJub.generator.isInSubgroup)
        #expect(BabyJub.generator.multiplied(by: BabyJub.order).isIdentity)
        #expect(!BabyJub.generator.multiplied(by: BabyJub.order / 2).isIdentity)
        #expect(BabyJub.base8.multiplied(by: BabyJub.subgroupOrder + 5) == BabyJub.base8.multiplied(by: 5))
    }

    @Test func addition() throws {
        for vector in vectors.point_add {
            #expect(try point(vector.p1) + point(vector.p2) == point(vector.expected))
        }
        let p = try point(vectors.point_add[2].p1)
        #expect(p - p == .identity)
        #expect(p + .identity == p)
        #expect((-p).x == -p.x)
    }

    @Test func doubling() throws {
        for vector in vectors.point_double_x_only {
            #expect(try hex(point(vector.p).doubled().x.bigEndianBytes) == vector.expected_x_be_hex)
        }
        let p = try point(vectors.point_add[1].p1)
        #expect(p.doubled() == (try point(vectors.point_add[1].expected)))
        #expect(BabyJubPoint.identity.doubled() == .identity)
    }

    @Test func scalarMultiplication() throws {
        for vector in vectors.point_mul {
            #expect(try point(vector.p).multiplied(by: BigInt(decimal: vector.scalar)) == point(vector.expected))
        }
        let p = try point(vectors.point_mul[0].p)
        #expect(p.multiplied(by: 0) == .identity)
        #expect(p.multiplied(by: 1) == p)
        #expect(p.multiplied(by: 3) == p + p + p)
        #expect(p.multiplied(by: -3) == -(p + p + p))
        // A scalar wider than 256 bits is not reduced.
        let wide = BigInt(1) << 300 + 7
        #expect(p.multiplied(by: wide) == p.multiplied(by: wide.modulo(BabyJub.subgroupOrder)))
    }

    @Test func membership() throws {
        for vector in vectors.in_curve {
            #expect(try BabyJub.isOnCurve(x: Fr(vector.p[0]), y: Fr(vector.p[1])) == vector.expected)
        }
        #expect(throws: BabyJubError.notOnCurve(x: .one, y: .zero)) { try BabyJubPoint(x: .one, y: .zero) }
        for vector in vectors.in_subgroup {
            #expect(try point(vector.p).isInSubgroup == vector.expected)
        }
        // (0, −1) has order 2: on the curve, not in the subgroup.
        let orderTwo = try BabyJubPoint(x: .zero, y: -Fr.one)
        #expect(!orderTwo.isInSubgroup)
        #expect((orderTwo + orderTwo).isIdentity)
    }
}
