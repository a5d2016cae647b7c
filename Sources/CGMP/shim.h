// Shim over <gmp.h>: GMP defines several operations as function-like macros, which Swift cannot
// import. Each is wrapped here in a static inline function with the same meaning.
#ifndef CGMP_SHIM_H
#define CGMP_SHIM_H

#include <gmp.h>
#include <stddef.h>

static inline int cgmp_sgn(const __mpz_struct *z) { return mpz_sgn(z); }
static inline int cgmp_odd_p(const __mpz_struct *z) { return mpz_odd_p(z); }
static inline int cgmp_even_p(const __mpz_struct *z) { return mpz_even_p(z); }
static inline size_t cgmp_limb_count(const __mpz_struct *z) { return mpz_size(z); }
static inline mp_limb_t cgmp_limb(const __mpz_struct *z, size_t i) { return mpz_getlimbn(z, (mp_size_t)i); }
static inline int cgmp_bits_per_limb(void) { return GMP_NUMB_BITS; }

#endif
