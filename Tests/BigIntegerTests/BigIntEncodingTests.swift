import Testing
import BigInteger

@Suite struct BigIntEncodingTests {
    @Test func smallValuesMatchSwift() throws {
        for v in [0, 1, -1, 9, 10, 255, 256, -256, Int.max, Int.min, Int.min + 1, 1 << 40] {
            let b = BigInt(v)
            #expect(b.decimalString == String(v))
            #expect(b.description == String(v))
            let hex = v < 0 ? "-0x" + String(v.magnitude, radix: 16) : "0x" + String(v, radix: 16)
            #expect(b.hexString == hex)
            #expect(try BigInt(decimal: String(v)) == b)
            #expect(try BigInt(hex: hex) == b)
            #expect(try BigInt(parsing: hex) == b)
            #expect(try BigInt(parsing: String(v)) == b)
        }
        #expect(BigInt(0).hexString == "0x0")
        #expect(BigInt(UInt64.max).decimalString == String(UInt64.max))
        #expect(BigInt(UInt64.max).limbs == [UInt64.max])
        let lit: BigInt = 42
        #expect(lit == BigInt(42))
    }

    @Test func parsingVariants() throws {
        #expect(try BigInt(hex: "ff") == 255)
        #expect(try BigInt(hex: "0XFF") == 255)
        #expect(try BigInt(hex: "-0xAbC") == -2748)
        #expect(try BigInt(hex: "-abc") == -2748)
        #expect(try BigInt(decimal: "007") == 7)
        #expect(try BigInt(decimal: "-0") == 0)
        #expect(try BigInt(parsing: "-0x10") == -16)
        #expect(try BigInt(parsing: "0x0") == 0)
        #expect(try BigInt(decimal: "-0").signum == 0)
    }

    @Test(arguments: ["", "-", "0x", "12a", " 12", "12 ", "+5", "1_000", "0xg", "--1", "-0x", "0x-1", "1\n", "١٢", "12é", "0b101", "1e5"])
    func malformedDecimalAndParsingRejected(text: String) {
        #expect(throws: BigIntError.self) { try BigInt(decimal: text) }
        #expect(throws: BigIntError.self) { try BigInt(parsing: text) }
    }

    @Test(arguments: ["", "-", "0x", " 12", "12 ", "+5", "1_000", "0xg", "--1", "-0x", "0x-1", "0x 1", "xyz", "0x0x1"])
    func malformedHexRejected(text: String) {
        #expect(throws: BigIntError.self) { try BigInt(hex: text) }
    }

    @Test func errorDescription() {
        do {
            _ = try BigInt(decimal: "12a")
            Issue.record("expected failure")
        } catch {
            #expect(error == .malformed("12a", reason: "unexpected character 'a' at offset 2"))
            #expect(error.description == "malformed integer \"12a\": unexpected character 'a' at offset 2")
        }
        #expect(throws: BigIntError.malformed("", reason: "empty string")) { try BigInt(decimal: "") }
        #expect(throws: BigIntError.malformed("0x", reason: "no digits")) { try BigInt(hex: "0x") }
    }

    @Test func randomRoundTrips() throws {
        var rng = SplitMix64(seed: TestSeed.seed(0x5EED_0001))
        for _ in 0..<500 {
            let v = rng.bigInt(maxLimbs: 6)
            #expect(try BigInt(decimal: v.decimalString) == v)
            #expect(try BigInt(hex: v.hexString) == v)
            #expect(try BigInt(parsing: v.hexString) == v)
            #expect(try BigInt(parsing: v.decimalString) == v)
            #expect(try BigInt(hex: v.hexString.uppercased()) == v)

            let m = v.magnitude
            #expect(m.signum >= 0)
            #expect(BigInt(limbs: m.limbs) == m)
            #expect(BigInt(littleEndianLimbs: m.limbs[...]) == m)
            #expect(m.limbs.last != 0)  // minimal (and [] for zero)
            #expect(m.limbs.count == (m.bitWidth + 63) / 64)

            let byteCount = (m.bitWidth + 7) / 8
            let be = try #require(m.bigEndianBytes(count: byteCount + 3))
            let le = try #require(m.littleEndianBytes(count: byteCount + 3))
            #expect(be.count == byteCount + 3 && le.count == byteCount + 3)
            #expect(Array(be.reversed()) == le)
            #expect(BigInt(bigEndianBytes: be) == m)
            #expect(BigInt(littleEndianBytes: le) == m)
            #expect(m.bigEndianBytes(count: byteCount) != nil)
            if byteCount > 0 {
                #expect(m.bigEndianBytes(count: byteCount - 1) == nil)
                #expect(m.littleEndianBytes(count: byteCount - 1) == nil)
            }
            let limbCount = m.limbs.count
            #expect(m.limbs(count: limbCount + 2).map { BigInt(limbs: $0) } == m)
            if limbCount > 0 { #expect(m.limbs(count: limbCount - 1) == nil) }

            if v.signum < 0 {
                #expect(v.bigEndianBytes(count: 64) == nil)
                #expect(v.littleEndianBytes(count: 64) == nil)
                #expect(v.limbs(count: 10) == nil)
                #expect(v.limbs == m.limbs)
            }
        }
    }

    @Test func bytesOverflowAndKnownValues() {
        #expect(BigInt(256).bigEndianBytes(count: 1) == nil)
        #expect(BigInt(255).bigEndianBytes(count: 1) == [0xFF])
        #expect(BigInt(256).bigEndianBytes(count: 2) == [0x01, 0x00])
        #expect(BigInt(256).littleEndianBytes(count: 3) == [0x00, 0x01, 0x00])
        #expect(BigInt(0).bigEndianBytes(count: 0) == [])
        #expect(BigInt(1).bigEndianBytes(count: 0) == nil)
        #expect(BigInt(0).bigEndianBytes(count: 2) == [0, 0])
        #expect(BigInt(-1).bigEndianBytes(count: 8) == nil)
        #expect(BigInt(bigEndianBytes: []) == 0)
        #expect(BigInt(littleEndianBytes: [0, 0, 0]) == 0)
        #expect(BigInt(bigEndianBytes: [0x01, 0x02]) == 0x0102)
        #expect(BigInt(littleEndianBytes: [0x01, 0x02]) == 0x0201)
        #expect(BN254.r.bigEndianBytes(count: 32) != nil)
        #expect(BN254.r.bigEndianBytes(count: 31) == nil)
        #expect((BigInt(1) << 256).bigEndianBytes(count: 32) == nil)
        #expect(((BigInt(1) << 256) - 1).bigEndianBytes(count: 32) == [UInt8](repeating: 0xFF, count: 32))
        #expect(BigInt(limbs: []) == 0)
        #expect(BigInt(0).limbs == [])
        #expect(BigInt(limbs: [1, 0, 0]).limbs == [1])
        #expect(BigInt(limbs: [0, 1]) == BigInt(1) << 64)
        #expect(BN254.r.limbs == [0x43e1f593f0000001, 0x2833e84879b97091, 0xb85045b68181585d, 0x30644e72e131a029])
        #expect(BN254.q.hexString == "0x30644e72e131a029b85045b68181585d97816a916871ca8d3c208c16d87cfd47")
        #expect(BigInt(5).limbs(count: 0) == nil)
        #expect(BigInt(0).limbs(count: 0) == [])
    }
}
