"""--processes N: the accounts are collected in N worker processes (as c7n-org does), for organizations
large enough that one core's CPU, not the network, limits the scan: in one process the GIL serialises
botocore's signing and parsing (about 0.1 s of CPU per account), whatever --max-workers allows.

The parent has planned the scan (credentials checked, the organization listed, this shard taken). Each
worker gets the plan and the caller's credentials as they are now (a profile that asks for an MFA code
asks once; short-lived credentials are not refreshed in the workers: an account whose role is assumed
after they expire is named as not scanned). It takes the next account from a shared counter when it has
room for one (a few open accounts per worker), so a large account does not hold up a fixed share of the
others, runs the same thread-pool collection as a single process, and sends each account back through
its own pipe, pickled, as soon as it is done; the parent judges it and lets it go. A worker that fails or
dies costs only the accounts it had in hand: they are named as not scanned, never dropped. Ctrl-C and
SIGTERM are for the parent only (workers ignore both, even when sent to the whole process group), which
tells the workers to stop and keeps what they send; a time limit is watched by the workers themselves
(the same deadline) and by the parent, which stops waiting for a worker that misses it. A worker whose
parent is gone leaves.
"""
from __future__ import annotations

import contextlib
import datetime as dt
import multiprocessing
import os
import pickle
import signal
import threading
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, replace
from multiprocessing.connection import Connection, wait
from typing import Any

import boto3

from ...config import Config
from .collection import collect_targets
from .collector import Collector
from .plan import AccountCollection, AccountOptions, Progress, ScanPlan, not_scanned
from .session import AccountSession, CallLog, classify_error
from .stopping import POLL_S, StopSignal
from .targets import AccountTarget

OPEN_ACCOUNT_SHARE = 4  # a worker holds one open account per this many of its calls in flight (at least 2)
GRACE_S = 15.0  # how long the parent waits for a worker's last accounts after the scan had to stop


def process_count(asked: int, accounts: int) -> int:
    """Worker processes for `accounts` accounts: as asked, never more than there are accounts. 1 means:
    collect in this process (the default: with the clients members share, a scan spends about 0.1 s of CPU
    per account, and the network, not the CPU, sets the pace at the default --max-workers)."""
    return max(1, min(asked, accounts))


@dataclass(frozen=True)
class _Job:
    """What a worker needs: picklable, no live session (credentials go as their values)."""

    plan_targets: list[AccountTarget]
    regions: list[str]
    home_region: str
    collectors: list[type[Collector]]  # pickled by reference
    options: AccountOptions  # without its StopSignal
    config: Config
    credentials: tuple[str, str, str | None]
    base_account: str
    partition: str
    now: dt.datetime
    time_limit_s: float | None
    started_epoch: float  # when the parent's time limit started counting (time.time())


class _SharedFeed:
    """The next account to scan, from a counter every worker shares."""

    def __init__(self, targets: list[AccountTarget], counter: Any) -> None:
        self._targets = targets
        self._counter = counter

    def take(self) -> AccountTarget | None:
        with self._counter.get_lock():
            index = self._counter.value
            if index >= len(self._targets):
                return None
            self._counter.value = index + 1
        return self._targets[index]

    def rest(self) -> list[AccountTarget]:
        return []  # the parent names every account no worker sent back


def _context() -> multiprocessing.context.SpawnContext:
    # Not fork: the parent runs threads (the progress display), and a forked copy of a held lock never opens.
    # Spawned workers are the parent's own children: their CPU time is counted in its own (time, wait4).
    return multiprocessing.get_context("spawn")


@contextlib.contextmanager
def _signals_blocked() -> Iterator[None]:
    """Workers are started with Ctrl-C and SIGTERM blocked (the mask survives the exec), so that a Ctrl-C
    while one is still importing cannot kill it with a traceback; the worker then ignores both."""
    blockable = hasattr(signal, "pthread_sigmask")
    if blockable:
        previous = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT, signal.SIGTERM})
    try:
        yield
    finally:
        if blockable:
            signal.pthread_sigmask(signal.SIG_SETMASK, previous)


