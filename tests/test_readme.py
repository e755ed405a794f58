"""The README tells the truth: its sample output is what `tierguard demo` prints, and its commands exist.

Regenerate the sample after a change that alters the demo's output:

    .venv/bin/python -m tests.test_readme --write
"""
from __future__ import annotations

import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
README = REPO / "README.md"
START, END = "<!-- demo-output:start -->", "<!-- demo-output:end -->"
WIDTH = "100"


def demo_output() -> str:
    exe = Path(sys.executable).with_name("tierguard")
    with tempfile.TemporaryDirectory() as work:
        env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
        done = subprocess.run([str(exe), "demo"], cwd=work, env={**env, "COLUMNS": WIDTH, "NO_COLOR": "1"},
                              capture_output=True, text=True, timeout=900)
    assert done.returncode == 0, done.stdout + done.stderr
    padded = [line for line in done.stdout.splitlines() if line != line.rstrip()]
    assert not padded, f"lines end in blanks (logs and CI keep them): {padded[:3]}"
    return done.stdout if done.stdout.endswith("\n") else done.stdout + "\n"


def normalize(text: str) -> str:
    """What may differ between two runs of the same demo: timings, moto's random ids and addresses,
    and so where lines wrap."""
    text = re.sub(r"\d+(\.\d+)? (ms|s)\b", "<time>", text)
    text = re.sub(r"\b(nat|eipalloc|sg|subnet|vpc|igw|rtb|i|eni)-[0-9a-f]{8,17}\b", r"\1-<id>", text)
    text = re.sub(r"\b\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}\b", "<ip>", text)
    return " ".join(text.split())


def readme_sample() -> str:
    text = README.read_text(encoding="utf-8")
    block = text.split(START, 1)[1].split(END, 1)[0]
    return block.split("```text\n", 1)[1].rsplit("```", 1)[0]


def write_sample() -> None:
    text = README.read_text(encoding="utf-8")
    head, rest = text.split(START, 1)
    _, tail = rest.split(END, 1)
    README.write_text(f"{head}{START}\n```text\n{demo_output()}```\n{END}{tail}", encoding="utf-8")


def test_the_readme_sample_is_what_the_demo_prints() -> None:
    assert normalize(readme_sample()) == normalize(demo_output()), (
        "the README's demo output is out of date: run .venv/bin/python -m tests.test_readme --write")


def test_the_readme_quick_start_commands_are_the_ones_ci_runs() -> None:
    text = README.read_text(encoding="utf-8")
    assert ".venv/bin/pip install . && .venv/bin/tierguard demo" in text
    test_command = ".venv/bin/pip install -e '.[test]' && .venv/bin/ruff check && .venv/bin/mypy && .venv/bin/pytest"
    assert test_command in text and test_command in (REPO / ".ci" / "run").read_text()


if __name__ == "__main__":
    if sys.argv[1:] == ["--write"]:
        write_sample()
        print(f"updated the demo output in {README}")
    else:
        print(__doc__)
