"""Same-run references for `rollup bench`: herumi mcl (PyPI `mclbn256`) and arkworks (PyPI `groth16py`).

Run through `scripts/bench-references`, which provides the virtual environment. Benchmark tooling
only: nothing in the package depends on it.

Default mode prints one JSON document with, on one thread:
  mcl.pairing, mcl.pairing_check.4, mcl.g1.mul_vec.2^16 (and 2^18 with --large), arkworks.prove.2^k.
`--compare` runs `rollup bench curve` / `rollup bench groth16` of one or more binaries interleaved
with those references, round by round, and prints the ratios of issue 12's acceptance.
"""

import argparse
import ctypes
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time

# One thread for arkworks (rayon reads this when its pool starts, at the first prove).
os.environ.setdefault("RAYON_NUM_THREADS", "1")

FIELD_MODULUS = 21888242871839275222246405745257275088696311157297823662689037894645226208583
GROUP_ORDER = 21888242871839275222246405745257275088548364400416034343698204186575808495617
# The EIP-197 generator of G2 (x = x0 + x1·u, y = y0 + y1·u).
G2_GENERATOR = (
    10857046999023057135944570762232829481370756359578518086990519993285655852781,
    11559732032986387107991004021392285783925812861821192530917403151452391805634,
    8495653923123431417604973247489272438418190587263600148770280649306958101930,
    4082367875863433681332203403145435568316851327593401208105741076214120093531,
)
# snarkjs's e(vk_alpha_1, vk_beta_2) = vk_alphabeta_12: a known pairing value (libff's final exponent).
KNOWN_PAIRING = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "Vectors", "snarkjs", "ark-circom-groth16", "verification_key.json")
MCL_BN_SNARK1 = 4  # mcl's curve id for alt_bn128 (Ethereum's BN254); mclbn256 starts with id 0


def timed(function, runs, repeat=1, clock=time.thread_time_ns):
    """Medians over `runs` of the wall time and the CPU time (of `clock`) of `repeat` calls, per call.

    The wall time is what `rollup bench` reports and what the ratios use; the CPU time shows how
    much of it a loaded machine took away.
    """
    walls, cpus = [], []
    for _ in range(runs):
        wall, cpu = time.perf_counter_ns(), clock()
        for _ in range(repeat):
            function()
        walls.append((time.perf_counter_ns() - wall) / repeat)
        cpus.append((clock() - cpu) / repeat)
    return statistics.median(walls), statistics.median(cpus)


