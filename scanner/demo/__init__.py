"""`tierguard demo`: both halves of tierguard on bundled material, no AWS account needed.

1. The pre-deploy gate on the bundled demo lab: the seed app synthesized by CDK with a handful
   of planted mistakes (see synth_fixtures/).
2. The account scan against an in-process moto account seeded like the seed's console lab,
   with a few classic mistakes planted (NAT gateway, SSH open, an admin role, a forgotten load
   balancer, an Elastic IP in a second region, no budget).

Exit 0 when the demo ran; the findings are the point.
"""
from __future__ import annotations

import contextlib
import functools
import os
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

DEMO_ASSEMBLY = Path(__file__).parent / "cdk.out"
# moto does not implement these APIs: the demo's scan leaves them out, and its report says so.
DEMO_BUDGET_USD = Decimal("5")
DEMO_ALERT_USD = Decimal("1")
MOTO_GAPS = ("redshift-serverless", "elasticache-serverless", "budgets:DescribeSubscribersForNotification",
             "lambda:ListFunctionUrlConfigs")


def run_demo(output_dir: Path, formats: list[str], quiet: bool) -> int:
    from rich.rule import Rule as Heading

    from ...reports import write_reports
    from ...reports.terminal import PipeConsole, print_summary
    from ..config import Config
    from ..gate import scan_templates

    console = PipeConsole(quiet=quiet, highlight=False)
    # A free-tier learner's settings, as a tierguard.toml would hold them: 5 USD a month, alert at 1 USD.
    config = Config(budget_usd=DEMO_BUDGET_USD, alert_usd=DEMO_ALERT_USD)
    say = functools.partial(_say, console)
    say(f"Settings: budget_usd = {DEMO_BUDGET_USD}, alert_usd = {DEMO_ALERT_USD} (a free-tier learner's "
        "tierguard.toml); everything else default. The demo does not read your own tierguard.toml.")

    console.print(Heading("1 · pre-deploy gate: the bundled CDK lab (cdk.out with planted mistakes)"))
    material = _copy_material(output_dir)
    gate = scan_templates([str(material)], config)
    print_summary(gate, write_reports(gate, formats, output_dir / "templates"), console)

    console.print()
    console.print(Heading("2 · account scan: an in-process moto account with the lab and its leftovers"))
    live = _live_scan(config)
    print_summary(live, write_reports(live, formats, output_dir / "account"), console)
    console.print()
    say(f"The demo ran; it exits 0. On this material `tierguard templates` would exit {gate.exit_code} and "
        f"`tierguard account` {live.exit_code} (exit codes: 0 pass, 1 findings fail, 2 input error, 3 incomplete). "
        f"The templates it judged are in {material}.")
    say("Next, on your own work:")
    say("  tierguard templates path/to/cdk.out        (before deploy)")
    say("  tierguard account --regions all             (your account, read-only)")
    return 0


def _say(console, text: str) -> None:
    """A paragraph wrapped at the console's width, without the padding rich adds to wrapped lines."""
    import textwrap

    indent = len(text) - len(text.lstrip())
    for line in textwrap.wrap(text, width=max(40, console.width), subsequent_indent=" " * indent) or [""]:
        console.print(line, soft_wrap=True, highlight=False, markup=False)


def _copy_material(output_dir: Path) -> Path:
    """The bundled cdk.out, copied next to the reports so that they name files the user can open
    (relative to the working folder, not deep inside site-packages)."""
    import shutil

    from ..safe_files import prepare_folder

    target = prepare_folder(prepare_folder(output_dir) / "demo-lab") / "cdk.out"
    if target.is_symlink():
        target.unlink()  # never write through a link planted in the output folder
    elif target.exists():
        shutil.rmtree(target)
    shutil.copytree(DEMO_ASSEMBLY, target)
    return target


def _live_scan(config):
    from moto import mock_aws

    from ..audit import AccountScanOptions, scan_account
    from ..sources.account import AccountOptions
    from .lab import build_compliant_lab, plant_mistakes

    with _moto_environment(), mock_aws():
        import boto3

        session = boto3.Session(region_name=config.home_region)
        lab = build_compliant_lab(session, config.home_region)
        plant_mistakes(session, lab, other_region="eu-west-1")
        options = AccountOptions(regions=[config.home_region, "eu-west-1"], skip=MOTO_GAPS)
        return scan_account(AccountScanOptions(options, use_checkov=True), config)


@contextlib.contextmanager
def _moto_environment() -> Iterator[None]:
    """Fake credentials and no custom endpoint while the in-process moto account is up."""
    saved = dict(os.environ)
    for name in list(os.environ):
        if name.startswith("AWS_ENDPOINT_URL") or name in ("AWS_PROFILE", "AWS_SESSION_TOKEN", "AWS_SECURITY_TOKEN"):
            del os.environ[name]
    os.environ.update(
        AWS_ACCESS_KEY_ID="demo", AWS_SECRET_ACCESS_KEY="demo", AWS_DEFAULT_REGION="us-east-1", AWS_MAX_ATTEMPTS="2",
        AWS_CONFIG_FILE=os.devnull, AWS_SHARED_CREDENTIALS_FILE=os.devnull,
        MOTO_ACM_VALIDATION_WAIT="0", MOTO_IAM_LOAD_MANAGED_POLICIES="true",
    )
    try:
        yield
    finally:
        os.environ.clear()
        os.environ.update(saved)
