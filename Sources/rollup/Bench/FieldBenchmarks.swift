import BN254
import CGMP

/// The `field` suite: latency of dependent chains of field operations, and GMP's
/// `mpz_mul` + `mpz_mod` on the same operands in the same run as the reference.
enum FieldBenchmarks {
    static func register(in suite: inout BenchmarkSuite) {
        var generator = InsecureSeededGenerator(seed: 42)  // benchmark operands only
        let a = Fr.random(using: &generator), b = Fr.random(using: &generator)
        let qa = Fq.random(using: &generator), qb = Fq.random(using: &generator)
        let xa = Fq12.random(using: &generator), xb = Fq12.random(using: &generator)

        suite.add("fr.mul", iterations: 2_000_000) { n in
            var x = a
            for _ in 0..<n { x = x * b }
            blackHole(x)
        }
        suite.add("fr.square", iterations: 2_000_000) { n in
            var x = a
            for _ in 0..<n { x = x.squared() }
            blackHole(x)
        }
        suite.add("fr.add", iterations: 10_000_000) { n in
            var x = a
            for _ in 0..<n { x = x + b }
            blackHole(x)
        }
        suite.add("fr.sub", iterations: 10_000_000) { n in
            var x = a
            for _ in 0..<n { x = x - b }
            blackHole(x)
        }
        suite.add("fr.inverse", iterations: 20_000) { n in
            var x = a
            for _ in 0..<n { x = x.inverse()! }
            blackHole(x)
        }
        // The reference twin of fr.inverse (extended Euclid): the Fermat exponentiation it replaced.
        suite.add("fr.inverse_fermat", iterations: 20_000) { n in
            var x = a
            for _ in 0..<n { x = x.fermatInverse()! }
            blackHole(x)
        }
        let batch = (0..<4096).map { _ in Fr.random(using: &generator) }
        suite.add("fr.batch_inverse", iterations: 4096 * 20) { n in
            // n elements in batches of at most 4096, so the figure is per element at any scale.
            var remaining = n
            while remaining > 0 {
                var elements = Array(batch.prefix(remaining))
                Fr.batchInvert(&elements)
                remaining -= elements.count
                blackHole(elements[0])
            }
        }
        suite.add("fq.mul", iterations: 2_000_000) { n in
            var x = qa
            for _ in 0..<n { x = x * qb }
            blackHole(x)
        }
        suite.add("fq.square", iterations: 2_000_000) { n in
            var x = qa
            for _ in 0..<n { x = x.squared() }
            blackHole(x)
        }
        let ya = Fq2.random(using: &generator), yb = Fq2.random(using: &generator)
        suite.add("fq2.mul", iterations: 1_000_000) { n in
            var x = ya
            for _ in 0..<n { x = x * yb }
            blackHole(x)
        }
        suite.add("fq2.square", iterations: 1_000_000) { n in
            var x = ya
            for _ in 0..<n { x = x.squared() }
            blackHole(x)
        }
        suite.add("fq6.mul", iterations: 200_000) { n in
            var x = xa.c0
            for _ in 0..<n { x = x * xb.c0 }
            blackHole(x)
        }
        suite.add("fq12.mul", iterations: 50_000) { n in
            var x = xa
            for _ in 0..<n { x = x * xb }
            blackHole(x)
        }
        suite.add("fq12.square", iterations: 50_000) { n in
            var x = xa
            for _ in 0..<n { x = x.squared() }
            blackHole(x)
        }
        let modulus = Fr.modulus.decimalString, left = a.description, right = b.description
        suite.add("gmp.mul_mod", iterations: 2_000_000) { n in
            gmpMultiplyModChain(left, right, modulus, iterations: n)
        }
    }

    /// x ← x·b mod r, n times, with GMP's mpz functions on preallocated integers (no allocation
    /// in the loop), the fairest use of GMP for this operand size.
    private static func gmpMultiplyModChain(_ a: String, _ b: String, _ modulus: String, iterations: Int) {
        var x = __mpz_struct(), y = __mpz_struct(), p = __mpz_struct(), t = __mpz_struct()
        __gmpz_init_set_str(&x, a, 10)
        __gmpz_init_set_str(&y, b, 10)
        __gmpz_init_set_str(&p, modulus, 10)
        __gmpz_init2(&t, 512)
        for _ in 0..<iterations {
            __gmpz_mul(&t, &x, &y)
            __gmpz_fdiv_r(&x, &t, &p)
        }
        blackHole(cgmp_sgn(&x))
        __gmpz_clear(&x)
        __gmpz_clear(&y)
        __gmpz_clear(&p)
        __gmpz_clear(&t)
    }
}
