// Lazy-reduction butterflies for the number-theoretic transforms over F_r (BN254's scalar field).
//
// Header-only and `static inline`, like bn254_kernel.h, whose Montgomery product they call; the
// Swift type `RadixFour` in the BN254 module drives them pass by pass. Each kernel runs `count`
// consecutive butterflies of one pass of the decimation-in-time transform (Cooley and Tukey,
// Math. Comp. 19, 1965; radix-4 as the merge of two radix-2 stages, Chu and George, "Inside the
// FFT Black Box", ch. 4), with its twiddle factors read from sequential per-stage tables.
//
// Lazy reduction (Harvey, "Faster arithmetic for number-theoretic transforms", J. Symbolic
// Comput. 60, 2014, in Montgomery form): between passes a value x stands for x mod r and lies in
// [0, 2r) instead of [0, r). The bounds that make this sound, with r < 2^253.6 (4r < 0.757·2^256):
//  - every sum and difference below is under 4r < 2^256, so no limb arithmetic overflows;
//  - the Montgomery product bn254_mont_mul(a, w) of a in [0, 4r) and a twiddle w in [0, r): each
//    row of the no-carry CIOS stays below t/2^64 + a + r < 5r + 1 <= 2^256 (5r < 2^256), so no
//    carry is lost, and the result (a·w + m·r)/2^256 < 4r·r/2^256 + r < 1.76r, which the kernel's
//    single conditional subtraction brings to [0, r);
//  - a difference x − y with y in [0, k·r) is taken as x + k·r − y, which is non-negative.
// A kernel called with `canonical` set ends with one more conditional subtraction of r, so its
// outputs are in [0, r): the transform's last pass does that.
#ifndef BN254_NTT_H
#define BN254_NTT_H

#include <stddef.h>

#include "bn254_kernel.h"

#define BN254_FR_TWICE_MODULUS { 0x87c3eb27e0000002ULL, 0x5067d090f372e122ULL, 0x70a08b6d0302b0baULL, 0x60c89ce5c2634053ULL }

/// a + b without reduction; the caller guarantees a + b < 2^256.
BN254_INLINE bn254_limbs bn254_ntt_add(bn254_limbs a, bn254_limbs b) {
    unsigned long long c;
    bn254_limbs t;
    t.l0 = __builtin_addcll(a.l0, b.l0, 0, &c);
    t.l1 = __builtin_addcll(a.l1, b.l1, c, &c);
    t.l2 = __builtin_addcll(a.l2, b.l2, c, &c);
    t.l3 = __builtin_addcll(a.l3, b.l3, c, &c);
    return t;
}

/// a + k − b without reduction, for b <= k and a + k < 2^256: the true value is in [0, 2^256), so
/// the wrap-around of the intermediate a − b cancels.
BN254_INLINE bn254_limbs bn254_ntt_sub(bn254_limbs a, bn254_limbs b, bn254_limbs k) {
    unsigned long long c;
    bn254_limbs t;
    t.l0 = __builtin_subcll(a.l0, b.l0, 0, &c);
    t.l1 = __builtin_subcll(a.l1, b.l1, c, &c);
    t.l2 = __builtin_subcll(a.l2, b.l2, c, &c);
    t.l3 = __builtin_subcll(a.l3, b.l3, c, &c);
    t.l0 = __builtin_addcll(t.l0, k.l0, 0, &c);
    t.l1 = __builtin_addcll(t.l1, k.l1, c, &c);
    t.l2 = __builtin_addcll(t.l2, k.l2, c, &c);
    t.l3 = __builtin_addcll(t.l3, k.l3, c, &c);
    return t;
}

/// t in [0, 4r) → [0, 2r), or → [0, r) when `canonical` (then t must come from [0, 4r) as well:
/// the first subtraction leaves [0, 2r), the second [0, r)).
BN254_INLINE bn254_limbs bn254_ntt_settle(bn254_limbs t, int canonical) {
    const bn254_limbs p = BN254_FR_MODULUS, twice = BN254_FR_TWICE_MODULUS;
    t = bn254_reduce_sum(t, twice);
    return canonical ? bn254_reduce_sum(t, p) : t;
}

/// a·w/2^256 mod r in [0, r) for a in [0, 4r) and w in [0, r) (see the bound above).
BN254_INLINE bn254_limbs bn254_ntt_twist(bn254_limbs a, bn254_limbs w) {
    const bn254_limbs p = BN254_FR_MODULUS;
    return bn254_mont_mul(a, w, p, BN254_FR_INV);
}

