"""The Vyper Groth16 verifier of `rollup groth16 export-vyper`, compiled by vyper 0.4 and run by
titanoboa on py-evm, whose precompiles 0x06-0x08 follow EIP-196/197 with EIP-1108 prices.

The contract's chosen behaviour is to return False, never revert, for every bad proof or input;
each test below asserts exactly that."""
import json

import boa
import pytest
from eth_utils import keccak

from conftest import ROOT, rollup

R = 21888242871839275222246405745257275088548364400416034343698204186575808495617
Q = 21888242871839275222246405745257275088696311157297823662689037894645226208583

CASES = {
    "tiny": ("Circuits/tiny/verification_key.json", "Vectors/rollup/proof/public.json", "Vectors/rollup/proof/proof.json"),
    "ark-circom": tuple(f"Vectors/snarkjs/ark-circom-groth16/{name}" for name in ("verification_key.json", "public.json", "proof.json")),
}


class Deployed:
    """A deployed verifier and the valid arguments `rollup groth16 calldata` derives for it."""

    def __init__(self, name, tmp_path_factory):
        key, public, proof = (ROOT / path for path in CASES[name])
        source = tmp_path_factory.mktemp(name) / "Verifier.vy"
        rollup("groth16", "export-vyper", key, source)
        self.name = name
        self.contract = boa.load(str(source))
        words = json.loads("[" + rollup("groth16", "calldata", public, proof) + "]")
        self.a, self.b, self.c, self.inputs = (self._ints(part) for part in words)

    @staticmethod
    def _ints(value):
        return [Deployed._ints(item) for item in value] if isinstance(value, list) else int(value, 16)

    def verify(self, a=None, b=None, c=None, inputs=None):
        return self.contract.verifyProof(a or self.a, b or self.b, c or self.c, inputs or self.inputs)

    def calldata(self):
        """The transaction input of the valid call: selector and the static ABI words."""
        signature = f"verifyProof(uint256[2],uint256[2][2],uint256[2],uint256[{len(self.inputs)}])"
        words = [*self.a, *self.b[0], *self.b[1], *self.c, *self.inputs]
        return keccak(text=signature)[:4] + b"".join(word.to_bytes(32, "big") for word in words)


@pytest.fixture(scope="module", params=sorted(CASES))
def verifier(request, tmp_path_factory):
    return Deployed(request.param, tmp_path_factory)


def test_accepts_the_valid_proof_and_reports_its_gas(verifier, gas_report):
    # boa.env counts the execution gas of every call it makes (not reset: that breaks boa's test isolation).
    before = boa.env.get_gas_used()
    assert verifier.verify() is True
    execution = boa.env.get_gas_used() - before
    n = len(verifier.inputs)
    # EIP-2028 calldata prices; the 21,000 base of a transaction (a view call pays neither).
    calldata = sum(16 if byte else 4 for byte in verifier.calldata())
    floor = 181_150 + 6_150 * n
    snarkjs = 207_000 + 7_200 * n
    assert floor < execution < snarkjs
    gas_report(
        f"{verifier.name} ({n} public input{'s' if n > 1 else ''}): execution {execution:,} gas; "
        f"as a transaction {execution + 21_000 + calldata:,} (21,000 base + {calldata:,} calldata); "
        f"EIP-1108 floor 181,150 + 6,150*{n} = {floor:,}; snarkjs verifier ~207k + 7.2k*{n} = {snarkjs:,}"
    )


@pytest.mark.parametrize("word", range(8))
def test_refuses_a_tampered_proof_coordinate(verifier, word):
    a, b, c = list(verifier.a), [list(row) for row in verifier.b], list(verifier.c)
    if word < 2:
        a[word] = (a[word] + 1) % Q
    elif word < 6:
        b[(word - 2) // 2][word % 2] = (b[(word - 2) // 2][word % 2] + 1) % Q
    else:
        c[word - 6] = (c[word - 6] + 1) % Q
    assert verifier.verify(a=a, b=b, c=c) is False


def test_refuses_valid_points_that_are_not_the_proof(verifier):
    # The G1 generator (1, 2) is on the curve: only the pairing check can refuse it.
    assert verifier.verify(a=[1, 2]) is False
    assert verifier.verify(c=[1, 2]) is False


def test_refuses_a_tampered_public_input(verifier):
    assert verifier.verify(inputs=[(verifier.inputs[0] + 1) % R, *verifier.inputs[1:]]) is False


def test_refuses_a_public_input_not_below_r(verifier):
    # x + r is the same scalar for ecMul, so without the input < r check this proof would verify.
    assert verifier.verify(inputs=[verifier.inputs[0] + R, *verifier.inputs[1:]]) is False


def test_refuses_a_coordinate_of_a_not_below_q(verifier):
    # Without the A < q check, Q - a[1] would underflow and revert instead of returning False.
    assert verifier.verify(a=[verifier.a[0], verifier.a[1] + Q]) is False
    assert verifier.verify(a=[verifier.a[0] + Q, verifier.a[1]]) is False


def test_refuses_a_point_off_the_curve(verifier):
    assert verifier.verify(a=[1, 3]) is False
    assert verifier.verify(c=[1, 3]) is False


def test_refuses_b_with_its_fq2_coordinates_swapped(verifier):
    # EIP-197 writes an Fq2 element imaginary part first; the real-first order is another point.
    swapped = [[verifier.b[0][1], verifier.b[0][0]], [verifier.b[1][1], verifier.b[1][0]]]
    assert verifier.verify(b=swapped) is False
