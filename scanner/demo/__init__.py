"""`tierguard demo`: both halves of tierguard on bundled material, no AWS account needed.

The gate runs on the bundled demo lab (the seed app synthesized with a handful of planted
mistakes, see synth_fixtures/). Exit 0 when the demo ran; the findings are the point.
"""
from __future__ import annotations

from pathlib import Path

DEMO_ASSEMBLY = Path(__file__).parent / "cdk.out"


def run_demo(output_dir: Path, formats: list[str], quiet: bool) -> int:
    from rich.console import Console
    from rich.rule import Rule as Heading

    from ...reports import write_reports
    from ...reports.terminal import print_summary
    from ..config import Config
    from ..gate import scan_templates

    console = Console(quiet=quiet, highlight=False)
    config = Config()

    console.print(Heading("1 · pre-deploy gate on the bundled CDK lab (cdk.out with planted mistakes)"))
    result = scan_templates([str(DEMO_ASSEMBLY)], config)
    written = write_reports(result, formats, output_dir / "templates")
    print_summary(result, written, console)
    console.print(
        f"\nThe demo ran; a real gate would exit {result.exit_code} here. "
        f"Try: tierguard templates path/to/cdk.out"
    )
    return 0
