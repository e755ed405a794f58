"""The HTML report: one self-contained file (no CDN, no external script, style or font), Jinja2
with autoescaping on, and a Content-Security-Policy that allows only its own inline script — so
markup in a resource name, tag or description renders as text and never runs."""
from __future__ import annotations

import base64
import hashlib

from jinja2 import Environment, PackageLoader, select_autoescape

from ..scanner.result import ScanResult
from .view import SEVERITY_ORDER, build_view

# Collapsed sections open for printing; the only script on the page.
PRINT_SCRIPT = ("window.addEventListener('beforeprint',function(){"
                "document.querySelectorAll('details').forEach(function(d){d.open=true;});});")


def _environment() -> Environment:
    return Environment(
        loader=PackageLoader("tierguard.reports", "templates"),
        autoescape=select_autoescape(["html", "html.j2"], default_for_string=True, default=True),
        trim_blocks=False,
        lstrip_blocks=False,
    )


def render_html(result: ScanResult) -> str:
    digest = base64.b64encode(hashlib.sha256(PRINT_SCRIPT.encode()).digest()).decode()
    template = _environment().get_template("report.html.j2")
    return template.render(v=build_view(result), severities=SEVERITY_ORDER, script=PRINT_SCRIPT,
                           script_hash=f"sha256-{digest}")


render = render_html
