"""Shared test helpers: fixture paths, running the real CLI, scanning in-process."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SYNTH = REPO / "synth_fixtures" / "out"
TEMPLATES = Path(__file__).resolve().parent / "templates"
CORPUS = Path(__file__).resolve().parent / "corpus" / "cfn-lint-templates"  # vendored, MIT-0
# The test environment's scripts (tierguard, cfn-lint, moto_server) first on PATH, for tools run as a user runs them.
BIN = Path(sys.executable).parent
ENV = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}", "COLUMNS": "200"}


def variant(name: str) -> Path:
    path = SYNTH / name
    assert (path / "manifest.json").is_file(), f"missing synthesized fixture {name}; run synth_fixtures/regenerate.sh"
    return path


@dataclass
class CliRun:
    code: int
    stdout: str
    stderr: str
    report: dict | None

    @property
    def output(self) -> str:
        return self.stdout + self.stderr


def drop_root_file_override() -> None:
    """preexec_fn: a process that root starts without CAP_DAC_OVERRIDE / CAP_DAC_READ_SEARCH, so
    chmod 000 means unreadable to it as it does to any user (root otherwise ignores file modes)."""
    if os.geteuid() != 0:
        return
    import ctypes

    libc = ctypes.CDLL(None, use_errno=True)
    pr_capbset_drop, cap_dac_override, cap_dac_read_search = 24, 1, 2
    for capability in (cap_dac_override, cap_dac_read_search):
        if libc.prctl(pr_capbset_drop, capability, 0, 0, 0) != 0:
            raise OSError(ctypes.get_errno(), "prctl(PR_CAPBSET_DROP) failed")


def run_tierguard(*args: str, cwd: Path, env: dict[str, str] | None = None, timeout: int = 300,
                  honour_file_modes: bool = False) -> CliRun:
    """Run the installed console script as a user would, in `cwd`. honour_file_modes: even as
    root, chmod 000 files and folders are unreadable to the run (see drop_root_file_override)."""
    exe = Path(sys.executable).with_name("tierguard")
    command = [str(exe)] if exe.exists() else [sys.executable, "-m", "tierguard.scanner.cli"]
    environment = {**os.environ, "COLUMNS": "200", **(env or {})}
    done = subprocess.run(
        command + list(args), cwd=cwd, env=environment, capture_output=True, text=True, timeout=timeout,
        preexec_fn=drop_root_file_override if honour_file_modes else None,
    )
    report_path = cwd / "tierguard-report" / "tierguard.json"
    for index, arg in enumerate(args):
        if arg == "--output-dir":
            report_path = cwd / args[index + 1] / "tierguard.json"
    report = json.loads(report_path.read_text()) if report_path.is_file() else None
    return CliRun(done.returncode, done.stdout, done.stderr, report)


@pytest.fixture
def workdir(tmp_path: Path) -> Path:
    """An empty working folder (no tierguard.toml), so runs use the defaults."""
    folder = tmp_path / "work"
    folder.mkdir()
    return folder


# --- moto_server over HTTP: the stand-in AWS account ---------------------------------------

MOTO_REGION = "us-east-1"
# moto does not implement these APIs; the lab scans leave them out (and say so in the report).
MOTO_GAPS = ("redshift-serverless", "elasticache-serverless", "budgets:DescribeSubscribersForNotification",
             "lambda:ListFunctionUrlConfigs")


def free_loopback_port() -> int:
    import socket

    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_moto_server(extra_env: dict[str, str] | None = None):
    """moto_server on a free loopback port, as a subprocess; returns (process, endpoint)."""
    import time
    import urllib.request

    port = free_loopback_port()
    env = {**os.environ, "MOTO_IAM_LOAD_MANAGED_POLICIES": "true", "MOTO_ACM_VALIDATION_WAIT": "0", **(extra_env or {})}
    # moto_server's own entry point, without werkzeug's line per request: logging it was a fifth of moto's CPU
    launcher = ("import logging, sys; logging.getLogger('werkzeug').setLevel(logging.WARNING); "
                "from moto.server import main; sys.exit(main())")
    process = subprocess.Popen([sys.executable, "-c", launcher, "-H", "127.0.0.1", "-p", str(port)], env=env,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    endpoint = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"{endpoint}/moto-api/data.json", timeout=2).read()
            return process, endpoint
        except OSError:
            if process.poll() is not None:
                raise RuntimeError("moto_server exited at start-up")
            time.sleep(0.2)
    process.terminate()
    raise RuntimeError("moto_server did not start within 60 s")


@pytest.fixture(scope="session")
def moto_server():
    process, endpoint = start_moto_server()
    yield endpoint
    process.terminate()
    process.wait(timeout=10)


def aws_environment(endpoint: str, key: str = "testing", secret: str = "testing") -> dict[str, str]:
    return {
        "AWS_ENDPOINT_URL": endpoint,
        "AWS_ACCESS_KEY_ID": key,
        "AWS_SECRET_ACCESS_KEY": secret,
        "AWS_DEFAULT_REGION": MOTO_REGION,
        "AWS_MAX_ATTEMPTS": "2",
        "AWS_CONFIG_FILE": os.devnull,
        "AWS_SHARED_CREDENTIALS_FILE": os.devnull,
        "AWS_EC2_METADATA_DISABLED": "true",
    }


def reset_moto(endpoint: str, deadline_s: float = 120) -> None:
    """Empty the moto account. Under load (checkov workers on both cores) moto can take a while to
    answer: retry with a growing timeout rather than fail the test on one slow reset."""
    import time
    import urllib.request

    give_up = time.monotonic() + deadline_s
    timeout = 10.0
    while True:
        try:
            urllib.request.urlopen(urllib.request.Request(f"{endpoint}/moto-api/reset", method="POST"), timeout=timeout).read()
            return
        except OSError:
            if time.monotonic() + timeout > give_up:
                raise
            timeout = min(timeout * 2, 60.0)


@pytest.fixture
def aws(moto_server, monkeypatch):
    """A fresh moto account for one test: the environment points boto3 (and tierguard) at it."""

    import boto3

    reset_moto(moto_server)
    for name in ("AWS_PROFILE", "AWS_SESSION_TOKEN", "AWS_SECURITY_TOKEN"):
        monkeypatch.delenv(name, raising=False)
    for name, value in aws_environment(moto_server).items():
        monkeypatch.setenv(name, value)
    return boto3.Session(region_name=MOTO_REGION)


def require_tool(*names: str) -> None:
    """Skip a test whose outside tools (node, npm, chromium…) are missing, with the reason; CI sets
    TIERGUARD_REQUIRE_TOOLS=1 so that a missing tool fails the run instead of skipping silently."""
    import shutil

    missing = [name for name in names if shutil.which(name) is None]
    if not missing:
        return
    message = f"{', '.join(missing)} not installed"
    if os.environ.get("TIERGUARD_REQUIRE_TOOLS") == "1":
        pytest.fail(f"{message}, and TIERGUARD_REQUIRE_TOOLS=1 requires it (.ci/run installs it)")
    pytest.skip(message)
