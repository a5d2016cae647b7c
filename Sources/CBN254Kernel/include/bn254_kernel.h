// Montgomery arithmetic on 4x64-bit limbs for the two BN254 (alt_bn128) prime fields.
//
// Header-only and `static inline`, so that the Swift call sites inline these functions and keep
// the limbs in registers (see DESIGN.md, "Performance notes"). Everything around this kernel -
// conversions, exponentiation, inversion, extension fields - is Swift. The Swift types `Fr` and
// `Fq` in the BN254 module are the only users; GMP is the oracle their tests compare against.
//
// Values are little-endian limbs (l0 least significant) in Montgomery form x*2^256 mod p, fully
// reduced to [0, p). Both moduli are below 2^254, which the no-carry multiplication requires.
#ifndef BN254_KERNEL_H
#define BN254_KERNEL_H

#include <stdint.h>

typedef struct {
    uint64_t l0, l1, l2, l3;
} bn254_limbs;

typedef unsigned __int128 bn254_u128;

#define BN254_INLINE static inline __attribute__((always_inline))

/// Hints that the `bytes` bytes at `p` will be read soon: one prefetch per 64-byte cache line
/// (the MSM's random bucket reads, issued some terms ahead).
BN254_INLINE void bn254_prefetch(const void *p, long bytes) {
    uintptr_t line = (uintptr_t)p & ~(uintptr_t)63, last = (uintptr_t)p + (uintptr_t)bytes - 1;
    for (; line <= last; line += 64) __builtin_prefetch((const void *)line);
}

// Constants printed by scripts/gen-field-constants.py from the EIP-196 moduli.
#define BN254_FR_MODULUS_L0 0x43e1f593f0000001ULL
#define BN254_FR_MODULUS_L1 0x2833e84879b97091ULL
#define BN254_FR_MODULUS_L2 0xb85045b68181585dULL
#define BN254_FR_MODULUS_L3 0x30644e72e131a029ULL
#define BN254_FR_MODULUS { BN254_FR_MODULUS_L0, BN254_FR_MODULUS_L1, BN254_FR_MODULUS_L2, BN254_FR_MODULUS_L3 }
#define BN254_FR_R_L0 0xac96341c4ffffffbULL
#define BN254_FR_R_L1 0x36fc76959f60cd29ULL
#define BN254_FR_R_L2 0x666ea36f7879462eULL
#define BN254_FR_R_L3 0x0e0a77c19a07df2fULL
#define BN254_FR_R { BN254_FR_R_L0, BN254_FR_R_L1, BN254_FR_R_L2, BN254_FR_R_L3 }
#define BN254_FR_R2_L0 0x1bb8e645ae216da7ULL
#define BN254_FR_R2_L1 0x53fe3ab1e35c59e3ULL
#define BN254_FR_R2_L2 0x8c49833d53bb8085ULL
#define BN254_FR_R2_L3 0x0216d0b17f4e44a5ULL
#define BN254_FR_R2 { BN254_FR_R2_L0, BN254_FR_R2_L1, BN254_FR_R2_L2, BN254_FR_R2_L3 }
#define BN254_FR_R3_L0 0x5e94d8e1b4bf0040ULL
#define BN254_FR_R3_L1 0x2a489cbe1cfbb6b8ULL
#define BN254_FR_R3_L2 0x893cc664a19fcfedULL
#define BN254_FR_R3_L3 0x0cf8594b7fcc657cULL
#define BN254_FR_R3 { BN254_FR_R3_L0, BN254_FR_R3_L1, BN254_FR_R3_L2, BN254_FR_R3_L3 }
#define BN254_FR_INV 0xc2e1f593efffffffULL  /* -p^-1 mod 2^64 */
#define BN254_FR_MODULUS_SQUARED { 0x08c3eb27e0000001ULL, 0xc7f26223dcb34000ULL, 0xffe9a62c68c9bb7fULL, 0xa6ce1975e821ddb0ULL, 0x2c77527b47b62fe7ULL, 0x85f73bb0d379d3dfULL, 0x599a6f7c0348d21cULL, 0x0925c4b8763cbf9cULL }  /* p^2, for lazy reduction */
#define BN254_FQ_MODULUS_L0 0x3c208c16d87cfd47ULL
#define BN254_FQ_MODULUS_L1 0x97816a916871ca8dULL
#define BN254_FQ_MODULUS_L2 0xb85045b68181585dULL
#define BN254_FQ_MODULUS_L3 0x30644e72e131a029ULL
#define BN254_FQ_MODULUS { BN254_FQ_MODULUS_L0, BN254_FQ_MODULUS_L1, BN254_FQ_MODULUS_L2, BN254_FQ_MODULUS_L3 }
#define BN254_FQ_R_L0 0xd35d438dc58f0d9dULL
#define BN254_FQ_R_L1 0x0a78eb28f5c70b3dULL
#define BN254_FQ_R_L2 0x666ea36f7879462cULL
#define BN254_FQ_R_L3 0x0e0a77c19a07df2fULL
#define BN254_FQ_R { BN254_FQ_R_L0, BN254_FQ_R_L1, BN254_FQ_R_L2, BN254_FQ_R_L3 }
#define BN254_FQ_R2_L0 0xf32cfc5b538afa89ULL
#define BN254_FQ_R2_L1 0xb5e71911d44501fbULL
#define BN254_FQ_R2_L2 0x47ab1eff0a417ff6ULL
#define BN254_FQ_R2_L3 0x06d89f71cab8351fULL
#define BN254_FQ_R2 { BN254_FQ_R2_L0, BN254_FQ_R2_L1, BN254_FQ_R2_L2, BN254_FQ_R2_L3 }
#define BN254_FQ_R3_L0 0xb1cd6dafda1530dfULL
#define BN254_FQ_R3_L1 0x62f210e6a7283db6ULL
#define BN254_FQ_R3_L2 0xef7f0b0c0ada0afbULL
#define BN254_FQ_R3_L3 0x20fd6e902d592544ULL
#define BN254_FQ_R3 { BN254_FQ_R3_L0, BN254_FQ_R3_L1, BN254_FQ_R3_L2, BN254_FQ_R3_L3 }
#define BN254_FQ_INV 0x87d20782e4866389ULL  /* -p^-1 mod 2^64 */
#define BN254_FQ_MODULUS_SQUARED { 0x3b5458a2275d69b1ULL, 0xa602072d09eac101ULL, 0x4a50189c6d96cadcULL, 0x04689e957a1242c8ULL, 0x26edfa5c34c6b38dULL, 0xb00b855116375606ULL, 0x599a6f7c0348d21cULL, 0x0925c4b8763cbf9cULL }  /* p^2, for lazy reduction */

