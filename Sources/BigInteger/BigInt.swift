// BigInteger: value type over GMP mpz_t (in progress).
