"""The rollup's L1 contract (`rollup l1 export`) compiled by vyper 0.4 and run on titanoboa's py-evm:
the pipeline's settled batches (tiny circuit, generated with deposits, transfers and withdrawals)
are submitted from their `settled/NNNNNN.calldata` after the L1 deposits of `l1-deposits.json`;
after each, stateRoot() equals the ledger's root. Every revert case names the contract check it
exercises, and `test_each_revert_needs_its_check` removes that check from the source and shows
the same case then succeeds, so no revert test passes for an unrelated reason."""
import json
import re

import boa
import pytest
from eth_utils import keccak

from conftest import ROOT, rollup
from l1 import calldata_gas, deploy, deposit, report, reverts, submit

R = 21888242871839275222246405745257275088548364400416034343698204186575808495617
# submitBatch calldata: the selector, then words: batch, newRoot, dataHash, the records (3 words a slot), the proof's 8.
RECORDS, RECORD_SIZE, RECORD_WORDS = 4 + 32 * 3, 96, 6
# Seed 6 gives 3 deposits, transfers and a withdrawal in 5 two-transaction batches; 6 and 7 are empty.
SEED, BATCHES, EMPTY = 6, 5, (6, 7)


class Run:
    """A queue of the tiny circuit run by the pipeline: generated batches plus two empty ones, proved, settled."""

    def __init__(self, tmp):
        if not (ROOT / "Circuits/tiny/circuit.zkey").is_file():
            rollup("circuit", "setup", "tiny", "--dev-seed", 1)
        gen, queue = tmp / "gen", tmp / "q"
        out = rollup("gen-batches", gen, "--accounts", 8, "--batches", BATCHES, "--txs", 2, "--seed", SEED)
        root = re.search(r"final root (\d+)", out).group(1)
        for number in EMPTY:
            batch = {"version": 1, "batch": number, "previousRoot": root, "transactions": []}
            (gen / f"batch-{number:06d}.json").write_text(json.dumps(batch))
        rollup("init", queue, "--circuit", "tiny", "--insecure-dev-key", "--genesis", gen / "genesis.json")
        rollup("submit", queue, *sorted(gen.glob("batch-*.json")))
        rollup("worker", queue, "--workers", 1, "--threads", 2, "--until-idle")
        export = rollup("l1", "export", "--queue", queue, "--out", tmp / "l1")
        self.supply = int(re.search(r"value (\d+) wei", export).group(1))
        self.source = (tmp / "l1/Rollup.vy").read_text()
        self.genesis = gen / "genesis.json"
        self.deposits = json.loads((gen / "l1-deposits.json").read_text())
        self.ledger = [json.loads(line) for line in (queue / "ledger/ledger.jsonl").read_text().splitlines()]
        assert [entry["batch"] for entry in self.ledger] == list(range(1, BATCHES + 1)) + list(EMPTY)
        self.calldata_files = [queue / "settled" / f"{entry['batch']:06d}.calldata" for entry in self.ledger]
        self.calldata = {entry["batch"]: bytes.fromhex(path.read_text().strip()[2:]) for entry, path in zip(self.ledger, self.calldata_files)}
        self.exits = [exit for entry in self.ledger for exit in entry.get("exits", [])]
        assert self.deposits and self.exits, "the seed must give deposits and withdrawals"
        self.withdrawal_batch = next(entry["batch"] for entry in self.ledger if entry.get("exits"))
        self.last_deposit_batch = max(number for number, data in self.calldata.items() if 1 in kinds(data))


def kinds(calldata):
    """The kind of each of the tiny circuit's 2 slot records (byte 7 of a record's first word)."""
    return [calldata[RECORDS + RECORD_SIZE * slot + 7] for slot in range(2)]


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    return Run(tmp_path_factory.mktemp("rollup-l1"))