def collect_in_processes(plan: ScanPlan, options: AccountOptions, config: Config, count: int,
                         progress: Progress | None, now: dt.datetime) -> Iterator[AccountCollection]:
    stop = options.stop or StopSignal()
    stop.collecting = True
    context = _context()
    frozen = plan.base.session.get_credentials().get_frozen_credentials()
    job = _Job(plan_targets=list(plan.targets), regions=list(plan.regions), home_region=plan.home_region,
               collectors=list(plan.collectors),
               options=replace(options, stop=None, processes=1, max_workers=max(1, options.max_workers // count)),
               config=config, credentials=(frozen.access_key, frozen.secret_key, frozen.token),
               base_account=plan.base.account_id, partition=plan.base.partition, now=now,
               time_limit_s=stop.time_limit_s, started_epoch=time.time() - stop.elapsed_s())
    counter = context.Value("i", 0)
    requested = context.Event()
    # One pipe per worker, not one shared queue: a worker that dies halfway through a message leaves only
    # its own pipe unreadable (an end of file), never a lock or a half message that blocks the others.
    pipes: dict[int, Connection] = {}
    workers: list[multiprocessing.context.SpawnProcess] = []
    reported: set[str] = set()
    failures: dict[int, str] = {}
    finished, total = 0, plan.task_count()
    stopped_at: float | None = None
    try:
        with _signals_blocked():
            for index in range(count):
                reader, writer = context.Pipe(duplex=False)
                worker = context.Process(target=_work, args=(job, counter, requested, writer), daemon=True,
                                         name=f"tierguard-scan-{index + 1}")
                worker.start()
                writer.close()  # the worker's end: closed here, so the worker's exit reads as an end of file
                workers.append(worker)
                pipes[index] = reader
        while pipes:
            reason = stop.reason()
            if reason is not None and stopped_at is None:
                stopped_at = time.monotonic()
                plan.stopped = reason
                if reason == "interrupted":
                    requested.set()  # a time limit each worker sees for itself, and says so
            if stopped_at is not None and time.monotonic() - stopped_at > GRACE_S:
                for index in pipes:
                    failures[index] = f"worker process {index + 1} did not stop in time ({plan.stopped})"
                break
            ready = wait(list(pipes.values()), timeout=POLL_S if stopped_at is not None else stop.wait_s() or POLL_S)
            for index in [i for i, pipe in pipes.items() if pipe in ready]:
                try:
                    kind, payload = pipes[index].recv()
                except (EOFError, OSError):  # gone before saying it was done: killed, out of memory
                    workers[index].join(timeout=5)
                    failures[index] = f"worker process {index + 1} ended unexpectedly (exit code {workers[index].exitcode})"
                    pipes.pop(index).close()
                    continue
                if kind == "progress":
                    finished += 1
                    if progress is not None:
                        progress(finished, total, payload)
                elif kind == "account":
                    collection = pickle.loads(payload)
                    reported.update(collection.accounts)
                    if plan.base.account_id in collection.accounts and collection.reached:
                        # the caller's own account counts the caller's calls, as in one process
                        plan.base.calls.counts.update(collection.calls.counts)
                        collection.calls = plan.base.calls
                    yield collection
                elif kind == "failed":
                    failures[index] = f"worker process {index + 1} failed: {payload}"
                elif kind == "done":
                    plan.base.calls.counts.update(payload)  # its sts:AssumeRole calls
                    pipes.pop(index).close()
        reason = plan.stopped or "; ".join(sorted(set(failures.values()))) or "no worker process took it"
        for target in plan.targets:
            if target.account not in reported:
                yield not_scanned(target, plan.regions, reason)
    finally:
        for index, worker in enumerate(workers):
            if index in pipes and worker.is_alive():
                worker.kill()  # it never said it was done (the scan was aborted or it missed the deadline)
            worker.join(timeout=5)
        for pipe in pipes.values():
            pipe.close()


def _work(job: _Job, counter: Any, requested: Any, pipe: Connection) -> None:
    """A worker process: collect accounts from the shared counter until there are none, send each back
    (from this thread only: the pipe is not shared between threads)."""
    # The parent hears Ctrl-C and SIGTERM (sent to the whole process group by a terminal, timeout(1) or a CI
    # runner), keeps what the workers send and tells them when to stop.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    if hasattr(signal, "pthread_sigmask"):
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT, signal.SIGTERM})
    threading.Thread(target=_exit_with_parent, daemon=True, name="tierguard-parent-watch").start()
    base = None
    sent: Counter = Counter()
    try:
        base = _base_session(job)
        stop = StopSignal(time_limit_s=job.time_limit_s, requested=requested)
        stop.rebase(time.time() - job.started_epoch)
        options = replace(job.options, stop=stop)
        plan = ScanPlan(base, list(job.plan_targets), list(job.regions), job.home_region, list(job.collectors))

        def progress(_done: int, _total: int, label: str) -> None:
            pipe.send(("progress", label))

        # A few accounts at a time: a worker that opened every account it could (each waiting on its
        # sts:AssumeRole) would leave the other workers nothing to take.
        feed = _SharedFeed(job.plan_targets, counter)
        for collection in collect_targets(plan, options, job.config, feed, progress, job.now,
                                          max_open=max(2, options.max_workers // OPEN_ACCOUNT_SHARE)):
            if collection.calls is base.calls:  # the caller's own account: its calls so far go with it
                with base.calls.lock:
                    collection.calls = CallLog(counts=Counter(base.calls.counts))
                sent = Counter(collection.calls.counts)
            pipe.send(("account", _packed(collection, job)))
    except Exception as exc:  # noqa: BLE001 - reported to the parent, which names the accounts lost
        reason, _ = classify_error(exc)
        with contextlib.suppress(Exception):
            pipe.send(("failed", reason))
    finally:
        with contextlib.suppress(Exception):  # a parent that is gone has nobody to tell
            pipe.send(("done", dict(base.calls.counts - sent) if base is not None else {}))
            pipe.close()
        # Calls still hanging on the network after a stop would hold an orderly exit until their retries end.
        os._exit(0)


def _exit_with_parent() -> None:
    """A worker whose parent is gone (killed, out of memory, its terminal closed) has nobody to report to: it
    leaves at once instead of living on as an orphan, scanning for nobody."""
    parent = multiprocessing.parent_process()
    if parent is not None:
        parent.join()
        os._exit(1)


def _packed(collection: AccountCollection, job: _Job) -> bytes:
    """The account for the parent; one whose results cannot be pickled is sent as not scanned, with why."""
    try:
        return pickle.dumps(collection)
    except Exception as exc:  # noqa: BLE001 - a resource of a kind pickle refuses: named, the rest goes on
        [account] = collection.accounts  # collect_targets hands over one account at a time
        target = next((t for t in job.plan_targets if t.account == account), AccountTarget(account))
        reason = f"its results could not be passed back from the worker process: {type(exc).__name__}"
        return pickle.dumps(not_scanned(target, job.regions, reason))


def _base_session(job: _Job) -> AccountSession:
    """The caller's session in a worker: the parent's credentials (the profile's other settings, such as an
    endpoint or a CA bundle, still apply), its identity as the parent read it."""
    access, secret, token = job.credentials
    session = boto3.Session(profile_name=job.options.profile, aws_access_key_id=access, aws_secret_access_key=secret,
                            aws_session_token=token, region_name=job.home_region)
    base = AccountSession(session, CallLog(), job.options.max_attempts)
    base.account_id = job.base_account
    base.partition = job.partition
    return base


__all__ = ["collect_in_processes", "process_count"]
