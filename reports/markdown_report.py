"""The Markdown report: a pull-request comment or a CI job summary.

It stays under GitHub's comment limit (65,536 characters) on any scan: the failing-findings table
is cut to what fits, with a count of the rest."""
from __future__ import annotations

import re

from jinja2 import Environment, PackageLoader

from ..scanner.result import ScanResult
from .view import SEVERITY_ORDER, ReportView, build_view

LIMIT = 60_000  # GitHub rejects comments over 65,536 characters; keep a margin for wrappers
ICON = {"pass": "✅", "fail": "❌", "error": "🛑", "incomplete": "⚠️"}
DOTS = {"critical": "🟣", "high": "🔴", "medium": "🟠", "low": "🔵", "info": "⚪"}


# Markdown syntax a stack name or tag could use to render a link, an image, emphasis or a table break
_SYNTAX = re.compile(r"([\\`*_\[\]!~|])")
# What GitHub turns into a link or a notification by itself: autolinks and @mentions
_AUTOLINK = re.compile(r"(?i)(://|\bwww\.|@)")


def md(text: object) -> str:
    """Input-derived text safe inside a Markdown table cell: no line breaks, no raw HTML, and none of its
    characters make a link, an image, emphasis, a table break or a mention (a zero-width space follows
    ://, www. and @, so GitHub neither links nor notifies)."""
    value = re.sub(r"\s+", " ", str(text)).strip()
    value = value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    value = _SYNTAX.sub(r"\\\1", value)
    return _AUTOLINK.sub(lambda m: m.group(1) + "\u200b", value)


def code(text: object) -> str:
    """Text safe inside a `code span` in a table cell."""
    return re.sub(r"\s+", " ", str(text)).replace("`", "'").replace("|", "\\|")


def _environment() -> Environment:
    env = Environment(loader=PackageLoader("tierguard.reports", "templates"), autoescape=False, keep_trailing_newline=True)
    env.filters["md"] = md
    env.filters["code"] = code
    return env


def render_markdown(result: ScanResult) -> str:
    view = build_view(result)
    rows = [f for _, group in view.groups for f in group]
    rows.sort(key=lambda f: SEVERITY_ORDER.index(f.severity))
    others = [f for group in view.others.values() for f in group]
    cost_items = (view.cost or {}).get("items", [])
    template = _environment().get_template("report.md.j2")
    shown, others_shown, costs_shown = len(rows), min(len(others), 100), min(len(cost_items), 50)
    while True:
        text = _render(template, view, rows, shown, others, others_shown, cost_items, costs_shown)
        if len(text) <= LIMIT or (shown == 0 and others_shown == 0 and costs_shown == 0):
            return text
        # Cut the least important parts first: cost lines, the not-failing list, then failing rows.
        if costs_shown:
            costs_shown = costs_shown // 2
        elif others_shown:
            others_shown = others_shown // 2
        else:
            shown = max(0, min(shown - 1, int(shown * LIMIT / len(text))))


def _render(template, view: ReportView, rows, shown, others, others_shown, cost_items, costs_shown) -> str:
    counts = {k: v for k, v in view.counts.items() if v}
    statuses = {label: len(items) for label, items in view.others.items()}
    return template.render(
        v=view,
        icon=ICON.get(view.status_class, ""),
        dots=DOTS,
        breakdown=", ".join(f"{n} {sev}" for sev, n in counts.items()),
        rows=rows[:shown],
        hidden=len(rows) - shown,
        others=others[:others_shown],
        others_hidden=len(others) - others_shown,
        others_summary=", ".join(f"{n} {label}" for label, n in statuses.items()),
        cost_items=cost_items[:costs_shown],
        errors_shown=view.errors[:20],
    )


render = render_markdown