def test_selectors_match_the_contract(run):
    assert run.calldata[1][:4] == keccak(text=f"submitBatch(uint64,uint256,uint256,uint256[{RECORD_WORDS}],uint256[8])")[:4]
    assert run.deposits[0]["calldata"][:10] == "0x" + keccak(text="deposit(uint256,uint256)")[:4].hex()
    contract = deploy(run.source, run.supply)
    abi = {item["name"]: [i["type"] for i in item["inputs"]] for item in contract.abi if item["type"] == "function"}
    assert abi["submitBatch"] == ["uint64", "uint256", "uint256", f"uint256[{RECORD_WORDS}]", "uint256[8]"]
    assert abi["deposit"] == ["uint256", "uint256"]


def test_settles_every_batch_pays_withdrawals_once_and_rebuilds(run, gas_report):
    """In a fresh environment, so every transaction's gas is measured from cold storage (see `l1.submit`)."""
    with boa.swap_env(boa.Env()):
        contract = deploy(run.source, run.supply)
        assert contract.stateRoot() == int(run.ledger[0]["oldRoot"]) and contract.lastBatch() == 0
        for entry in run.deposits:
            data = bytes.fromhex(entry["calldata"][2:])
            execution = deposit(contract, entry, cold=True).get_gas_used()
            gas_report(f"deposit: {21_000 + calldata_gas(data) + execution} gas (execution {execution}, calldata {calldata_gas(data)}, base 21000)")
        assert contract.depositCount() == len(run.deposits)
        for entry in run.ledger:
            calldata = run.calldata[entry["batch"]]
            execution = submit(contract, calldata, cold=True).get_gas_used()
            assert contract.stateRoot() == int(entry["newRoot"]) and contract.lastBatch() == entry["batch"]
            slot_kinds = kinds(calldata)
            if 1 not in slot_kinds and 3 not in slot_kinds:  # the breakdown's storage figure assumes no deposit or withdrawal
                report(gas_report, f"tiny submitBatch {entry['batch']} (kinds {slot_kinds})", 2, calldata, execution)
            else:
                gas_report(f"tiny submitBatch {entry['batch']} (kinds {slot_kinds}): {21_000 + calldata_gas(calldata) + execution} gas")
        assert contract.depositsConsumed() == len(run.deposits)
        # Withdrawals: credited to their named address, paid once, to that address only.
        owed = {}
        for exit in run.exits:
            owed[exit["recipient"]] = owed.get(exit["recipient"], 0) + int(exit["amount"])
        for recipient, amount in owed.items():
            assert contract.withdrawable(recipient) == amount
            before = boa.env.get_balance(recipient)
            boa.env.raw_call(contract.address, sender=recipient, data=keccak(text="withdraw()")[:4])
            assert boa.env.get_balance(recipient) == before + amount and contract.withdrawable(recipient) == 0
            with reverts("withdraw: nothing to withdraw"):
                boa.env.raw_call(contract.address, sender=recipient, data=keccak(text="withdraw()")[:4])
        # The state rebuilt from the calldata alone (and the genesis) is the contract's.
        lines = rollup("l1", "rebuild", "--genesis", run.genesis, "--circuit", "tiny", *run.calldata_files).splitlines()
        assert [int(line.split()[-1]) for line in lines] == [int(entry["newRoot"]) for entry in run.ledger]
        assert int(lines[-1].split()[-1]) == contract.stateRoot()


def settle(contract, run, through):
    """Settles batches 1…through (the deposits are made by the case's plan)."""
    for entry in run.ledger:
        if entry["batch"] <= through:
            submit(contract, run.calldata[entry["batch"]])


def with_word(calldata, index, change):
    """The calldata with word `index` (0 = batch, 1 = newRoot, 2 = dataHash, then the records, then the proof) changed by `change`."""
    start = 4 + 32 * index
    word = int.from_bytes(calldata[start:start + 32], "big")
    return calldata[:start] + change(word).to_bytes(32, "big") + calldata[start + 32:]


