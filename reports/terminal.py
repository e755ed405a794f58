"""The one-screen terminal summary."""
from __future__ import annotations

from pathlib import Path
from typing import Iterable

from rich.console import Console
from rich.padding import Padding
from rich.text import Text

from ..scanner.cost.model import money as usd
from ..scanner.model import Severity, Status
from ..scanner.result import ScanResult
from .json_report import sorted_findings

MAX_ROWS = 12
_STYLE = {
    Severity.CRITICAL: "bold white on red",
    Severity.HIGH: "bold red",
    Severity.MEDIUM: "yellow",
    Severity.LOW: "cyan",
    Severity.INFO: "dim",
}
_EXIT_TEXT = {
    0: "PASS",
    1: "FAIL",
    2: "ERROR",
    3: "INCOMPLETE",
}


def print_summary(result: ScanResult, written: Iterable[Path], console: Console, every_finding: bool = False) -> None:
    """every_finding: no report file was written, so the terminal is the only place to list them all."""
    inventory = result.inventory
    scope = _scope(result)
    console.print(
        Text.assemble(("tierguard ", "bold"), (f"{result.mode}", "bold cyan"), f" · {scope} · {_duration(result.duration_s)}")
    )

    failing = result.failing
    counts = result.count_by_severity()
    status = _EXIT_TEXT.get(result.exit_code, str(result.exit_code))
    style = "bold green" if result.exit_code == 0 else "bold red" if result.exit_code in (1, 2) else "bold yellow"
    breakdown = ", ".join(f"{n} {sev}" for sev, n in counts.items() if n)
    line = Text.assemble((f"{status} ", style), f"{len(failing)} failing")
    if breakdown:
        line.append(f" ({breakdown})")
    line.append(f" · fail on {result.config.fail_on.value} and above")
    others = len(result.findings) - len(failing)
    if others:
        line.append(f" · {others} not failing (suppressed, baseline or below threshold)", style="dim")
    console.print(line)

    # Unreadable templates are listed once, under the errors below.
    rows = [f for f in sorted_findings(result) if f.status is Status.FAIL and f.rule_id != "TG-TPL-001"]
    shown = len(rows) if every_finding else MAX_ROWS
    for finding in rows[:shown]:
        head = Text.assemble(
            (f"{finding.severity.value.upper():<8}", _STYLE[finding.severity]),
            " ",
            (finding.category.value, "bold"),
            "  ",
            finding.subject.label,
            ("  " + " ".join(finding.ids), "dim"),
            (f"  {_short_location(finding.subject.file, finding.subject.line)}" if finding.subject.file else "", "dim"),
        )
        console.print(head, overflow="fold")
        money = f" (~{usd(finding.monthly_usd)} USD/month)" if finding.monthly_usd and "USD" not in finding.message else ""
        console.print(Padding(Text(finding.message + money), (0, 0, 0, 9), expand=False))
    if len(rows) > shown:
        console.print(Text(f"… and {len(rows) - shown} more failing {'finding' if len(rows) - shown == 1 else 'findings'} in the report", style="dim"))

    cost_line = cost_summary(result)
    if cost_line:
        console.print(cost_line)
    for section in result.extras.get("drift", []):
        console.print(drift_summary(section))

    if result.errors:
        label = "Errors" if result.exit_code == 2 else "Scan incomplete"
        console.print(Text(f"{label}:", style="bold red" if result.exit_code == 2 else "bold yellow"))
        errors_shown = len(result.errors) if every_finding else MAX_ROWS
        for error in result.errors[:errors_shown]:
            console.print(Text(f"  ✗ {error.where}: {error.message}"))
        if len(result.errors) > errors_shown:
            console.print(Text(f"  … and {len(result.errors) - errors_shown} more in the report", style="dim"))

    if result.warnings:
        console.print(Text("Warnings:", style="bold yellow"))
        for warning in result.warnings:
            console.print(Text(f"  ! {warning}"))

    skipped = result.extras.get("skipped", [])
    if skipped:
        console.print(Text(f"Skipped {_plural(len(skipped), 'file')} in the folders that are not CloudFormation templates or are links not followed (listed in the report).", style="dim"))

    paths = [str(p) for p in written]
    if paths:
        console.print(Text(f"Report: {', '.join(paths)}", style="dim"))


def _short_location(file: str, line: int | None) -> str:
    """file:line as typed relative to the working folder; a file outside it by its name only (the
    reports carry the full path), so that a row stays on one line."""
    shown = Path(file).name if Path(file).is_absolute() else file
    return f"{shown}:{line}" if line else shown


def _plural(count: int, word: str, plural: str | None = None) -> str:
    return f"{count} {word if count == 1 else plural or word + 's'}"


def _scope(result: ScanResult) -> str:
    inventory = result.inventory
    if result.mode == "templates":
        return f"{_plural(len(inventory.stacks), 'stack')}, {_plural(len(inventory), 'resource')}"
    accounts = len({r.account for r in inventory if r.account})
    regions = len({r.region for r in inventory if r.region})
    return f"{_plural(len(inventory), 'resource')} in {_plural(accounts, 'account')}, {_plural(regions, 'region')}"


def cost_summary(result: ScanResult) -> Text | None:
    costs = result.costs
    if costs is None:
        return None
    line = Text(costs.summary_line(), style="bold")
    top = sorted((i for i in costs.items if i.monthly_usd > 0), key=lambda i: -i.monthly_usd)[:3]
    if top:
        parts = ", ".join(f"{i.subject.label} {usd(i.monthly_usd)}" for i in top)
        line.append(f"\n  biggest: {parts}", style="dim")
    return line


def drift_summary(section: dict) -> Text:
    """One line per comparison: what changed since the baseline or the previous scan."""
    line = Text.assemble(("Since the " + section["against"] + ": ", "bold"),
                         f"{section['new']} new, {section['resolved']} resolved, {section['unchanged']} unchanged")
    if section.get("cost_delta") is not None:
        line.append(f", estimate {section['cost_delta']:+.2f} USD/month")
    for item in section.get("cost_items", [])[:3]:
        line.append(f"\n  {item['resource']} {item['before']:.2f} → {item['after']:.2f}", style="dim")
    for caveat in section.get("caveats", []):
        line.append(f"\n  note: {caveat}", style="yellow")
    return line


def _duration(seconds: float) -> str:
    return f"{seconds * 1000:.0f} ms" if seconds < 1 else f"{seconds:.1f} s"
