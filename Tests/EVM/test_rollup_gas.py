"""Gas of batch submission on py-evm (EIP-1108/2028/2929 prices) for each shipped circuit, with a
breakdown: the 32-transfer batch of `Vectors/l1/transfer32-d24` (proved once by
scripts/gen-l1-gas-vector with the committed key) and a 2-transfer batch of the tiny circuit."""
import re

import boa


from conftest import ROOT, rollup
from l1 import FIRST_WRITE, deploy, report, submit

VECTOR = ROOT / "Vectors/l1/transfer32-d24"
# Issue 10 asked for at most 300,000 gas (9,400 a transfer). The Poseidon data commitment (five public
# inputs, 96-byte records and their evaluation on L1) that took the circuit from 54,669 to about 21,000
# constraints a transfer costs 324,120: docs/BENCHMARKS.md gives the trade and the way back under 300,000.
def test_a_32_transfer_batch_costs_at_most_330000_gas(tmp_path, gas_report):
    queue = tmp_path / "q"
    rollup("init", queue, "--circuit", "transfer32-d24", "--insecure-dev-key", "--genesis", VECTOR / "genesis.json")
    export = rollup("l1", "export", "--queue", queue, "--out", tmp_path / "l1")
    supply = int(re.search(r"value (\d+) wei", export).group(1))
    source = (tmp_path / "l1/Rollup.vy").read_text()
    calldata = bytes.fromhex((VECTOR / "000001.calldata").read_text().strip()[2:])
    # The root the native state transition computes, independently of the calldata's claim.
    applied = rollup("batch", "apply", tmp_path / "state", VECTOR / "batch-000001.json", "--genesis", VECTOR / "genesis.json",
                     "--circuit", "transfer32-d24")
    root = int(re.search(r"-> (\d+),", applied).group(1))
    with boa.swap_env(boa.Env()):  # cold storage for the measured transaction (see `l1.submit`)
        contract = deploy(source, supply)
        execution = submit(contract, calldata, cold=True).get_gas_used()
        assert contract.stateRoot() == root and contract.lastBatch() == 1
    total = report(gas_report, "transfer32-d24 submitBatch, 32 transfers, first settlement", 32, calldata, execution, first=True)
    steady = total - FIRST_WRITE
    gas_report(f"transfer32-d24 submitBatch, 32 transfers, any later settlement: {steady} gas, {steady / 32:.0f} per transfer")
    assert total <= 330_000 and total / 32 <= 10_320
