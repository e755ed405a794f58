"""The one-screen terminal summary.

Lines are wrapped here (never padded: logs and CI keep no trailing blanks), text that came from the
scanned input is neutralized (no escape sequences reach the terminal), and a terminal that cannot
show Unicode gets plain ASCII instead of an error.
"""
from __future__ import annotations

import os
import re
import sys
import textwrap
from collections.abc import Iterable
from pathlib import Path

from rich.console import Console
from rich.text import Text

from ..scanner.cost.model import money as usd
from ..scanner.model import Severity, Status
from ..scanner.result import ScanResult
from .json_report import sorted_findings
from .view import account_view

MAX_ROWS = 12
MAX_ACCOUNTS = 10
INDENT = 9
_STYLE = {
    Severity.CRITICAL: "bold white on red",
    Severity.HIGH: "bold red",
    Severity.MEDIUM: "yellow",
    Severity.LOW: "cyan",
    Severity.INFO: "dim",
}
_EXIT_TEXT = {0: "PASS", 1: "FAIL", 2: "ERROR", 3: "INCOMPLETE"}
# C0 and C1 controls, DEL: an ESC from a logical id, tag or stack name never reaches the terminal.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_ASCII = str.maketrans({"·": "-", "…": "...", "✗": "x", "→": "->", "−": "-", "×": "x", "─": "-", "~": "~"})


class PipeConsole(Console):
    """rich's Console, except that a closed pipe (`tierguard … | head`) is not a failure: rich would exit 1,
    turning a passing run into a failing one. Output goes to the null device and the caller decides."""

    def on_broken_pipe(self) -> None:
        drop_stdout()
        raise BrokenPipeError("the reader closed the output pipe")


def drop_stdout() -> None:
    """Point stdout at the null device, so that nothing more (not even the final flush) hits the closed pipe."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    os.close(devnull)


class _Writer:
    """Prints plain lines at the console's width; knows whether the terminal takes Unicode."""

    def __init__(self, console: Console) -> None:
        self.console = console
        encoding = (getattr(console.file, "encoding", None) or "utf-8").lower().replace("_", "-")
        self.unicode = encoding.startswith("utf")
        self.width = max(40, console.width)

    def text(self, value: object) -> str:
        """Input-derived text, safe for this terminal."""
        cleaned = _CONTROL.sub("?", str(value))
        if self.unicode:
            return cleaned
        return cleaned.translate(_ASCII).encode("ascii", "replace").decode("ascii")

    def line(self, *parts: tuple[str, str] | str) -> None:
        text = Text.assemble(*[(self.text(p[0]), p[1]) if isinstance(p, tuple) else self.text(p) for p in parts])
        self.console.print(text, soft_wrap=True)

    def wrapped(self, value: str, indent: int = INDENT, style: str = "") -> None:
        lines = textwrap.wrap(self.text(value), width=self.width - indent, break_long_words=False,
                              break_on_hyphens=False) or [""]
        for part in lines:
            self.console.print(Text(" " * indent + part, style=style), soft_wrap=True)