def tampered_proof(contract, run):
    submit(contract, with_word(run.calldata[1], 3 + RECORD_WORDS + 6, lambda c_x: c_x ^ 1))  # C.x changed


def transfer_record(contract, run):
    """Settles the batches before the first one with a transfer; returns that batch's calldata and the transfer's
    record offset (a deposit record would meet the queue check first)."""
    for entry in run.ledger:
        data = bytearray(run.calldata[entry["batch"]])
        if 2 in kinds(data):
            settle(contract, run, entry["batch"] - 1)
            return data, RECORDS + RECORD_SIZE * kinds(data).index(2)
    raise AssertionError("no transfer in the generated batches")


def tampered_data(contract, run):
    """Batch data changed: the amount of the first transfer record."""
    data, record = transfer_record(contract, run)
    data[record + 31] ^= 1
    submit(contract, bytes(data))


def word_not_below_r(contract, run):
    """A transfer record's unused word 2 set to r: the same field element as 0, other calldata."""
    data, record = transfer_record(contract, run)
    data[record + 64:record + 96] = R.to_bytes(32, "big")
    submit(contract, bytes(data))


def out_of_order(contract, run):
    # The "settled" plan: batches 1…BATCHES are settled.
    submit(contract, run.calldata[EMPTY[1]])
    submit(contract, run.calldata[EMPTY[0]])  # empty batches keep the root: only the order check refuses


def replayed(contract, run):
    # The "settled" plan: batches 1…BATCHES are settled.
    for _ in range(2):
        submit(contract, run.calldata[EMPTY[0]])


def through_the_deposits(contract, run):
    settle(contract, run, run.last_deposit_batch)


def input_not_below_r(contract, run):
    submit(contract, with_word(run.calldata[1], 1, lambda root: root + R))


def withdrawn_twice(contract, run):
    settle(contract, run, run.withdrawal_batch)
    recipient = run.exits[0]["recipient"]
    for _ in range(2):
        boa.env.raw_call(contract.address, sender=recipient, data=keccak(text="withdraw()")[:4])


def withdrawn_by_another(contract, run):
    settle(contract, run, run.withdrawal_batch)
    boa.env.raw_call(contract.address, data=keccak(text="withdraw()")[:4])  # the submitter, not the recipient


def deposit_call(x, y):
    return {"calldata": "0x" + (keccak(text="deposit(uint256,uint256)")[:4] + x.to_bytes(32, "big") + y.to_bytes(32, "big")).hex(), "value": "5"}


def key_off_curve(contract, run):
    deposit(contract, deposit_call(1, 2))


# Baby JubJub's generator G has order 8·l: on the curve with Ax != 0, refused only by the subgroup check.
G = (995203441582195749578291179787384436505546430278305826713579947235728471134, 5472060717959818805561601436314318772137091100104008585924551046643952123905)


def key_outside_subgroup(contract, run):
    deposit(contract, deposit_call(*G))


def deposits(run, plan):
    """The L1 deposits a case starts from: all of l1-deposits.json ("settled": and batches 1…BATCHES settled),
    all but the last, an extra one first, or none."""
    if plan == "all-but-last":
        return run.deposits[:-1]
    if plan == "extra-first":
        return [dict(run.deposits[0], value=str(int(run.deposits[0]["value"]) + 1))] + run.deposits
    return run.deposits if plan in ("all", "settled") else []


PROOF_CHECK = [('assert self._verify_proof([proof[0], proof[1]], [[proof[2], proof[3]], [proof[4], proof[5]]], [proof[6], proof[7]], [oldRoot, newRoot, dataHash, challenge, evaluation]), "proof: does not verify"', "pass")]
ORDER_CHECK = [('assert convert(batch, uint256) > (progress >> 128) & BATCH_MASK, "batch: not after the last settled batch"', "pass")]
QUEUE_CHECK = [('assert queue == self.depositHashes[count], "deposits: not the next deposits of the L1 queue"', "pass")]
KEY_REASON = "deposit: key not on Baby JubJub or not in its prime-order subgroup"
KEY_CHECK = [('assert self._valid_key(ax, ay), "deposit: key not on Baby JubJub or not in its prime-order subgroup"', "pass")]
QUEUE_REASON = "deposits: not the next deposits of the L1 queue"

