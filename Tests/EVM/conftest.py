"""Shared fixtures of the EVM tests: the built `rollup` binary and a gas report printed at the end."""
import os
import pathlib
import subprocess

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
ROLLUP = pathlib.Path(os.environ.get("ROLLUP_BIN", ROOT / ".build/release/rollup"))

_gas_lines: list[str] = []


def rollup(*args: object) -> str:
    """Runs the built `rollup` with `args`; fails the test (never skips) when it is missing or fails."""
    assert ROLLUP.is_file(), f"{ROLLUP} not found: build it (swift build -c release) or set ROLLUP_BIN"
    env = {**os.environ, "ROLLUP_CIRCUITS": os.environ.get("ROLLUP_CIRCUITS", str(ROOT / "Circuits"))}
    result = subprocess.run([str(ROLLUP), *map(str, args)], capture_output=True, text=True, env=env)
    assert result.returncode == 0, f"rollup {' '.join(map(str, args))} exited {result.returncode}: {result.stderr}"
    return result.stdout


@pytest.fixture(scope="session")
def gas_report():
    """Appends a line to the gas report printed after the test summary."""
    return _gas_lines.append


def pytest_terminal_summary(terminalreporter):
    if _gas_lines:
        terminalreporter.section("gas")
        for line in _gas_lines:
            terminalreporter.write_line(line)