// (hi, lo) = a*b + c + d; never overflows 128 bits.
#define BN254_MAC(hi, lo, a, b, c, d)                                                   \
    do {                                                                                \
        bn254_u128 _t = (bn254_u128)(a) * (b) + (bn254_u128)(c) + (bn254_u128)(d);      \
        (lo) = (uint64_t)_t;                                                            \
        (hi) = (uint64_t)(_t >> 64);                                                    \
    } while (0)

/// Whether t < p as 256-bit integers.
BN254_INLINE int bn254_less_than(bn254_limbs t, bn254_limbs p) {
    if (t.l3 != p.l3) return t.l3 < p.l3;
    if (t.l2 != p.l2) return t.l2 < p.l2;
    if (t.l1 != p.l1) return t.l1 < p.l1;
    return t.l0 < p.l0;
}

/// t >= p ? t - p : t, for products. The test is a branch, not a mask: the Montgomery product is
/// rarely >= p, so the branch predicts well and keeps the comparison off the multiplication's
/// dependency chain (21 ns instead of 25 ns per product here). As in gnark-crypto, the timing
/// then depends on the values: this arithmetic is not constant-time.
BN254_INLINE bn254_limbs bn254_reduce_product(bn254_limbs t, bn254_limbs p) {
    if (bn254_less_than(t, p)) return t;
    unsigned long long borrow;
    bn254_limbs s;
    s.l0 = __builtin_subcll(t.l0, p.l0, 0, &borrow);
    s.l1 = __builtin_subcll(t.l1, p.l1, borrow, &borrow);
    s.l2 = __builtin_subcll(t.l2, p.l2, borrow, &borrow);
    s.l3 = __builtin_subcll(t.l3, p.l3, borrow, &borrow);
    return s;
}

