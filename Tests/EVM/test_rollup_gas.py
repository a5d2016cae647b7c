"""Gas of batch submission on py-evm (EIP-1108/2028/2929 prices) for each shipped circuit, with a
breakdown: the full batches of `Vectors/l1/transfer25-d24`, `transfer32-d24` and `transfer128-d24` (each proved once by
scripts/gen-l1-gas-vector with the committed key) and a 2-transfer batch of the tiny circuit."""
import re

import boa


from conftest import ROOT, rollup
from l1 import deploy, report, submit

VECTORS = ROOT / "Vectors/l1"


# Issue 10: at most 300,000 gas a 32-transfer submission (9,400 a transfer), the first one included.
def test_a_32_transfer_batch_costs_at_most_300000_gas(tmp_path, gas_report):
    total = settle_full_batch(tmp_path, gas_report, "transfer32-d24", 32)
    assert total <= 300_000 and total / 32 <= 9_400


# The batch that fills the 2^19 domain (the most proven transfers per second, docs/BENCHMARKS.md) pays
# the fixed costs over 25 transfers.
def test_a_25_transfer_batch_costs_at_most_11200_gas_a_transfer(tmp_path, gas_report):
    total = settle_full_batch(tmp_path, gas_report, "transfer25-d24", 25)
    assert total / 25 <= 11_200


# The larger batch amortises the pairing, the inputs and the storage over four times the transfers.
def test_a_128_transfer_batch_costs_at_most_3700_gas_a_transfer(tmp_path, gas_report):
    total = settle_full_batch(tmp_path, gas_report, "transfer128-d24", 128)
    assert total / 128 <= 3_700


def settle_full_batch(tmp_path, gas_report, name, slots):
    """Deploys the contract of a queue made from Vectors/l1/NAME's genesis and submits its calldata (first settlement)."""
    vector = VECTORS / name
    queue = tmp_path / "q"
    rollup("init", queue, "--circuit", name, "--insecure-dev-key", "--genesis", vector / "genesis.json")
    export = rollup("l1", "export", "--queue", queue, "--out", tmp_path / "l1")
    supply = int(re.search(r"value (\d+) wei", export).group(1))
    source = (tmp_path / "l1/Rollup.vy").read_text()
    calldata = bytes.fromhex((vector / "000001.calldata").read_text().strip()[2:])
    # The root the native state transition computes, independently of the calldata's claim.
    applied = rollup("batch", "apply", tmp_path / "state", vector / "batch-000001.json", "--genesis", vector / "genesis.json",
                     "--circuit", name)
    root = int(re.search(r"-> (\d+),", applied).group(1))
    with boa.swap_env(boa.Env()):  # cold storage for the measured transaction (see `l1.submit`)
        contract = deploy(source, supply)
        execution = submit(contract, calldata, cold=True).get_gas_used()
        assert contract.stateRoot() == root and contract.lastBatch() == 1
    return report(gas_report, f"{name} submitBatch, {slots} transfers, first settlement", slots, calldata, execution)