def print_summary(result: ScanResult, written: Iterable[Path], console: Console, every_finding: bool = False) -> None:
    """every_finding: no report file was written, so the terminal is the only place to list them all."""
    out = _Writer(console)
    config = f" · config {result.config.source}" if result.config.source else ""
    out.line(("tierguard ", "bold"), (result.mode, "bold cyan"), f" · {_scope(result)} · {_duration(result.duration_s)}{config}")

    # Unreadable templates are findings (TG-TPL-001) and errors: listed once, under the errors below.
    rows = [f for f in sorted_findings(result) if f.status is Status.FAIL and f.rule_id != "TG-TPL-001"]
    unreadable = len(result.failing) - len(rows)
    counts = {s.value: 0 for s in Severity}
    for finding in rows:
        counts[finding.severity.value] += 1
    status = _EXIT_TEXT.get(result.exit_code, str(result.exit_code))
    style = "bold green" if result.exit_code == 0 else "bold red" if result.exit_code in (1, 2) else "bold yellow"
    breakdown = ", ".join(f"{n} {sev}" for sev, n in counts.items() if n)
    status_line = f"{len(rows)} failing" + (f" ({breakdown})" if breakdown else "")
    if unreadable:
        status_line += f" · {_plural(unreadable, 'unreadable template')} (under Errors)"
    status_line += f" · fail on {result.config.fail_on.value} and above"
    others = _not_failing(result)
    out.line((f"{status} ", style), status_line, (f" · {others}" if others else "", "dim"))

    if len(result.accounts) > 1:
        _accounts(out, result, every_finding)

    shown = len(rows) if every_finding else MAX_ROWS
    several = len(result.accounts) > 1
    for finding in rows[:shown]:
        label = finding.subject.label
        if several and finding.subject.account and finding.subject.account not in label:
            label = f"{finding.subject.account} · {label}"  # which account, at a glance
        head = f"{finding.severity.value.upper():<8} {finding.category.value}  {label}"
        ids = " ".join(finding.ids)
        if finding.subject.file:
            ids += f"  {_short_location(finding.subject.file, finding.subject.line)}"
        fits = len(head) + 2 + len(ids) <= out.width
        out.line((f"{finding.severity.value.upper():<8}", _STYLE[finding.severity]),
                 (f" {finding.category.value}", "bold"), f"  {label}", (f"  {ids}" if fits else "", "dim"))
        money = f" (~{usd(finding.monthly_usd)} USD/month)" if finding.monthly_usd and "USD" not in finding.message else ""
        out.wrapped(finding.message + money)
        if not fits:
            out.wrapped(ids.replace("  ", " · "), style="dim")
    if len(rows) > shown:
        more = len(rows) - shown
        out.line((f"… and {more} more failing {'finding' if more == 1 else 'findings'} in the report", "dim"))

    if result.costs is not None and (result.resources or result.costs.items):
        out.line((result.costs.summary_line(), "bold"))
        top = sorted((i for i in result.costs.items if i.monthly_usd > 0), key=lambda i: -i.monthly_usd)[:3]
        if top:
            out.wrapped("biggest: " + ", ".join(f"{i.label} {usd(i.monthly_usd)}" for i in top), indent=2,
                        style="dim")
    for section in result.drift:
        _drift(out, section)

    if result.errors:
        label = "Errors" if result.exit_code == 2 else "Scan incomplete"
        out.line((f"{label}:", "bold red" if result.exit_code == 2 else "bold yellow"))
        grouped = _grouped_errors(result)
        errors_shown = len(grouped) if every_finding else MAX_ROWS
        for where, reason, apis in grouped[:errors_shown]:
            listed = f"{', '.join(apis)}: {reason}" if apis else reason
            out.wrapped(f"✗ {where}: {listed}", indent=2)
        if len(grouped) > errors_shown:
            hidden = sum(max(1, len(apis)) for _, _, apis in grouped[errors_shown:])
            out.line((f"  … and {hidden} more in the report", "dim"))

    if result.warnings:
        out.line(("Warnings:", "bold yellow"))
        for warning in result.warnings:
            out.wrapped(f"! {warning}", indent=2)

    skipped = result.skipped
    if skipped:
        out.wrapped(f"Skipped {_plural(len(skipped), 'file')} in the folders that are not CloudFormation templates or "
                    "are links not followed (listed in the report).", indent=0, style="dim")

    paths = [str(p) for p in written]
    if paths:
        out.wrapped(f"Report: {', '.join(paths)}", indent=0, style="dim")


def _accounts(out: _Writer, result: ScanResult, every_account: bool) -> None:
    """The accounts with something to say, worst first: a few lines however large the organization."""
    lines = result.accounts
    noteworthy = [line for line in lines if line.failing_total or not line.complete]
    listed = lines if every_account else noteworthy[:MAX_ACCOUNTS]
    out.line((f"Accounts: {len(lines)}, {len(lines) - len(noteworthy)} clean and complete", "bold"))
    for line in listed:
        view = account_view(line)
        failing = f"{view.failing} failing ({view.breakdown})" if view.failing else "nothing failing"
        budget = f" / budget {view.budget}" if view.budget is not None else ""
        name = f" {line.name}" if line.name else ""
        out.line(f"  {line.account}{name}  ", (failing, "bold red" if view.failing else "green"),
                 f" · {view.monthly} USD/month{budget}", (" OVER BUDGET" if view.over else "", "bold red"),
                 ("" if line.complete else f" · incomplete ({_plural(view.problems, 'problem')})", "yellow"))
    hidden = len(noteworthy) - len(listed) if not every_account else 0
    if hidden > 0:
        out.line((f"  … and {hidden} more with findings or gaps, in the report", "dim"))