/// The first radix-2 stage on pairs (x[2g], x[2g+1]), g < pairs, whose twiddle is 1:
/// (u, v) → (u + v, u + r − v). Inputs in [0, r), outputs in [0, 2r) ([0, r) if `canonical`).
BN254_INLINE void bn254_ntt_radix2_first(bn254_limbs *x, size_t pairs, int canonical) {
    const bn254_limbs p = BN254_FR_MODULUS;
    for (size_t g = 0; g < pairs; g++) {
        bn254_limbs u = x[2 * g], v = x[2 * g + 1];
        x[2 * g] = bn254_ntt_settle(bn254_ntt_add(u, v), canonical);
        x[2 * g + 1] = bn254_ntt_settle(bn254_ntt_sub(u, v, p), canonical);
    }
}

/// Radix-2 butterflies (x[k], x[k+half]) → (u + w[k]·v, u − w[k]·v), k < count. Inputs in
/// [0, 2r); u + t and u + r − t (t = w·v in [0, r)) are below 3r; outputs in [0, 2r) ([0, r) if
/// `canonical`).
BN254_INLINE void bn254_ntt_radix2(bn254_limbs *x, size_t half, const bn254_limbs *w, size_t count, int canonical) {
    const bn254_limbs p = BN254_FR_MODULUS;
    bn254_limbs *y = x + half;
    for (size_t k = 0; k < count; k++) {
        bn254_limbs u = x[k], t = bn254_ntt_twist(y[k], w[k]);
        x[k] = bn254_ntt_settle(bn254_ntt_add(u, t), canonical);
        y[k] = bn254_ntt_settle(bn254_ntt_sub(u, t, p), canonical);
    }
}

/// The first two radix-2 stages merged, on quads x[4g..4g+3], g < quads, whose twiddles are 1, 1
/// and ω_4 = `omega4` (the primitive 4th root of unity of the transform). Inputs in [0, r): the
/// first stage's four values are below 2r, the second's sums below 4r, outputs in [0, 2r)
/// ([0, r) if `canonical`).
BN254_INLINE void bn254_ntt_radix4_first(bn254_limbs *x, size_t quads, bn254_limbs omega4, int canonical) {
    const bn254_limbs p = BN254_FR_MODULUS, twice = BN254_FR_TWICE_MODULUS;
    for (size_t g = 0; g < quads; g++) {
        bn254_limbs *q = x + 4 * g;
        bn254_limbs a0 = bn254_ntt_add(q[0], q[1]), a1 = bn254_ntt_sub(q[0], q[1], p);
        bn254_limbs a2 = bn254_ntt_add(q[2], q[3]), a3 = bn254_ntt_sub(q[2], q[3], p);
        bn254_limbs t3 = bn254_ntt_twist(a3, omega4);
        q[0] = bn254_ntt_settle(bn254_ntt_add(a0, a2), canonical);
        q[1] = bn254_ntt_settle(bn254_ntt_add(a1, t3), canonical);
        q[2] = bn254_ntt_settle(bn254_ntt_sub(a0, a2, twice), canonical);
        q[3] = bn254_ntt_settle(bn254_ntt_sub(a1, t3, p), canonical);
    }
}

/// Two radix-2 stages merged (radix 4) on the quads x[k + i·quarter], i < 4, k < count: the first
/// stage pairs (0, 1) and (2, 3) with twiddle w1[k], the second (0, 2) with w2[k] and (1, 3) with
/// w3[k]. For the stages of half-sizes h and 2h of a transform of order N these are ω_2h^j,
/// ω_4h^j and ω_4h^(j+h), j the position within the group. Inputs in [0, 2r): the first stage's
/// values are below 3r (t = w·v in [0, r)), the second's below 4r, outputs in [0, 2r) ([0, r) if
/// `canonical`).
BN254_INLINE void bn254_ntt_radix4(bn254_limbs *x, size_t quarter, const bn254_limbs *w1, const bn254_limbs *w2,
                                   const bn254_limbs *w3, size_t count, int canonical) {
    const bn254_limbs p = BN254_FR_MODULUS;
    bn254_limbs *x1 = x + quarter, *x2 = x1 + quarter, *x3 = x2 + quarter;
    for (size_t k = 0; k < count; k++) {
        bn254_limbs t1 = bn254_ntt_twist(x1[k], w1[k]), t3 = bn254_ntt_twist(x3[k], w1[k]);
        bn254_limbs a0 = bn254_ntt_add(x[k], t1), a1 = bn254_ntt_sub(x[k], t1, p);
        bn254_limbs a2 = bn254_ntt_add(x2[k], t3), a3 = bn254_ntt_sub(x2[k], t3, p);
        bn254_limbs u2 = bn254_ntt_twist(a2, w2[k]), u3 = bn254_ntt_twist(a3, w3[k]);
        x[k] = bn254_ntt_settle(bn254_ntt_add(a0, u2), canonical);
        x1[k] = bn254_ntt_settle(bn254_ntt_add(a1, u3), canonical);
        x2[k] = bn254_ntt_settle(bn254_ntt_sub(a0, u2, p), canonical);
        x3[k] = bn254_ntt_settle(bn254_ntt_sub(a1, u3, p), canonical);
    }
}

#endif
