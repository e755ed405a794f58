"""Run checkov and cfn-lint beside tierguard's rules, in worker processes.

Both engines are pure Python and CPU-bound, so they run in processes (the GIL would serialise
threads): cfn-lint, the slowest, is spread over the cores in chunks, checkov beside it. Workers
start silenced (nothing of theirs reaches the terminal) and offline. The main process keeps
reading templates and running its own rules meanwhile.
"""
from __future__ import annotations

import multiprocessing
import os
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from typing import Any

from . import cfnlint_engine, checkov_engine

# Below these many bytes of templates an engine runs as one job: splitting would only add
# start-up cost (each worker that runs an engine imports it once, about a second).
_CHECKOV_SPLIT_BYTES = 1_500_000
_CFNLINT_SPLIT_BYTES = 400_000


@dataclass(frozen=True)
class EngineInput:
    file: str  # absolute path
    region: str
    size: int
    suspect: bool = False  # tierguard already found a malformed resource: checkov may crash on it


@dataclass
class EngineOutput:
    checkov: list[dict[str, Any]] = field(default_factory=list)
    cfnlint: list[dict[str, Any]] = field(default_factory=list)
    errors: list[dict[str, str]] = field(default_factory=list)
    versions: dict[str, str] = field(default_factory=dict)


def _silence_worker() -> None:
    """Pool initializer: no output of checkov's or cfn-lint's reaches the user's terminal."""
    import logging
    import warnings

    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 1)
    os.dup2(devnull, 2)
    logging.disable(logging.CRITICAL)
    warnings.simplefilter("ignore")
    for key, value in checkov_engine.OFFLINE_ENVIRONMENT.items():
        os.environ[key] = value


def _context() -> multiprocessing.context.BaseContext:
    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("forkserver" if "forkserver" in methods else "spawn")


def _split(items: list[EngineInput], parts: int) -> list[list[EngineInput]]:
    """Largest first into the lightest bin: chunks of about equal total size."""
    parts = max(1, min(parts, len(items)))
    bins: list[tuple[int, list[EngineInput]]] = [(0, []) for _ in range(parts)]
    for item in sorted(items, key=lambda i: i.size, reverse=True):
        index = min(range(parts), key=lambda i: bins[i][0])
        total, members = bins[index]
        members.append(item)
        bins[index] = (total + item.size, members)
    return [members for _, members in bins if members]


class EngineRun:
    """Engines started in the background; `wait()` collects them."""

    def __init__(self, inputs: list[EngineInput], use_checkov: bool, use_cfnlint: bool, workers: int | None = None) -> None:
        self._futures: list[tuple[str, Future]] = []
        self._executor: ProcessPoolExecutor | None = None
        if not inputs or not (use_checkov or use_cfnlint):
            return
        cores = workers or os.cpu_count() or 1
        total = sum(i.size for i in inputs)
        jobs: list[tuple[str, list[EngineInput]]] = []
        if use_cfnlint:
            parts = 1 if total < _CFNLINT_SPLIT_BYTES else cores * 3
            jobs += [("cfn-lint", chunk) for chunk in _split(inputs, parts)]
        if use_checkov:
            # A malformed template can crash checkov's whole run: give each one a job of its own.
            sound = [i for i in inputs if not i.suspect]
            parts = 1 if sum(i.size for i in sound) < _CHECKOV_SPLIT_BYTES else cores * 2
            jobs += [("checkov", chunk) for chunk in _split(sound, parts)]
            jobs += [("checkov", [i]) for i in inputs if i.suspect]
        # cfn-lint chunks are the heaviest; an interleaved queue keeps both cores busy to the end.
        jobs.sort(key=lambda job: sum(i.size for i in job[1]) * (3 if job[0] == "cfn-lint" else 1), reverse=True)
        self._executor = ProcessPoolExecutor(
            max_workers=min(cores, len(jobs)), mp_context=_context(), initializer=_silence_worker
        )
        for engine, chunk in jobs:
            if engine == "checkov":
                future = self._executor.submit(checkov_engine.scan, [i.file for i in chunk])
            else:
                future = self._executor.submit(cfnlint_engine.lint, [(i.file, i.region) for i in chunk])
            self._futures.append((engine, future))

    def wait(self) -> EngineOutput:
        output = EngineOutput()
        try:
            for engine, future in self._futures:
                try:
                    part = future.result()
                except Exception as exc:  # noqa: BLE001 - a dead worker is reported, not raised
                    output.errors.append({"file": engine, "message": f"{engine} stopped unexpectedly ({type(exc).__name__}: {exc})"})
                    continue
                (output.checkov if engine == "checkov" else output.cfnlint).extend(part["results"])
                output.errors.extend(part["errors"])
                output.versions[engine] = part["version"]
        finally:
            if self._executor is not None:
                self._executor.shutdown(wait=True, cancel_futures=True)
        return output