# case: (deposit plan, action, revert reason, the check as (text in the contract, replacement) pairs that remove it)
CASES = {
    "tampered proof": ("all", tampered_proof, "proof: does not verify", PROOF_CHECK),
    "tampered batch data": ("all", tampered_data, "proof: does not verify", PROOF_CHECK),
    "out of order": ("settled", out_of_order, "batch: not after the last settled batch", ORDER_CHECK),
    "replayed": ("settled", replayed, "batch: not after the last settled batch", ORDER_CHECK),
    "consumes a deposit never made": ("all-but-last", through_the_deposits, QUEUE_REASON, QUEUE_CHECK),
    "skips a queued deposit": ("extra-first", through_the_deposits, QUEUE_REASON, QUEUE_CHECK),
    # Both layers: the contract's own check and the verifier's on newRoot, input 1 (ecMul would reduce root + r mod r).
    "public input not below r": ("all", input_not_below_r, "newRoot: not below r", [
        ('assert newRoot < R, "newRoot: not below r"', "pass"),
        ("if input[1] >= R:\n        return False", "pass")]),
    "withdrawn twice": ("all", withdrawn_twice, "withdraw: nothing to withdraw", [("self.withdrawable[msg.sender] = 0", "pass")]),
    # The credit goes to the record's recipient: crediting the submitter instead lets it withdraw.
    "withdrawn by another address": ("all", withdrawn_by_another, "withdraw: nothing to withdraw",
                                     [("self.withdrawable[convert(convert(word1, uint160), address)] += head & AMOUNT_MASK",
                                       "self.withdrawable[msg.sender] += head & AMOUNT_MASK")]),
    # Both layers: the word check, and the proof (whose challenge covers the changed bytes; a prover holding a
    # witness could prove the new challenge, since r reduces to 0 in the evaluation).
    "record word not below r": ("all", word_not_below_r, "records: word not below r", [
        ('assert top < R, "records: word not below r"', "pass")] + PROOF_CHECK),
    "deposit key off the curve": ("none", key_off_curve, KEY_REASON, KEY_CHECK),
    "deposit key outside the subgroup": ("none", key_outside_subgroup, KEY_REASON, KEY_CHECK),
}


def mutated(source, replacements):
    for old, new in replacements:
        assert source.count(old) == 1, f"the check {old!r} is not exactly once in Rollup.vy"
        source = source.replace(old, new)
    return source


@pytest.fixture(scope="module")
def contracts(run):
    """Per case, the original and the mutated contract, deployed with the case's deposits (module state; each test's
    calls are rolled back by boa's isolation). Deployments with the same source and deposits are shared."""
    made, result = {}, {}
    for case, (plan, _, _, check) in CASES.items():
        for source in (run.source, mutated(run.source, check)):
            if (source, plan) not in made:
                contract = deploy(source, run.supply)
                for entry in deposits(run, plan):
                    deposit(contract, entry)
                if plan == "settled":
                    settle(contract, run, BATCHES)
                made[source, plan] = contract
        result[case] = (made[run.source, plan], made[mutated(run.source, check), plan])
    return result


@pytest.mark.parametrize("case", sorted(CASES))
def test_reverts(run, contracts, case):
    _, action, reason, _ = CASES[case]
    with reverts(reason):
        action(contracts[case][0], run)


@pytest.mark.parametrize("case", sorted(CASES))
def test_each_revert_needs_its_check(run, contracts, case):
    action = CASES[case][1]
    action(contracts[case][1], run)  # no revert once the check is gone