/// t >= p ? t - p : t, for sums, selected with a mask: a sum needs the subtraction about half of
/// the time, where a branch would mispredict.
BN254_INLINE bn254_limbs bn254_reduce_sum(bn254_limbs t, bn254_limbs p) {
    unsigned long long borrow;
    bn254_limbs s;
    s.l0 = __builtin_subcll(t.l0, p.l0, 0, &borrow);
    s.l1 = __builtin_subcll(t.l1, p.l1, borrow, &borrow);
    s.l2 = __builtin_subcll(t.l2, p.l2, borrow, &borrow);
    s.l3 = __builtin_subcll(t.l3, p.l3, borrow, &borrow);
    uint64_t keep = 0 - (uint64_t)borrow;  // all ones when t < p
    bn254_limbs r;
    r.l0 = (t.l0 & keep) | (s.l0 & ~keep);
    r.l1 = (t.l1 & keep) | (s.l1 & ~keep);
    r.l2 = (t.l2 & keep) | (s.l2 & ~keep);
    r.l3 = (t.l3 & keep) | (s.l3 & ~keep);
    return r;
}

/// One row of no-carry CIOS: t = (t + a*b_i + m*p) / 2^64 with m chosen to clear the low limb.
#define BN254_CIOS_ROW(bi)                                                              \
    do {                                                                                \
        uint64_t A, C, m, lo;                                                           \
        BN254_MAC(A, t0, a.l0, (bi), t0, 0);                                            \
        m = t0 * inv;                                                                   \
        BN254_MAC(C, lo, m, p.l0, t0, 0);                                               \
        (void)lo;                                                                       \
        BN254_MAC(A, t1, a.l1, (bi), t1, A);                                            \
        BN254_MAC(C, t0, m, p.l1, t1, C);                                               \
        BN254_MAC(A, t2, a.l2, (bi), t2, A);                                            \
        BN254_MAC(C, t1, m, p.l2, t2, C);                                               \
        BN254_MAC(A, t3, a.l3, (bi), t3, A);                                            \
        BN254_MAC(C, t2, m, p.l3, t3, C);                                               \
        t3 = C + A;                                                                     \
    } while (0)

/// Montgomery product a*b/2^256 mod p: the no-carry CIOS of Algorithm 2 in El Housni and Botrel,
/// "EdMSM: Multi-Scalar-Multiplication for SNARKs and Faster Montgomery multiplication"
/// (ePrint 2022/1400), valid because the top limb of p is below 2^63 - 1.
BN254_INLINE bn254_limbs bn254_mont_mul(bn254_limbs a, bn254_limbs b, bn254_limbs p, uint64_t inv) {
    uint64_t t0 = 0, t1 = 0, t2 = 0, t3 = 0;
    BN254_CIOS_ROW(b.l0);
    BN254_CIOS_ROW(b.l1);
    BN254_CIOS_ROW(b.l2);
    BN254_CIOS_ROW(b.l3);
    bn254_limbs t = {t0, t1, t2, t3};
    return bn254_reduce_product(t, p);
}

/// A 512-bit product, least significant limb first.
typedef struct {
    uint64_t w0, w1, w2, w3, w4, w5, w6, w7;
} bn254_wide;

/// Montgomery reduction t*2^-256 mod p of a 512-bit t < p*2^256, word by word (Handbook of
/// Applied Cryptography, Algorithm 14.32); the result is below 2p, and the caller picks the
/// final subtraction that suits its operands (`bn254_reduce_product` or `bn254_reduce_sum`).
BN254_INLINE bn254_limbs bn254_redc_partial(bn254_wide t, bn254_limbs p, uint64_t inv) {
    uint64_t r0 = t.w0, r1 = t.w1, r2 = t.w2, r3 = t.w3, r4 = t.w4, r5 = t.w5, r6 = t.w6, r7 = t.w7;
    uint64_t m, lo, c, hc = 0;
#define BN254_REDC_STEP(x0, x1, x2, x3, x4)                                             \
    do {                                                                                \
        m = (x0) * inv;                                                                 \
        BN254_MAC(c, lo, m, p.l0, (x0), 0);                                             \
        (void)lo;                                                                       \
        BN254_MAC(c, x1, m, p.l1, (x1), c);                                             \
        BN254_MAC(c, x2, m, p.l2, (x2), c);                                             \
        BN254_MAC(c, x3, m, p.l3, (x3), c);                                             \
        bn254_u128 _s = (bn254_u128)(x4) + c + hc;                                      \
        (x4) = (uint64_t)_s;                                                            \
        hc = (uint64_t)(_s >> 64);                                                      \
    } while (0)
    BN254_REDC_STEP(r0, r1, r2, r3, r4);
    BN254_REDC_STEP(r1, r2, r3, r4, r5);
    BN254_REDC_STEP(r2, r3, r4, r5, r6);
    BN254_REDC_STEP(r3, r4, r5, r6, r7);
#undef BN254_REDC_STEP
    bn254_limbs out = {r4, r5, r6, r7};
    return out;
}

