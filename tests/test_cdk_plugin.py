"""The CDK policy-validation plugin under a real `cdk synth` of the seed app (aws-cdk-lib and the CDK CLI
from npm, at the versions synth_fixtures/app/package-lock.json pins). Needs node and npm: skipped
without them, unless TIERGUARD_REQUIRE_TOOLS=1 (set by .ci/run) makes that a failure."""
from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from .conftest import BIN, REPO, require_tool


@pytest.fixture(scope="module")
def cdk_app(tmp_path_factory) -> Path:
    """The seed app and the plugin, copied side by side (the app's lock file names ../../integrations/cdk),
    installed with npm ci and compiled."""
    require_tool("node", "npm")
    root = tmp_path_factory.mktemp("cdk")
    app = root / "synth_fixtures" / "app"
    shutil.copytree(REPO / "synth_fixtures" / "app", app, ignore=shutil.ignore_patterns("node_modules", "dist", "cdk.out"))
    shutil.copytree(REPO / "integrations" / "cdk", root / "integrations" / "cdk", ignore=shutil.ignore_patterns("node_modules"))
    for command in (["npm", "ci", "--no-audit", "--no-fund", "--loglevel=error"], ["npx", "--no-install", "tsc"]):
        done = subprocess.run(command, cwd=app, capture_output=True, text=True, timeout=900)
        assert done.returncode == 0, done.stdout + done.stderr
    return app


def _synth(app: Path, variant: str, out: Path, tierguard: Path | None) -> subprocess.CompletedProcess:
    node_dir = str(Path(shutil.which("node") or "/usr/bin/node").parent)
    env = {k: v for k, v in os.environ.items() if k not in ("TIERGUARD", "VIRTUAL_ENV")}
    # PATH without tierguard's folder: the plugin finds tierguard only through TIERGUARD, or not at all.
    env.update(PATH=os.pathsep.join([node_dir, "/usr/bin", "/bin"]), TIERGUARD_VALIDATE="1", CI="true",
               CDK_DISABLE_VERSION_CHECK="1", FORCE_COLOR="0")
    if tierguard is not None:
        env["TIERGUARD"] = str(tierguard)
    return subprocess.run(["npx", "--no-install", "cdk", "synth", "--quiet", "--no-notices", "-c", f"variant={variant}",
                           "-o", str(out)], cwd=app, env=env, capture_output=True, text=True, timeout=900)


def test_without_tierguard_the_synth_fails_and_says_why(cdk_app, tmp_path) -> None:
    run = _synth(cdk_app, "compliant", tmp_path / "out", tierguard=None)
    output = run.stdout + run.stderr
    assert run.returncode != 0, output
    assert "tierguard could not run" in output and "not installed or not on PATH" in output, output
    assert "pipx install tierguard" in output


def test_a_failing_finding_fails_the_synth_with_its_message_and_construct(cdk_app, tmp_path) -> None:
    run = _synth(cdk_app, "ssh-open", tmp_path / "out", tierguard=BIN / "tierguard")
    output = run.stdout + run.stderr
    assert run.returncode != 0, output
    assert "tcp/22 (SSH) is open to 0.0.0.0/0" in output
    assert "SecurityStack/EcsSecurityGroup/Resource" in output and "tierguard::TG-SG-001" in output


def test_a_compliant_app_synthesizes(cdk_app, tmp_path) -> None:
    run = _synth(cdk_app, "compliant", tmp_path / "out", tierguard=BIN / "tierguard")
    assert run.returncode == 0, run.stdout + run.stderr
    assert (tmp_path / "out" / "manifest.json").is_file()