class Mcl:
    """The mcl shared library of `mclbn256`, re-initialised to alt_bn128 and checked on known values."""

    def __init__(self):
        from mclbn256 import mclbn256 as wrapper

        self.lib = wrapper.lib
        self.g1_type = wrapper.mclBnG1_bytes
        self.g2_type = wrapper.mclBnG2_bytes
        self.gt_type = wrapper.mclBnGT_bytes
        self.fr_type = wrapper.mclBnFr_bytes
        if self.lib.mclBn_init(MCL_BN_SNARK1, wrapper.MCLBN_COMPILED_TIME_VAR) != 0:
            raise RuntimeError("mclBn_init(MCL_BN_SNARK1) failed")
        if self._order(self.lib.mclBn_getFieldOrder) != FIELD_MODULUS:
            raise RuntimeError("mcl's base field is not alt_bn128's")
        if self._order(self.lib.mclBn_getCurveOrder) != GROUP_ORDER:
            raise RuntimeError("mcl's group order is not alt_bn128's")
        self.g1 = self._point(self.g1_type, self.lib.mclBnG1_setStr, self.lib.mclBnG1_isValid, (1, 2))
        self.g2 = self._point(self.g2_type, self.lib.mclBnG2_setStr, self.lib.mclBnG2_isValid, G2_GENERATOR)
        self._check_known_pairing()

    def _check_known_pairing(self):
        with open(KNOWN_PAIRING) as file:
            key = json.load(file)
        (a0, a1, _), ((b00, b01), (b10, b11), _) = key["vk_alpha_1"], key["vk_beta_2"]
        p = self._point(self.g1_type, self.lib.mclBnG1_setStr, self.lib.mclBnG1_isValid, (int(a0), int(a1)))
        q = self._point(self.g2_type, self.lib.mclBnG2_setStr, self.lib.mclBnG2_isValid, (int(b00), int(b01), int(b10), int(b11)))
        value = self.gt_type()
        self.lib.mclBn_pairing(ctypes.byref(value), ctypes.byref(p), ctypes.byref(q))
        buffer = ctypes.create_string_buffer(4096)
        size = self.lib.mclBnGT_getStr(buffer, len(buffer), ctypes.byref(value), 10)
        expected = [int(x) for c6 in key["vk_alphabeta_12"] for c2 in c6 for x in c2]
        if [int(t) for t in buffer.value[:size].split()] != expected:
            raise RuntimeError("mcl's pairing differs from snarkjs's vk_alphabeta_12")

    @staticmethod
    def _order(getter):
        buffer = ctypes.create_string_buffer(128)
        size = getter(buffer, len(buffer))
        return int(buffer.value[:size])

    @staticmethod
    def _point(point_type, set_string, is_valid, coordinates):
        point = point_type()
        text = ("1 " + " ".join(str(c) for c in coordinates)).encode()
        if set_string(ctypes.byref(point), text, len(text), 10) != 0 or not is_valid(ctypes.byref(point)):
            raise RuntimeError("the EIP-196/197 generator %r is not a valid mcl point" % (coordinates[:1],))
        return point

    def random_scalar(self):
        scalar = self.fr_type()
        self.lib.mclBnFr_setByCSPRNG(ctypes.byref(scalar))
        return scalar

    def pairing_ns(self, runs):
        """Wall and CPU time of one pairing e(a·G1, b·G2)."""
        p, q, e = self.g1_type(), self.g2_type(), self.gt_type()
        self.lib.mclBnG1_mul(ctypes.byref(p), ctypes.byref(self.g1), ctypes.byref(self.random_scalar()))
        self.lib.mclBnG2_mul(ctypes.byref(q), ctypes.byref(self.g2), ctypes.byref(self.random_scalar()))
        self.lib.mclBnG1_normalize(ctypes.byref(p), ctypes.byref(p))
        self.lib.mclBnG2_normalize(ctypes.byref(q), ctypes.byref(q))
        self.lib.mclBn_pairing(ctypes.byref(e), ctypes.byref(p), ctypes.byref(q))  # warm-up
        return timed(lambda: self.lib.mclBn_pairing(ctypes.byref(e), ctypes.byref(p), ctypes.byref(q)), runs, repeat=20)

    def pairing_check4_ns(self, runs):
        """Wall and CPU time of e(P, Q)·e(−P, Q)·e(P, Q)·e(−P, Q) = 1 (`millerLoopVec` and one `finalExp`),
        the shape of `rollup bench curve`'s `pairing_check.4`."""
        p, minus_p, q = self.g1_type(), self.g1_type(), self.g2_type()
        self.lib.mclBnG1_mul(ctypes.byref(p), ctypes.byref(self.g1), ctypes.byref(self.random_scalar()))
        self.lib.mclBnG2_mul(ctypes.byref(q), ctypes.byref(self.g2), ctypes.byref(self.random_scalar()))
        self.lib.mclBnG1_normalize(ctypes.byref(p), ctypes.byref(p))
        self.lib.mclBnG2_normalize(ctypes.byref(q), ctypes.byref(q))
        self.lib.mclBnG1_neg(ctypes.byref(minus_p), ctypes.byref(p))
        ps = (self.g1_type * 4)(p, minus_p, p, minus_p)
        qs = (self.g2_type * 4)(q, q, q, q)
        f, e = self.gt_type(), self.gt_type()

        def check():
            self.lib.mclBn_millerLoopVec(ctypes.byref(f), ps, qs, 4)
            self.lib.mclBn_finalExp(ctypes.byref(e), ctypes.byref(f))

        check()
        if not self.lib.mclBnGT_isOne(ctypes.byref(e)):
            raise RuntimeError("mcl's four-pair check failed")
        return timed(check, runs, repeat=10)

    def mul_vec_ns(self, log2, runs):
        """Wall and CPU time of one G1 `mulVec` over 2^log2 affine points with random full-size scalars."""
        n = 1 << log2
        points = (self.g1_type * n)()
        scalars = (self.fr_type * n)()
        step = self.g1_type()
        self.lib.mclBnG1_mul(ctypes.byref(step), ctypes.byref(self.g1), ctypes.byref(self.random_scalar()))
        self.lib.mclBnG1_normalize(ctypes.byref(points[0]), ctypes.byref(step))
        for i in range(1, n):  # P_i = P_(i-1) + R: distinct points of unrelated-looking coordinates
            self.lib.mclBnG1_add(ctypes.byref(points[i]), ctypes.byref(points[i - 1]), ctypes.byref(step))
            self.lib.mclBnG1_normalize(ctypes.byref(points[i]), ctypes.byref(points[i]))
        for i in range(n):
            self.lib.mclBnFr_setByCSPRNG(ctypes.byref(scalars[i]))
        result = self.g1_type()
        return timed(lambda: self.lib.mclBnG1_mulVec(ctypes.byref(result), points, scalars, n), runs)


