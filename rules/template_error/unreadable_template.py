"""TG-TPL-001: a template (or one of its resources) tierguard cannot read."""
from __future__ import annotations

from collections.abc import Iterator

from ...scanner.findings import Finding, Subject
from ...scanner.model import Category, Severity
from ..base import TEMPLATES, Hit, Rule, RuleContext


class UnreadableTemplate(Rule):
    id = "TG-TPL-001"
    title = "Template cannot be read"
    category = Category.TEMPLATE_ERROR
    severity = Severity.HIGH
    modes = frozenset({TEMPLATES})
    rationale = (
        "A template that does not parse, or a resource without a Type, cannot be checked, and CloudFormation "
        "will reject it. Reported once, whichever engine met it first."
    )
    remediation = "Fix the syntax at the line given (cfn-lint on the file shows the details)."
    link = "https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/template-anatomy.html"

    def evaluate(self, ctx: RuleContext) -> Iterator[Finding]:
        for problem in ctx.facts.template_problems:
            file, _, line = problem.where.partition(":")
            yield self.finding(
                Subject(type=None, file=file, line=int(line) if line.isdigit() else None),
                Hit(f"{problem.message}", detail=problem.message),
            )