# "iam:GetAccountAuthorizationDetails: access denied (AccessDenied)", "budgets:X (IAM budgets:ViewBudget): …"
_API_ERROR = re.compile(r"^(?P<api>[a-z0-9-]+:[A-Za-z0-9]+(?: \(IAM [^)]*\))?): (?P<reason>.+)$")


def _grouped_errors(result: ScanResult) -> list[tuple[str, str, list[str]]]:
    """(where, reason, APIs): one line for every API that failed the same way in the same place, so a
    role missing twenty permissions reads as one line, not twenty."""
    groups: dict[tuple[str, str], list[str]] = {}
    for error in result.errors:
        match = _API_ERROR.match(error.message)
        key = (error.where, match.group("reason")) if match else (error.where, error.message)
        apis = groups.setdefault(key, [])
        if match:
            apis.append(match.group("api"))
    return [(where, reason, apis) for (where, reason), apis in groups.items()]


def _not_failing(result: ScanResult) -> str:
    """'8 below threshold, 1 suppressed': the findings that do not fail the run, by why."""
    counts: dict[str, int] = {}
    for finding in result.findings:
        if finding.status is not Status.FAIL:
            label = finding.status.value.replace("-", " ")
            counts[label] = counts.get(label, 0) + 1
    order = ["below threshold", "baseline", "suppressed"]
    return ", ".join(f"{counts[label]} {label}" for label in order if label in counts)


def _short_location(file: str, line: int | None) -> str:
    """file:line as typed relative to the working folder; a file outside it by its name only (the
    reports carry the full path), so that a row stays on one line."""
    shown = Path(file).name if Path(file).is_absolute() else file
    return f"{shown}:{line}" if line else shown


def _plural(count: int, word: str, plural: str | None = None) -> str:
    return f"{count} {word if count == 1 else plural or word + 's'}"


def _scope(result: ScanResult) -> str:
    if result.mode == "templates":
        return f"{_plural(result.stacks, 'stack')}, {_plural(result.resources, 'resource')}"
    scan = result.account_scan
    if scan is None:
        accounts = len({r.account for r in result.inventory if r.account})
        return f"{_plural(result.resources, 'resource')} in {_plural(accounts, 'account')}, {_plural(len(result.regions), 'region')}"
    # what the scan covered: the accounts read (and those it could not reach), the regions it was asked for
    unreached = f" ({len(scan.unreached)} not reached)" if scan.unreached else ""
    regions = len(scan.regions) or len(result.regions)
    return (f"{_plural(result.resources, 'resource')} in {_plural(len(scan.accounts), 'account')}{unreached}, "
            f"{_plural(regions, 'region')}")


def _drift(out: _Writer, section: dict) -> None:
    """One line per comparison: what changed since the baseline or the previous scan."""
    delta = f", estimate {section['cost_delta']:+.2f} USD/month" if section.get("cost_delta") is not None else ""
    out.line(("Since the " + section["against"] + ": ", "bold"),
             f"{section['new']} new, {section['resolved']} resolved, {section['unchanged']} unchanged{delta}")
    for item in section.get("cost_items", [])[:3]:
        out.wrapped(f"{item['resource']} {item['before']:.2f} → {item['after']:.2f}", indent=2, style="dim")
    for caveat in section.get("caveats", []):
        out.wrapped(f"note: {caveat}", indent=2, style="yellow")


def _duration(seconds: float) -> str:
    return f"{seconds * 1000:.0f} ms" if seconds < 1 else f"{seconds:.1f} s"
