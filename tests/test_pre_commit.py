"""The pre-commit hooks, run by the real `pre-commit try-repo` in a temporary git repository, the way a
user's commit runs them: pre-commit builds its own environment from tierguard's sources (a fresh
venv, `pip install .`), passes the staged files, and fails the commit on a non-zero exit."""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from .conftest import REPO, variant

PRE_COMMIT = Path(sys.executable).with_name("pre-commit")
pytestmark = pytest.mark.skipif(not PRE_COMMIT.exists(), reason="pre-commit is not installed (pip install -e '.[test]')")

_NOT_SOURCES = shutil.ignore_patterns(".git", "build", "dist", "*.egg-info", ".venv", "venv", "node_modules",
                                      "__pycache__", ".typecheck", "tierguard-report", "test-artifacts", "synth_fixtures", "tests")
BUDGET = """Resources:
  Budget:
    Type: AWS::Budgets::Budget
    Properties:
      Budget: {BudgetType: COST, TimeUnit: MONTHLY, BudgetLimit: {Amount: 50, Unit: USD}}
      NotificationsWithSubscribers:
        - Notification: {NotificationType: ACTUAL, ComparisonOperator: GREATER_THAN, Threshold: 5, ThresholdType: ABSOLUTE_VALUE}
          Subscribers: [{SubscriptionType: EMAIL, Address: me@example.com}]
"""
TOPIC = "Resources:\n  Topic:\n    Type: AWS::SNS::Topic\n"
NAT = "  Nat:\n    Type: AWS::EC2::NatGateway\n    Properties: {SubnetId: subnet-1, AllocationId: eipalloc-1}\n"