/// Montgomery square a*a/2^256 mod p: the 512-bit square with each cross product computed once
/// and doubled (10 word products instead of 16; Handbook of Applied Cryptography, Algorithm
/// 14.16), then `bn254_redc_partial`.
BN254_INLINE bn254_limbs bn254_mont_square(bn254_limbs a, bn254_limbs p, uint64_t inv) {
    uint64_t r0, r1, r2, r3, r4, r5, r6, r7, c;
    // Cross products a_i*a_j, i < j, into r1..r6.
    BN254_MAC(c, r1, a.l0, a.l1, 0, 0);
    BN254_MAC(c, r2, a.l0, a.l2, c, 0);
    BN254_MAC(r4, r3, a.l0, a.l3, c, 0);
    BN254_MAC(c, r3, a.l1, a.l2, r3, 0);
    BN254_MAC(r5, r4, a.l1, a.l3, r4, c);
    BN254_MAC(r6, r5, a.l2, a.l3, r5, 0);
    // Double them.
    r7 = r6 >> 63;
    r6 = (r6 << 1) | (r5 >> 63);
    r5 = (r5 << 1) | (r4 >> 63);
    r4 = (r4 << 1) | (r3 >> 63);
    r3 = (r3 << 1) | (r2 >> 63);
    r2 = (r2 << 1) | (r1 >> 63);
    r1 = r1 << 1;
    // Add the squares a_i^2 on the diagonal.
    BN254_MAC(c, r0, a.l0, a.l0, 0, 0);
    {
        bn254_u128 s;
        s = (bn254_u128)r1 + c;                                   r1 = (uint64_t)s; c = (uint64_t)(s >> 64);
        bn254_u128 sq = (bn254_u128)a.l1 * a.l1;
        s = (bn254_u128)r2 + (uint64_t)sq + c;                    r2 = (uint64_t)s; c = (uint64_t)(s >> 64);
        s = (bn254_u128)r3 + (uint64_t)(sq >> 64) + c;            r3 = (uint64_t)s; c = (uint64_t)(s >> 64);
        sq = (bn254_u128)a.l2 * a.l2;
        s = (bn254_u128)r4 + (uint64_t)sq + c;                    r4 = (uint64_t)s; c = (uint64_t)(s >> 64);
        s = (bn254_u128)r5 + (uint64_t)(sq >> 64) + c;            r5 = (uint64_t)s; c = (uint64_t)(s >> 64);
        sq = (bn254_u128)a.l3 * a.l3;
        s = (bn254_u128)r6 + (uint64_t)sq + c;                    r6 = (uint64_t)s; c = (uint64_t)(s >> 64);
        r7 = r7 + (uint64_t)(sq >> 64) + c;
    }
    bn254_wide square = {r0, r1, r2, r3, r4, r5, r6, r7};
    return bn254_reduce_product(bn254_redc_partial(square, p, inv), p);
}

/// (a + b) mod p for a, b < p < 2^254 (the sum cannot overflow 256 bits).
BN254_INLINE bn254_limbs bn254_mod_add(bn254_limbs a, bn254_limbs b, bn254_limbs p) {
    bn254_u128 s;
    bn254_limbs t;
    s = (bn254_u128)a.l0 + b.l0;                        t.l0 = (uint64_t)s;
    s = (bn254_u128)a.l1 + b.l1 + (uint64_t)(s >> 64);  t.l1 = (uint64_t)s;
    s = (bn254_u128)a.l2 + b.l2 + (uint64_t)(s >> 64);  t.l2 = (uint64_t)s;
    s = (bn254_u128)a.l3 + b.l3 + (uint64_t)(s >> 64);  t.l3 = (uint64_t)s;
    return bn254_reduce_sum(t, p);
}