def write_chain(directory, log2):
    """The `rollup bench groth16 --log2 k` chain as circom's .r1cs and .wtns (iden3 binary formats).

    Wires: 0 = one, 1 = out (public), 2 = x, 3 = c, then m_1 … m_n with n = 2^k − 3:
    m_1 = x·x, m_(i+1) = (m_i + c)², and (m_n + c)·1 = out: 2^k − 2 constraints.
    """
    squarings = (1 << log2) - 3
    wires = 4 + squarings
    x, c = 3, 5

    def field(value):
        return (value % GROUP_ORDER).to_bytes(32, "little")

    def combination(terms):
        return len(terms).to_bytes(4, "little") + b"".join(w.to_bytes(4, "little") + field(1) for w in terms)

    constraints = [combination([2]) + combination([2]) + combination([4])]
    for i in range(1, squarings):
        m_i = 3 + i
        constraints.append(combination([m_i, 3]) + combination([m_i, 3]) + combination([m_i + 1]))
    constraints.append(combination([3 + squarings, 3]) + combination([0]) + combination([1]))

    def section(kind, body):
        return kind.to_bytes(4, "little") + len(body).to_bytes(8, "little") + body

    header = (
        (32).to_bytes(4, "little") + field(GROUP_ORDER) + wires.to_bytes(4, "little")
        + (1).to_bytes(4, "little") + (0).to_bytes(4, "little") + (2).to_bytes(4, "little")
        + wires.to_bytes(8, "little") + len(constraints).to_bytes(4, "little")
    )
    labels = b"".join(w.to_bytes(8, "little") for w in range(wires))
    r1cs_path = os.path.join(directory, "chain.r1cs")
    with open(r1cs_path, "wb") as out:
        out.write(b"r1cs" + (1).to_bytes(4, "little") + (3).to_bytes(4, "little"))
        out.write(section(1, header) + section(2, b"".join(constraints)) + section(3, labels))

    values = [1, 0, x, c]
    m = x * x % GROUP_ORDER
    for _ in range(squarings):
        values.append(m)
        m = (m + c) * (m + c) % GROUP_ORDER
    values[1] = (values[-1] + c) % GROUP_ORDER
    wtns_path = os.path.join(directory, "chain.wtns")
    with open(wtns_path, "wb") as out:
        out.write(b"wtns" + (2).to_bytes(4, "little") + (2).to_bytes(4, "little"))
        out.write(section(1, (32).to_bytes(4, "little") + field(GROUP_ORDER) + wires.to_bytes(4, "little")))
        out.write(section(2, b"".join(field(v) for v in values)))
    return r1cs_path, wtns_path, values[1]


class Arkworks:
    """groth16py's arkworks prover on the chain circuit, with a key from its own setup."""

    def __init__(self, log2):
        import groth16py

        self.groth16py = groth16py
        self.directory = tempfile.mkdtemp(prefix="bench-references-")
        r1cs, self.wtns, output = write_chain(self.directory, log2)
        self.key, verifying_key = groth16py.setup(r1cs)
        proof = groth16py.prove_wtns(self.key, self.wtns)
        if not groth16py.Verifier(verifying_key).verify(proof, [output]):
            raise RuntimeError("arkworks' proof of the chain does not verify")

    def prove_ns(self, runs):
        return timed(lambda: self.groth16py.prove_wtns(self.key, self.wtns), runs, clock=time.process_time_ns)



