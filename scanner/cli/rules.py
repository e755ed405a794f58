"""tierguard rules: the rule catalogue."""
from __future__ import annotations

import click

from .options import UsageProblem, guard
from .run import terminal_console


@click.command(name="rules")
@click.option("--json", "as_json", is_flag=True, help="Print the catalogue as JSON.")
@click.option("--category", default=None, help="Only the rules of one category.")
@guard
def rules_command(as_json: bool, category: str | None) -> int:
    """List the rule catalogue."""
    import json

    from ...rules import REGISTRY

    entries = [rule.describe() for rule in REGISTRY if category is None or rule.category.value == category]
    if category is not None and not entries:
        raise UsageProblem(f"no rule has category {category!r}")
    if as_json:
        click.echo(json.dumps(entries, indent=2))
        return 0
    from rich.table import Table

    table = Table(box=None, header_style="bold", pad_edge=False)
    for column in ("id", "category", "severity", "checks", "title"):
        table.add_column(column, no_wrap=column != "title", overflow="fold", ratio=1 if column == "title" else None)
    for entry in entries:
        modes = "both" if len(entry["modes"]) == 2 else entry["modes"][0]
        table.add_row(entry["id"], entry["category"], entry["severity"], modes, entry["title"])
    console = terminal_console(False)
    console.print(table)
    console.print(f"{len(entries)} {'rule' if len(entries) == 1 else 'rules'} (checks: templates, account, or both). "
                  "`tierguard rules --json` prints rationale, remediation and links.")
    return 0
