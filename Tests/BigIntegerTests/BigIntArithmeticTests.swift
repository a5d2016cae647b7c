import Testing
import BigInteger

@Suite struct BigIntArithmeticTests {
    @Test func matchesSwiftIntOnInt32Range() {
        var rng = SplitMix64(seed: TestSeed.seed(0xA717))
        for _ in 0..<2000 {
            let x = Int(Int32.random(in: .min ... .max, using: &rng))
            var y = Int(Int32.random(in: .min ... .max, using: &rng))
            if Bool.random(using: &rng) { y = Int(Int8.random(in: .min ... .max, using: &rng)) }
            let a = BigInt(x), b = BigInt(y)
            #expect(a + b == BigInt(x + y))
            #expect(a - b == BigInt(x - y))
            #expect(a * b == BigInt(x * y))
            #expect(-a == BigInt(-x))
            #expect((a < b) == (x < y))
            #expect((a == b) == (x == y))
            #expect(a.signum == x.signum())
            #expect(a.isOdd == (x & 1 != 0))
            #expect(a.magnitude == BigInt(UInt64(x.magnitude)))
            #expect(a.bitWidth == (x == 0 ? 0 : Int.bitWidth - x.magnitude.leadingZeroBitCount))
            if y != 0 {
                #expect(a / b == BigInt(x / y))
                #expect(a % b == BigInt(x % y))
                let qr = a.quotientAndRemainder(dividingBy: b)
                #expect(qr.quotient == BigInt(x / y) && qr.remainder == BigInt(x % y))
                let m = ((x % y) + abs(y)) % abs(y)
                #expect(a.modulo(b) == BigInt(m))
            }
            let k = Int.random(in: 0..<31, using: &rng)
            #expect(a << k == BigInt(x << k))
            #expect(a >> k == BigInt(x >> k))
            #expect(a >> (-k) == BigInt(x << k))
            for i in 0..<40 {
                #expect(a.bit(i) == ((x >> i) & 1 == 1))
            }
            var c = a
            c += b; #expect(c == BigInt(x + y))
            c -= b; #expect(c == a)
            c *= b; #expect(c == BigInt(x * y))
            c <<= 3; #expect(c == BigInt(x * y) * 8)
            c >>= 5; #expect(c == BigInt((x * y) >> 2))
            #expect(a.gcd(b) == BigInt(Self.gcd(x, y)))
            #expect(a.hashValue == BigInt(x).hashValue)
        }
    }

    static func gcd(_ a: Int, _ b: Int) -> Int {
        var (a, b) = (abs(a), abs(b))
        while b != 0 { (a, b) = (b, a % b) }
        return a
    }

    @Test func bigIdentities() {
        var rng = SplitMix64(seed: TestSeed.seed(0xB16))
        for _ in 0..<400 {
            let a = rng.bigInt(maxLimbs: 8)
            var b = rng.bigInt(maxLimbs: 5)
            if b.isZero { b = 7 }
            #expect((a * b) / b == a)
            #expect((a * b) % b == 0)
            let (q, r) = a.quotientAndRemainder(dividingBy: b)
            #expect(q * b + r == a)
            #expect(q == a / b && r == a % b)
            #expect((a / b) * b + a % b == a)
            #expect(r.magnitude < b.magnitude)
            #expect(r.isZero || r.signum == a.signum)
            let m = a.modulo(b)
            #expect(m >= 0 && m < b.magnitude)
            #expect((a - m) % b == 0)
            #expect(a + b - b == a)
            #expect(a - a == 0)
            #expect(a + (-a) == 0)
            #expect(a * b == b * a)
            let k = Int.random(in: 0..<200, using: &rng)
            #expect(a << k == a * BigInt(2).power(k))
            #expect((a << k) >> k == a)
            // Arithmetic right shift is floor division.
            let p2 = BigInt(1) << k
            let floorQ = a.signum < 0 && !(a % p2).isZero ? a / p2 - 1 : a / p2
            #expect(a >> k == floorQ)
            let g = a.gcd(b)
            #expect(g > 0 && a % g == 0 && b % g == 0)
            #expect(a.hashValue == (a + 0).hashValue)
        }
        #expect(BigInt(-1) >> 1000 == -1)
        #expect(BigInt(1) >> 1000 == 0)
        #expect(BigInt(0).gcd(0) == 0)
        #expect(BigInt(3).power(0) == 1)
        #expect(BigInt(-2).power(63) == BigInt(Int.min))
        #expect(BigInt(10).power(30).decimalString == "1" + String(repeating: "0", count: 30))
        #expect(BigInt(0).bitWidth == 0)
        #expect((BigInt(1) << 255).bitWidth == 256)
        #expect((BigInt(1) << 255).bit(255) && !(BigInt(1) << 255).bit(254))
        #expect(BigInt(-1).bit(500))  // two's complement semantics (mpz_tstbit)
    }

    @Test func copyOnWrite() {
        let original = BN254.r
        var copy = original
        copy += 1
        #expect(original == BN254.r)
        #expect(copy == BN254.r + 1)
        var c2 = original
        c2 *= 2
        c2 -= 5
        #expect(original.decimalString == "21888242871839275222246405745257275088548364400416034343698204186575808495617")
        var c3 = original
        c3 <<= 10
        c3 /= 3
        c3 %= 1000
        #expect(original == BN254.r)
        // Self-aliasing in-place ops.
        var d = BigInt(12345)
        d += d
        #expect(d == 24690)
        d *= d
        #expect(d == BigInt(24690 * 24690))
        d -= d
        #expect(d == 0)
        // Arrays of BigInt copy independently.
        var arr = [BigInt](repeating: BigInt(7), count: 3)
        arr[1] += 1
        #expect(arr == [7, 8, 7])
        #expect(Set([BigInt(1), BigInt(1), BigInt(-1), BigInt(0)]).count == 3)
    }
}