def references(args):
    """{name: wall ns} and {name: CPU ns} of every reference, on one thread."""
    timings = {}
    mcl = Mcl()
    timings["mcl.pairing"] = mcl.pairing_ns(args.runs)
    timings["mcl.pairing_check.4"] = mcl.pairing_check4_ns(args.runs)
    timings["mcl.g1.mul_vec.2^16"] = mcl.mul_vec_ns(16, args.runs)
    if args.large:
        timings["mcl.g1.mul_vec.2^18"] = mcl.mul_vec_ns(18, max(1, args.runs // 2))
    errors = {}
    if not args.no_prove:
        try:
            timings["arkworks.prove.2^%d" % args.log2] = Arkworks(args.log2).prove_ns(args.proofs)
        except Exception as error:  # report precisely and go on with what works
            errors["arkworks"] = "%s: %s" % (type(error).__name__, error)
    results = {name: wall for name, (wall, _) in timings.items()}
    cpu = {name: cpu for name, (_, cpu) in timings.items()}
    return results, cpu, errors


def rollup_bench(binary, suite_arguments):
    output = subprocess.run([binary, "bench"] + suite_arguments + ["--json"], check=True, capture_output=True, text=True)
    document = json.loads(output.stdout.strip().splitlines()[-1])
    return {r["name"]: r["ns"] for r in document["results"] if "ns" in r}


def compare(args):
    mcl = Mcl()
    arkworks = None if args.no_prove or args.pairing_only else Arkworks(args.log2)
    prove_name = "groth16.prove.2^%d" % args.log2
    rounds = []
    for _ in range(args.rounds):
        measured = {"mcl.pairing": mcl.pairing_ns(args.runs)[0], "mcl.pairing_check.4": mcl.pairing_check4_ns(args.runs)[0]}
        if not args.pairing_only:
            measured["mcl.g1.mul_vec.2^16"] = mcl.mul_vec_ns(16, args.runs)[0]
            if arkworks:
                measured["arkworks." + prove_name] = arkworks.prove_ns(args.proofs)[0]
        for binary in args.rollup:
            ours = rollup_bench(binary, ["curve", "--filter", "pairing"])
            if not args.pairing_only:
                ours.update(rollup_bench(binary, ["curve", "--filter", "msm.g"]))
                ours.update(rollup_bench(binary, ["groth16", "--log2", str(args.log2), "--proofs", str(args.proofs)]))
            for name, ns in ours.items():
                measured["%s:%s" % (binary, name)] = ns
        rounds.append(measured)

    def ratio(numerator, denominator):
        values = [r[numerator] / r[denominator] for r in rounds if numerator in r and denominator in r]
        return [round(v, 3) for v in values]

    ratios = {}
    for binary in args.rollup:
        tag = binary + ":"
        ratios[tag + "pairing/mcl.pairing"] = ratio(tag + "pairing", "mcl.pairing")
        ratios[tag + "pairing_check.4/mcl.pairing_check.4"] = ratio(tag + "pairing_check.4", "mcl.pairing_check.4")
        if not args.pairing_only:
            ratios[tag + "msm.g1.2^16/mcl.g1.mul_vec.2^16"] = ratio(tag + "msm.g1.2^16", "mcl.g1.mul_vec.2^16")
            ratios[tag + "msm.g2.2^16/msm.g1.2^16"] = ratio(tag + "msm.g2.2^16", tag + "msm.g1.2^16")
            ratios[tag + "%s/arkworks" % prove_name] = ratio(tag + prove_name, "arkworks." + prove_name)
    if len(args.rollup) == 2:
        old, new = args.rollup
        for name in ("pairing", "pairing_check.4", "pairing.miller_loop", "pairing.final_exp", "pairing.g2_prepare"):
            ratios["%s new/old" % name] = ratio(new + ":" + name, old + ":" + name)
    return {"load_average": os.getloadavg(), "rounds": rounds, "ratios": ratios}


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--compare", action="store_true", help="run rollup's benchmarks interleaved with the references")
    parser.add_argument("--rollup", action="append", default=[], help="rollup binary (repeat for old and new); default .build/release/rollup")
    parser.add_argument("--rounds", type=int, default=3, help="interleaved rounds in --compare")
    parser.add_argument("--runs", type=int, default=5, help="timed runs per reference (the median is kept)")
    parser.add_argument("--proofs", type=int, default=3, help="proofs to time per prover")
    parser.add_argument("--log2", type=int, default=16, help="log2 of the chain's domain for the provers")
    parser.add_argument("--large", action="store_true", help="also mcl mulVec at 2^18")
    parser.add_argument("--no-prove", action="store_true", help="skip the Groth16 provers")
    parser.add_argument("--pairing-only", action="store_true", help="in --compare, run only rollup's pairing benchmarks")
    args = parser.parse_args()
    if args.compare:
        args.rollup = args.rollup or [".build/release/rollup"]
        document = compare(args)
    else:
        results, cpu, errors = references(args)
        document = {"load_average": os.getloadavg(), "threads": 1, "results": results, "cpu_ns": cpu}
        if errors:
            document["errors"] = errors
    json.dump(document, sys.stdout, indent=1, sort_keys=True)
    print()


if __name__ == "__main__":
    main()
