import BigInteger
import Testing

import BN254

/// Operands every field operation is checked on: edge values plus seeded random ones.
func fieldOperands<F: PrimeField>(_: F.Type, randomCount: Int, seed: UInt64) -> [F] {
    let p = F.modulus
    var values: [F] = [
        .zero, .one, F(2), F(3),
        try! F(exactly: p - 1), try! F(exactly: p - 2), try! F(exactly: (p - 1) >> 1),
        try! F(exactly: (p + 1) >> 1), try! F(exactly: BigInt(1) << 253),
        try! F(exactly: (BigInt(1) << 192) - 1), try! F(exactly: BigInt(1) << 64),
        F(montgomeryLimbs: Limbs(l0: 1, l1: 0, l2: 0, l3: 0)),  // smallest non-zero representation
        F(montgomeryLimbs: Limbs(littleEndian: (p - 1).limbs(count: 4)!)),  // largest representation
    ]
    var generator = InsecureSeededGenerator(seed: TestSeed.seed(seed))
    for _ in 0..<randomCount { values.append(.random(using: &generator)) }
    return values
}

/// Every arithmetic operation of `F` against GMP on the same operands.
func checkAgainstGMP<F: PrimeField>(_: F.Type, randomCount: Int) {
    let p = F.modulus
    let operands = fieldOperands(F.self, randomCount: randomCount, seed: 7)
    let shifted = Array(operands.dropFirst(5)) + Array(operands.prefix(5))
    for (a, b) in zip(operands, shifted) {
        let x = a.bigInt, y = b.bigInt
        #expect((a + b).bigInt == (x + y).modulo(p), "\(F.fieldName) add \(x) \(y)")
        #expect((a - b).bigInt == (x - y).modulo(p), "\(F.fieldName) sub \(x) \(y)")
        #expect((a * b).bigInt == (x * y).modulo(p), "\(F.fieldName) mul \(x) \(y)")
        #expect(a.squared().bigInt == (x * x).modulo(p), "\(F.fieldName) square \(x)")
        #expect(a.doubled().bigInt == (x + x).modulo(p), "\(F.fieldName) double \(x)")
        #expect((-a).bigInt == (-x).modulo(p), "\(F.fieldName) neg \(x)")
    }
    for a in operands.prefix(200) {
        let x = a.bigInt
        if a.isZero {
            #expect(a.inverse() == nil)
        } else {
            #expect(a.inverse()!.bigInt == x.inverse(modulo: p)!, "\(F.fieldName) inverse \(x)")
        }
        let e = (x * 7 + 3).modulo(BigInt(1) << 256)
        #expect(a.power(e).bigInt == x.powMod(e, p), "\(F.fieldName) pow \(x)^\(e)")
        #expect(a.legendre() == x.legendre(p), "\(F.fieldName) legendre \(x)")
        if let root = a.squareRoot() {
            #expect(root.squared() == a, "\(F.fieldName) sqrt \(x)")
        } else {
            #expect(x.legendre(p) == -1, "\(F.fieldName) sqrt missing for \(x)")
        }
    }
}

@Suite("Prime fields against GMP")
struct PrimeFieldTests {
    @Test func frAgreesWithGMP() { checkAgainstGMP(Fr.self, randomCount: 3000) }
    @Test func fqAgreesWithGMP() { checkAgainstGMP(Fq.self, randomCount: 3000) }

    @Test func modulusLimbsMatchEIP196() {
        #expect(Fr.modulus.decimalString == "21888242871839275222246405745257275088548364400416034343698204186575808495617")
        #expect(Fq.modulus.decimalString == "21888242871839275222246405745257275088696311157297823662689037894645226208583")
        #expect(Fr.one.bigInt == 1 && Fq.one.bigInt == 1)
        #expect(Fr(montgomeryLimbs: Fr.montgomeryR2Limbs).bigInt == (BigInt(1) << 256).modulo(Fr.modulus))
        #expect(Fr(montgomeryLimbs: Fr.montgomeryR3Limbs).bigInt == (BigInt(1) << 512).modulo(Fr.modulus))
        #expect(Fq(montgomeryLimbs: Fq.montgomeryR3Limbs).bigInt == (BigInt(1) << 512).modulo(Fq.modulus))
    }

    /// The extended-Euclid inverse against its Fermat twin on random operands, and on Montgomery
    /// forms with a zero top limb (the Fermat fallback) and a zero top two limbs, against GMP.
    @Test func inverseMatchesFermatAndTheFallback() {
        func check<F: PrimeField>(_: F.Type) {
            for a in fieldOperands(F.self, randomCount: 1000, seed: 21) where !a.isZero {
                #expect(a.inverse() == a.fermatInverse(), "\(F.fieldName) inverse \(a)")
                #expect(a * a.inverse()! == .one)
            }
            for limbs in [Limbs(l0: 1, l1: 0, l2: 0, l3: 0), Limbs(l0: 0x1234, l1: 0x9abc, l2: 7, l3: 0), Limbs(l0: .max, l1: .max, l2: 0, l3: 0)] {
                let a = F(montgomeryLimbs: limbs)
                #expect(a.inverse()!.bigInt == a.bigInt.inverse(modulo: F.modulus)!, "\(F.fieldName) fallback inverse \(a)")
            }
        }
        check(Fr.self)
        check(Fq.self)
    }

