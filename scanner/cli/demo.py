"""tierguard demo: the whole job on bundled material, no AWS account needed."""
from __future__ import annotations

from pathlib import Path

import click

from .options import guard, parse_formats


@click.command()
@click.option("--output-dir", type=click.Path(file_okay=False, path_type=Path), default=Path("tierguard-report"),
              show_default=True, help="Folder for the reports.")
@click.option("--format", "formats", callback=parse_formats, default="json,html,md", show_default=True,
              help="Report formats, comma separated.")
@click.option("--quiet", "-q", is_flag=True, default=False, help="Print nothing but errors.")
@guard
def demo(output_dir: Path, formats: list[str], quiet: bool) -> int:
    """Run tierguard on bundled material: no AWS account needed."""
    from ..demo import run_demo

    return run_demo(output_dir, formats, quiet)