/// (a - b) mod p for a, b < p.
BN254_INLINE bn254_limbs bn254_mod_sub(bn254_limbs a, bn254_limbs b, bn254_limbs p) {
    bn254_u128 d;
    uint64_t borrow;
    bn254_limbs t;
    d = (bn254_u128)a.l0 - b.l0;          t.l0 = (uint64_t)d; borrow = (uint64_t)(d >> 64) & 1;
    d = (bn254_u128)a.l1 - b.l1 - borrow; t.l1 = (uint64_t)d; borrow = (uint64_t)(d >> 64) & 1;
    d = (bn254_u128)a.l2 - b.l2 - borrow; t.l2 = (uint64_t)d; borrow = (uint64_t)(d >> 64) & 1;
    d = (bn254_u128)a.l3 - b.l3 - borrow; t.l3 = (uint64_t)d; borrow = (uint64_t)(d >> 64) & 1;
    uint64_t mask = 0 - borrow;  // add p back when the difference went negative
    d = (bn254_u128)t.l0 + (p.l0 & mask);                       t.l0 = (uint64_t)d;
    d = (bn254_u128)t.l1 + (p.l1 & mask) + (uint64_t)(d >> 64); t.l1 = (uint64_t)d;
    d = (bn254_u128)t.l2 + (p.l2 & mask) + (uint64_t)(d >> 64); t.l2 = (uint64_t)d;
    d = (bn254_u128)t.l3 + (p.l3 & mask) + (uint64_t)(d >> 64); t.l3 = (uint64_t)d;
    return t;
}

/// -a mod p (0 stays 0).
BN254_INLINE bn254_limbs bn254_mod_neg(bn254_limbs a, bn254_limbs p) {
    bn254_limbs zero = {0, 0, 0, 0};
    return bn254_mod_sub(zero, a, p);
}

/// a/2 mod p: a >> 1 when a is even, (a + p) >> 1 when it is odd (a + p < 2^255 cannot overflow).
BN254_INLINE bn254_limbs bn254_mod_half(bn254_limbs a, bn254_limbs p) {
    uint64_t mask = 0 - (a.l0 & 1);
    unsigned long long carry;
    bn254_limbs t;
    t.l0 = __builtin_addcll(a.l0, p.l0 & mask, 0, &carry);
    t.l1 = __builtin_addcll(a.l1, p.l1 & mask, carry, &carry);
    t.l2 = __builtin_addcll(a.l2, p.l2 & mask, carry, &carry);
    t.l3 = __builtin_addcll(a.l3, p.l3 & mask, carry, &carry);
    t.l0 = (t.l0 >> 1) | (t.l1 << 63);
    t.l1 = (t.l1 >> 1) | (t.l2 << 63);
    t.l2 = (t.l2 >> 1) | (t.l3 << 63);
    t.l3 = t.l3 >> 1;
    return t;
}

/// The full 512-bit product a*b (schoolbook, 16 word products); a, b < 2^256.
BN254_INLINE bn254_wide bn254_mul_wide(bn254_limbs a, bn254_limbs b) {
    uint64_t x[4] = {a.l0, a.l1, a.l2, a.l3}, y[4] = {b.l0, b.l1, b.l2, b.l3};
    uint64_t r[8] = {0, 0, 0, 0, 0, 0, 0, 0};
    for (int i = 0; i < 4; i++) {
        uint64_t carry = 0;
        for (int j = 0; j < 4; j++) BN254_MAC(carry, r[i + j], x[i], y[j], r[i + j], carry);
        r[i + 4] = carry;
    }
    bn254_wide w = {r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7]};
    return w;
}

/// a + b for 512-bit values whose sum stays below 2^512.
BN254_INLINE bn254_wide bn254_wide_add(bn254_wide a, bn254_wide b) {
    unsigned long long c;
    bn254_wide r;
    r.w0 = __builtin_addcll(a.w0, b.w0, 0, &c);
    r.w1 = __builtin_addcll(a.w1, b.w1, c, &c);
    r.w2 = __builtin_addcll(a.w2, b.w2, c, &c);
    r.w3 = __builtin_addcll(a.w3, b.w3, c, &c);
    r.w4 = __builtin_addcll(a.w4, b.w4, c, &c);
    r.w5 = __builtin_addcll(a.w5, b.w5, c, &c);
    r.w6 = __builtin_addcll(a.w6, b.w6, c, &c);
    r.w7 = __builtin_addcll(a.w7, b.w7, c, &c);
    return r;
}

/// a - b for 512-bit values with a >= b.
BN254_INLINE bn254_wide bn254_wide_sub(bn254_wide a, bn254_wide b) {
    unsigned long long c;
    bn254_wide r;
    r.w0 = __builtin_subcll(a.w0, b.w0, 0, &c);
    r.w1 = __builtin_subcll(a.w1, b.w1, c, &c);
    r.w2 = __builtin_subcll(a.w2, b.w2, c, &c);
    r.w3 = __builtin_subcll(a.w3, b.w3, c, &c);
    r.w4 = __builtin_subcll(a.w4, b.w4, c, &c);
    r.w5 = __builtin_subcll(a.w5, b.w5, c, &c);
    r.w6 = __builtin_subcll(a.w6, b.w6, c, &c);
    r.w7 = __builtin_subcll(a.w7, b.w7, c, &c);
    return r;
}

