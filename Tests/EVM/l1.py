"""Helpers of the L1 tests: deploying the exported contract (compiled once per source), deposits and
batch submissions as raw transactions, revert reasons, and the gas breakdown of a submission."""
import contextlib
import math

import boa
from eth.exceptions import Revert
from eth_utils import keccak

_deployers = {}


def deploy(source, supply):
    """A fresh deployment of `source` (compiled once per source text)."""
    if source not in _deployers:
        _deployers[source] = boa.loads_partial(source, name="Rollup")
    boa.env.set_balance(boa.env.eoa, 10**30)
    return _deployers[source].deploy(value=supply)


def deposit(contract, entry, sender=None, cold=False):
    sender = sender or boa.env.generate_address("depositor")
    boa.env.set_balance(sender, 10**30)
    if cold:
        boa.env._reset_access_counters()
    data = bytes.fromhex(entry["calldata"][2:])
    return boa.env.raw_call(contract.address, sender=sender, value=int(entry["value"]), data=data)


def submit(contract, calldata, cold=False):
    """Sends `calldata`. With `cold`, storage starts cold as in a new transaction on chain (EIP-2929): py-evm keeps
    slots warm across boa's calls otherwise. Only in an environment without anchors (`boa.swap_env(boa.Env())`):
    resetting the access journal breaks boa's snapshots."""
    if cold:
        boa.env._reset_access_counters()
    return boa.env.raw_call(contract.address, data=calldata)


@contextlib.contextmanager
def reverts(reason):
    """Expects the block to revert with exactly `reason` (Error(string)), whether boa or py-evm raised it."""
    try:
        yield
    except Revert as error:
        data = error.args[0]
        assert data[:4] == keccak(text="Error(string)")[:4], f"not an Error(string) revert: {data.hex()}"
        length = int.from_bytes(data[36:68], "big")
        assert data[68:68 + length].decode() == reason
    except boa.BoaError as error:
        assert reason in str(error), str(error)
    else:
        raise AssertionError(f"did not revert (expected {reason!r})")


def calldata_gas(data):
    """EIP-2028: 16 gas per non-zero byte, 4 per zero byte."""
    return sum(16 if byte else 4 for byte in data)


PAIRING = 45_000 + 4 * 34_000  # EIP-1108 ecPairing with 4 pairs
PER_INPUT = 6_000 + 150  # EIP-1108 ecMul + ecAdd per public input
# Without deposits or withdrawals: 2 cold SLOADs (progress, stateRoot) and two SSTOREs (stateRoot, progress), non-zero
# to non-zero, 2,900 each (EIP-2929/2200); `progress` is non-zero from deployment, so the first settlement pays the same.
STORAGE = 2 * 2_100 + 2 * 2_900


def breakdown(calldata, execution, words):
    """The submission's gas split: analytic precompile and storage prices, measured execution, EIP-2028 calldata."""
    sha = 60 + 12 * math.ceil((32 + 16 + words * 32) / 32)
    parts = {"base": 21_000, "calldata": calldata_gas(calldata), "pairing": PAIRING, "ecMul+ecAdd (5 inputs)": 5 * PER_INPUT,
             "sha256 (0x02)": sha, "storage": STORAGE}
    parts["other execution (ABI, Horner's rule over the words, memory)"] = execution - PAIRING - 5 * PER_INPUT - sha - STORAGE
    return parts


def report(gas_report, name, slots, calldata, execution):
    """Reports the breakdown; returns the total gas of the transaction."""
    parts = breakdown(calldata, execution, 3 * slots)
    total = sum(parts.values())
    gas_report(f"{name}: {total} gas, {total / slots:.0f} per slot; " + ", ".join(f"{key} {value}" for key, value in parts.items()))
    return total
