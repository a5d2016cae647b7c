#!/usr/bin/env python3
"""Prints the Montgomery constants of the BN254 fields for Sources/CBN254Kernel/include/bn254_kernel.h.

The moduli are the alt_bn128 parameters of EIP-196; everything else is derived from them here so
that there is one place where a modulus is written. Run: python3 scripts/gen-field-constants.py
"""

FIELDS = {
    # name: modulus
    "FR": 21888242871839275222246405745257275088548364400416034343698204186575808495617,
    "FQ": 21888242871839275222246405745257275088696311157297823662689037894645226208583,
}


def limbs(x):
    return [(x >> (64 * i)) & (2**64 - 1) for i in range(4)]


def emit(name, value):
    lines = [f"#define BN254_{name}_L{i} 0x{l:016x}ULL" for i, l in enumerate(limbs(value))]
    parts = ", ".join(f"BN254_{name}_L{i}" for i in range(4))
    lines.append(f"#define BN254_{name} {{ {parts} }}")
    return "\n".join(lines)


for name, p in FIELDS.items():
    R = 2**256 % p
    print(emit(f"{name}_MODULUS", p))
    print(emit(f"{name}_R", R))  # Montgomery form of 1
    print(emit(f"{name}_R2", R * R % p))  # converts into Montgomery form
    print(emit(f"{name}_R3", R * R * R % p))  # turns a plain inverse of a Montgomery form into one
    print(f"#define BN254_{name}_INV 0x{(-pow(p, -1, 2**64)) % 2**64:016x}ULL  /* -p^-1 mod 2^64 */")
    square = ", ".join(f"0x{(p * p >> (64 * i)) & (2**64 - 1):016x}ULL" for i in range(8))
    print(f"#define BN254_{name}_MODULUS_SQUARED {{ {square} }}  /* p^2, for lazy reduction */")
