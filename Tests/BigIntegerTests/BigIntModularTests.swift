import Testing
import BigInteger

@Suite struct BigIntModularTests {
    @Test func powModMatchesRepeatedMultiplication() {
        var rng = SplitMix64(seed: TestSeed.seed(0x90D))
        for _ in 0..<100 {
            let base = rng.bigInt(maxLimbs: 4)
            var m = rng.bigInt(maxLimbs: 4)
            if m.isZero { m = 97 }
            let e = Int.random(in: 0..<40, using: &rng)
            var expected = BigInt(1).modulo(m)
            for _ in 0..<e { expected = (expected * base).modulo(m) }
            #expect(base.powMod(BigInt(e), m) == expected)
            #expect(base.power(e).modulo(m) == expected)
        }
        #expect(BigInt(5).powMod(0, 1) == 0)
        #expect(BigInt(3).powMod(-1, 7) == 5)
        #expect(BigInt(3).powMod(-2, 7) == BigInt(25).modulo(7))
    }

    @Test func fermatAndInverse() throws {
        var rng = SplitMix64(seed: TestSeed.seed(0x1A7))
        for p in [BN254.r, BN254.q] {
            for _ in 0..<50 {
                let a = rng.bigInt(maxLimbs: 5)
                let am = a.modulo(p)
                if am.isZero {
                    #expect(a.inverse(modulo: p) == nil)
                    continue
                }
                #expect(a.powMod(p - 1, p) == 1)
                let inv = try #require(a.inverse(modulo: p))
                #expect(inv >= 0 && inv < p)
                #expect((inv * a).modulo(p) == 1)
                #expect(a.powMod(-1, p) == inv)
                #expect(a.powMod(p - 2, p) == inv)
            }
            #expect(BigInt(0).inverse(modulo: p) == nil)
            #expect(p.inverse(modulo: p) == nil)
        }
        #expect(BigInt(6).inverse(modulo: 9) == nil)
        #expect(BigInt(2).inverse(modulo: 9) == 5)
        #expect(BigInt(-2).inverse(modulo: 9) == 4)
        #expect(BigInt(2).inverse(modulo: -9) == 5)
        #expect(BigInt(2).inverse(modulo: 0) == nil)
        #expect(BigInt(5).inverse(modulo: 1) == 0)
    }

    @Test func legendreAndSquareRootOnBN254Primes() throws {
        var rng = SplitMix64(seed: TestSeed.seed(0x5123))
        for p in [BN254.r, BN254.q] {
            // Until both branches are well exercised (a random value is a non-residue half of the time), whatever TEST_SEED.
            var residues = 0, nonResidues = 0
            for _ in 0..<2_000 where residues < 24 || nonResidues < 8 {
                let x = rng.bigUInt(maxLimbs: 4).modulo(p)
                if x.isZero { continue }
                let sq = (x * x).modulo(p)
                #expect(sq.legendre(p) == 1)
                let root = try #require(sq.squareRoot(modulo: p))
                #expect((root * root).modulo(p) == sq)
                #expect(root == x || root == p - x)
                #expect(root <= p - root)  // smaller of the two roots
                // Adding multiples of p or using negative representatives does not matter.
                #expect((sq + p * 3).squareRoot(modulo: p) == root)
                #expect((sq - p).squareRoot(modulo: p) == root)
                residues += 1

                // Euler's criterion agrees with legendre; non-residues have no root.
                let y = rng.bigUInt(maxLimbs: 4).modulo(p)
                if y.isZero { continue }
                let l = y.legendre(p)
                let euler = y.powMod((p - 1) >> 1, p)
                #expect(euler == (l == 1 ? BigInt(1) : p - 1))
                if l == -1 {
                    #expect(y.squareRoot(modulo: p) == nil)
                    nonResidues += 1
                } else {
                    let r = try #require(y.squareRoot(modulo: p))
                    #expect((r * r).modulo(p) == y)
                }
            }
            #expect(residues >= 24 && nonResidues >= 8)
            #expect(BigInt(0).legendre(p) == 0)
            #expect(p.legendre(p) == 0)
            #expect(BigInt(0).squareRoot(modulo: p) == 0)
            #expect(p.squareRoot(modulo: p) == 0)
            #expect(BigInt(1).squareRoot(modulo: p) == 1)
            // -1 is a square exactly when p ≡ 1 (mod 4).
            if p % 4 == 3 {
                #expect((p - 1).squareRoot(modulo: p) == nil)
            } else {
                let i = try #require((p - 1).squareRoot(modulo: p))
                #expect((i * i).modulo(p) == p - 1)
            }
        }
        // r ≡ 1 mod 4 with 2-adicity 28 (Tonelli–Shanks path); q ≡ 3 mod 4 (fast path).
        #expect(BN254.r % 4 == 1)
        #expect(BN254.q % 4 == 3)
        #expect(BigInt(5).legendre(BN254.r) == -1)  // 5 is the usual non-residue generator of Fr
        #expect(BigInt(5).squareRoot(modulo: BN254.r) == nil)
    }

    @Test func squareRootSmallPrimesExhaustive() {
        for p in [3, 5, 7, 13, 17, 41, 97, 113, 257, 65537] {
            var squares = Set<Int>()
            for x in 0..<min(p, 300) { squares.insert(x * x % p) }
            for a in 0..<min(p, 300) {
                let r = BigInt(a).squareRoot(modulo: BigInt(p))
                if p <= 300 {
                    #expect((r != nil) == squares.contains(a), "p=\(p) a=\(a)")
                }
                if let r {
                    #expect((r * r).modulo(BigInt(p)) == BigInt(a))
                    #expect(r <= BigInt(p) - r || r == 0)
                } else {
                    #expect(BigInt(a).legendre(BigInt(p)) == -1)
                }
            }
        }
        #expect(BigInt(1).squareRoot(modulo: 2) == 1)
        #expect(BigInt(3).squareRoot(modulo: 1) == nil)
        #expect(BigInt(3).squareRoot(modulo: -7) == nil)
        // Composite moduli never hang, and whatever they return is nil or a verified root.
        for (a, m) in [(4, 9), (16, 15), (2, 49), (7, 9), (25, 77)] as [(BigInt, BigInt)] {
            if let root = a.squareRoot(modulo: m) { #expect((root * root).modulo(m) == a.modulo(m), "\(a) mod \(m): \(root)") }
        }
    }
}