/// (a0 + a1*u)(b0 + b1*u) in F_q2 = F_q[u]/(u^2 + 1), Montgomery form, with lazy reduction: the
/// three Karatsuba products are kept at 512 bits and only c0 = a0b0 - a1b1 + q^2 and
/// c1 = (a0 + a1)(b0 + b1) - a0b0 - a1b1 are reduced (Aranha, Karabina, Longa, Gebotys and Lopez,
/// Eurocrypt 2011, section 3). Both stay in [0, 2q^2) < q*2^256, which REDC requires.
/// An F_q2 element's two coefficients.
typedef struct {
    bn254_limbs c0, c1;
} bn254_pair;

BN254_INLINE bn254_pair bn254_fq2_mul(bn254_limbs a0, bn254_limbs a1, bn254_limbs b0, bn254_limbs b1) {
    const bn254_limbs p = BN254_FQ_MODULUS;
    bn254_wide v0 = bn254_mul_wide(a0, b0);
    bn254_wide v1 = bn254_mul_wide(a1, b1);
    /* a0 + a1 and b0 + b1 unreduced: below 2q < 2^255. */
    bn254_limbs sa, sb;
    unsigned long long c;
    sa.l0 = __builtin_addcll(a0.l0, a1.l0, 0, &c); sa.l1 = __builtin_addcll(a0.l1, a1.l1, c, &c);
    sa.l2 = __builtin_addcll(a0.l2, a1.l2, c, &c); sa.l3 = __builtin_addcll(a0.l3, a1.l3, c, &c);
    sb.l0 = __builtin_addcll(b0.l0, b1.l0, 0, &c); sb.l1 = __builtin_addcll(b0.l1, b1.l1, c, &c);
    sb.l2 = __builtin_addcll(b0.l2, b1.l2, c, &c); sb.l3 = __builtin_addcll(b0.l3, b1.l3, c, &c);
    bn254_wide cross = bn254_wide_sub(bn254_wide_sub(bn254_mul_wide(sa, sb), v0), v1);
    const bn254_wide q2 = BN254_FQ_MODULUS_SQUARED;
    bn254_pair r = {bn254_reduce_sum(bn254_redc_partial(bn254_wide_sub(bn254_wide_add(v0, q2), v1), p, BN254_FQ_INV), p),
                    bn254_reduce_sum(bn254_redc_partial(cross, p, BN254_FQ_INV), p)};
    return r;
}

// Per-field entry points with the constants folded in.
#define BN254_DEFINE_FIELD(name, MOD, INV)                                                     \
    BN254_INLINE bn254_limbs bn254_##name##_mul(bn254_limbs a, bn254_limbs b) {                 \
        const bn254_limbs p = MOD;                                                              \
        return bn254_mont_mul(a, b, p, INV);                                                    \
    }                                                                                           \
    BN254_INLINE bn254_limbs bn254_##name##_square(bn254_limbs a) {                             \
        const bn254_limbs p = MOD;                                                              \
        return bn254_mont_square(a, p, INV);                                                    \
    }                                                                                           \
    BN254_INLINE bn254_limbs bn254_##name##_add(bn254_limbs a, bn254_limbs b) {                 \
        const bn254_limbs p = MOD;                                                              \
        return bn254_mod_add(a, b, p);                                                          \
    }                                                                                           \
    BN254_INLINE bn254_limbs bn254_##name##_sub(bn254_limbs a, bn254_limbs b) {                 \
        const bn254_limbs p = MOD;                                                              \
        return bn254_mod_sub(a, b, p);                                                          \
    }                                                                                           \
    BN254_INLINE bn254_limbs bn254_##name##_neg(bn254_limbs a) {                                \
        const bn254_limbs p = MOD;                                                              \
        return bn254_mod_neg(a, p);                                                             \
    }                                                                                           \
    BN254_INLINE bn254_limbs bn254_##name##_half(bn254_limbs a) {                               \
        const bn254_limbs p = MOD;                                                              \
        return bn254_mod_half(a, p);                                                            \
    }

BN254_DEFINE_FIELD(fr, BN254_FR_MODULUS, BN254_FR_INV)
BN254_DEFINE_FIELD(fq, BN254_FQ_MODULUS, BN254_FQ_INV)

#endif