    @Test func smallIntegers() {
        #expect(Fr(-1) == -Fr.one)
        #expect(Fq(-5).bigInt == Fq.modulus - 5)
        #expect(Fr(UInt64.max).bigInt == BigInt(UInt64.max))
    }

    @Test func squareRootOfSquaresAndNonResidues() {
        var generator = InsecureSeededGenerator(seed: TestSeed.seed(11))
        for _ in 0..<100 {
            let a = Fr.random(using: &generator), b = Fq.random(using: &generator)
            #expect(a.squared().squareRoot()!.squared() == a.squared())
            #expect(b.squared().squareRoot()!.squared() == b.squared())
        }
        #expect(Fr(5).squareRoot() == nil)  // 5 is the smallest non-residue of Fr
        #expect(Fq(-1).squareRoot() == nil)  // q ≡ 3 mod 4
    }

    @Test func batchInversionMatchesSingleInversions() {
        var values = fieldOperands(Fr.self, randomCount: 500, seed: 3)
        values.insert(.zero, at: 17)
        let expected = values.map { $0.inverse() ?? .zero }
        Fr.batchInvert(&values)
        #expect(values == expected)
        var empty: [Fq] = []
        Fq.batchInvert(&empty)
        #expect(empty.isEmpty)
    }

    @Test func rootsOfUnityMatchSnarkjsDomain() {
        let root = Fr.rootOfUnity(log2Order: 28)
        // gnark-crypto's and ffjavascript's 2^28-th root of unity of BN254's Fr (5^((r-1)/2^28)).
        #expect(root.description == "19103219067921713944291392827692070036145651957329286315305642004821462161904")
        var x = root
        for _ in 0..<27 { x = x.squared() }
        #expect(x == -Fr.one)
        #expect(x.squared() == .one)
        #expect(Fr.rootOfUnity(log2Order: 1) == -Fr.one)
        #expect(Fr.rootOfUnity(log2Order: 0) == .one)
    }
}

@Suite("Field encodings")
struct FieldEncodingTests {
    @Test func roundTrips() throws {
        for a in fieldOperands(Fr.self, randomCount: 300, seed: 5) {
            #expect(try Fr(bigEndianBytes: a.bigEndianBytes) == a)
            #expect(try Fr(littleEndianBytes: a.littleEndianBytes) == a)
            #expect(try Fr(a.description) == a)
            #expect(try Fr(decimalOrHex: a.bigInt.hexString) == a)
            #expect(try Fr(decimalOrHex: a.description) == a)
            // Files take one spelling per value: canonical decimal.
            #expect(throws: FieldElementError.self) { try Fr(a.bigInt.hexString) }
            #expect(throws: FieldElementError.self) { try Fr("0" + a.description) }
            #expect(throws: FieldElementError.self) { try Fr("+" + a.description) }
            #expect(throws: FieldElementError.self) { try Fr(a.description + " ") }
            #expect(try Fr(exactly: a.bigInt) == a)
            #expect(a.bigEndianBytes == a.bigInt.bigEndianBytes(count: 32)!)
        }
        for a in fieldOperands(Fq.self, randomCount: 300, seed: 6) {
            #expect(try Fq(bigEndianBytes: a.bigEndianBytes) == a)
            #expect(try Fq(littleEndianBytes: a.littleEndianBytes) == a)
            #expect(try Fq(a.description) == a)
        }
    }

    @Test func rejectsNonCanonicalValues() {
        for value in [Fr.modulus, Fr.modulus + 1, (BigInt(1) << 256) - 1, BigInt(1) << 255] {
            let bytes = value.bigEndianBytes(count: 32)!
            #expect(throws: FieldElementError.self) { try Fr(bigEndianBytes: bytes) }
            #expect(throws: FieldElementError.self) { try Fr(littleEndianBytes: Array(bytes.reversed())) }
            #expect(throws: FieldElementError.self) { try Fr(value.decimalString) }
            #expect(throws: FieldElementError.self) { try Fr(exactly: value) }
        }
        #expect(throws: FieldElementError.self) { try Fq(bigEndianBytes: Fq.modulus.bigEndianBytes(count: 32)!) }
        // q is above r: a valid Fq value can be an invalid Fr value.
        #expect(throws: FieldElementError.self) { try Fr(exactly: Fq.modulus - 1) }
    }

    @Test func rejectsMalformedInput() {
        for bytes in [[UInt8](), [UInt8](repeating: 0, count: 31), [UInt8](repeating: 0, count: 33)] {
            #expect(throws: FieldElementError.self) { try Fr(bigEndianBytes: bytes) }
            #expect(throws: FieldElementError.self) { try Fq(littleEndianBytes: bytes) }
        }
        for text in ["", "-1", "0x", "12a", " 1", "1 ", "+1", "1e3", "0xzz", "١٢"] {
            #expect(throws: FieldElementError.self, "\(text)") { try Fr(text) }
        }
    }

    @Test func reducingAcceptsAnyInteger() {
        #expect(Fr(reducing: Fr.modulus + 5) == Fr(5))
        #expect(Fr(reducing: BigInt(-1)) == -Fr.one)
        #expect(Fq(reducing: (BigInt(1) << 300) + 1).bigInt == ((BigInt(1) << 300) + 1).modulo(Fq.modulus))
    }
}
