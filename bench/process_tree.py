"""Peak resident memory of a process and every process below it (Linux /proc): a scan with worker
processes, or a gate running checkov and cfn-lint, is measured whole. Shared by the benches."""
from __future__ import annotations

import os
import threading
from typing import Any


def tree_rss_kib(pid: int) -> int:
    """Resident memory of `pid` and its descendants now, in KiB (processes gone meanwhile are skipped)."""
    total = 0
    pending = [pid]
    while pending:
        current = pending.pop()
        try:
            with open(f"/proc/{current}/status") as handle:
                for line in handle:
                    if line.startswith("VmRSS:"):
                        total += int(line.split()[1])
                        break
            for task in os.listdir(f"/proc/{current}/task"):
                with open(f"/proc/{current}/task/{task}/children") as handle:
                    pending.extend(int(child) for child in handle.read().split())
        except (FileNotFoundError, ProcessLookupError, PermissionError):
            continue
    return total


class TreePeak:
    """`with TreePeak(pid, every_s) as peak:` samples the tree's memory until the block ends; `peak.kib` is the
    highest sum seen."""

    def __init__(self, pid: int, every_s: float) -> None:
        self.kib = 0
        self._pid = pid
        self._every_s = every_s
        self._done = threading.Event()
        self._sampler = threading.Thread(target=self._sample, daemon=True)

    def _sample(self) -> None:
        while True:
            self.kib = max(self.kib, tree_rss_kib(self._pid))
            if self._done.wait(self._every_s):
                return

    def __enter__(self) -> TreePeak:
        self._sampler.start()
        return self

    def __exit__(self, *exc: Any) -> None:
        self._done.set()
        self._sampler.join()