def _git(repo: Path, *args: str) -> str:
    done = subprocess.run(["git", "-c", "user.email=dev@example.com", "-c", "user.name=dev", "-c", "commit.gpgsign=false",
                           *args], cwd=repo, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    return done.stdout


@pytest.fixture(scope="module")
def hook_repo(tmp_path_factory) -> Path:
    """tierguard's sources as a committed git repository: what `rev:` in a user's config points at."""
    source = tmp_path_factory.mktemp("hook-repo") / "tierguard"
    shutil.copytree(REPO, source, ignore=_NOT_SOURCES)
    _git(source, "init", "-q")
    _git(source, "add", "-A")
    _git(source, "commit", "-q", "-m", "tierguard")
    return source


@pytest.fixture(scope="module")
def pre_commit_home(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("pre-commit-home")  # one hook environment for the module, built once


def _pre_commit(repo: Path, home: Path, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "PRE_COMMIT_HOME": str(home), "PRE_COMMIT_COLOR": "never", "COLUMNS": "200"}
    env.pop("VIRTUAL_ENV", None)
    return subprocess.run([str(PRE_COMMIT), *args], cwd=repo, env=env, capture_output=True, text=True, timeout=1200)


def _try_repo(hook_repo: Path, home: Path, repo: Path, hook: str, *extra: str) -> subprocess.CompletedProcess:
    """`pre-commit try-repo`: what a user runs to try the hooks (it builds a fresh environment every time)."""
    return _pre_commit(repo, home, "try-repo", str(hook_repo), hook, "--ref", "HEAD", *extra)


def _run_configured(hook_repo: Path, home: Path, repo: Path, hook: str, *extra: str) -> subprocess.CompletedProcess:
    """`pre-commit run` from a .pre-commit-config.yaml naming tierguard's repository and rev, as on every commit
    (the environment is built once per PRE_COMMIT_HOME and reused)."""
    rev = _git(hook_repo, "rev-parse", "HEAD").strip()
    config = {"repos": [{"repo": str(hook_repo), "rev": rev, "hooks": [{"id": hook}]}]}
    (repo / ".pre-commit-config.yaml").write_text(yaml.safe_dump(config))
    _git(repo, "add", ".pre-commit-config.yaml")
    return _pre_commit(repo, home, "run", hook, *extra)


def _user_repo(tmp_path: Path) -> Path:
    repo = tmp_path / "app"
    (repo / "infra").mkdir(parents=True)
    (repo / "infra" / "budget.yaml").write_text(BUDGET)
    (repo / "infra" / "app.yaml").write_text(TOPIC)
    (repo / "package.json").write_text("{}\n")
    _git(repo, "init", "-q")
    _git(repo, "add", "-A")
    _git(repo, "commit", "-q", "-m", "app")
    return repo


def test_the_manifest_declares_both_hooks_without_report_files() -> None:
    hooks = {hook["id"]: hook for hook in yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text())}
    assert set(hooks) == {"tierguard-templates", "tierguard-cdk"}
    for hook in hooks.values():
        assert hook["language"] == "python" and hook["entry"].startswith("tierguard templates --no-report")
        re.compile(hook.get("files", ""))
    assert hooks["tierguard-templates"]["args"] == ["--context", "."]


def test_a_harmless_commit_passes_and_leaves_the_tree_clean(hook_repo, pre_commit_home, tmp_path) -> None:
    """A commit touching only app.yaml is judged with the budget in budget.yaml (set-level rules see the whole set)."""
    repo = _user_repo(tmp_path)
    (repo / "infra" / "app.yaml").write_text(TOPIC + "  Other:\n    Type: AWS::SNS::Topic\n")
    _git(repo, "add", "infra/app.yaml")
    run = _try_repo(hook_repo, pre_commit_home, repo, "tierguard-templates")
    output = run.stdout + run.stderr
    assert run.returncode == 0, output
    assert "Passed" in output and "missing-budget" not in output
    assert "files were modified by this hook" not in output
    assert _git(repo, "status", "--porcelain", "--untracked-files=all").splitlines() == ["M  infra/app.yaml"]


def test_a_commit_adding_a_nat_gateway_fails(hook_repo, pre_commit_home, tmp_path) -> None:
    repo = _user_repo(tmp_path)
    (repo / "infra" / "app.yaml").write_text(TOPIC + NAT)
    _git(repo, "add", "infra/app.yaml")
    run = _run_configured(hook_repo, pre_commit_home, repo, "tierguard-templates")
    output = run.stdout + run.stderr
    assert run.returncode == 1, output
    assert "TG-NAT-001" in output and "infra/app.yaml" in output
    assert "missing-budget" not in output  # the budget in the untouched budget.yaml counts
    assert _git(repo, "status", "--porcelain", "--untracked-files=all").splitlines() == [
        "A  .pre-commit-config.yaml", "M  infra/app.yaml"]


def test_without_a_budget_anywhere_the_commit_fails_missing_budget(hook_repo, pre_commit_home, tmp_path) -> None:
    repo = _user_repo(tmp_path)
    _git(repo, "rm", "-q", "infra/budget.yaml")
    (repo / "infra" / "app.yaml").write_text(TOPIC + "  Other:\n    Type: AWS::SNS::Topic\n")
    _git(repo, "add", "infra/app.yaml")
    run = _run_configured(hook_repo, pre_commit_home, repo, "tierguard-templates")
    assert run.returncode == 1 and "TG-BUD-001" in run.stdout + run.stderr


def test_the_cdk_hook_judges_cdk_out(hook_repo, pre_commit_home, tmp_path) -> None:
    for name, expected in (("compliant", 0), ("nat", 1)):
        repo = tmp_path / name
        repo.mkdir()
        shutil.copytree(variant(name), repo / "cdk.out")
        (repo / "tierguard.toml").write_text("runtime_hours = 72\n")
        (repo / ".gitignore").write_text("cdk.out/\n")
        _git(repo, "init", "-q")
        _git(repo, "add", "-A")
        _git(repo, "commit", "-q", "-m", "app")
        run = _run_configured(hook_repo, pre_commit_home, repo, "tierguard-cdk", "--all-files")
        assert run.returncode == expected, run.stdout + run.stderr
        assert _git(repo, "status", "--porcelain", "--untracked-files=all") == "A  .pre-commit-config.yaml\n"
