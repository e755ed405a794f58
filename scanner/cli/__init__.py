"""Command line: tierguard templates | account | merge | demo | rules, one command per module.

Heavy modules (rules, boto3, checkov, cfn-lint, jinja2) are imported inside the commands so
that `tierguard --help` and `tierguard rules` start fast.
"""
from __future__ import annotations

import sys

import click

from .. import __version__
from . import account, demo, merge, rules, templates


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, prog_name="tierguard")
def cli() -> None:
    """Compliance and cost guard for small AWS accounts: one rule set for CloudFormation/CDK
    templates before deploy and for the live account after.

    \b
    Exit codes: 0 pass · 1 failing findings · 2 usage or input error · 3 scan incomplete.
    """


for command in (templates.templates, account.account, merge.merge, demo.demo, rules.rules_command):
    cli.add_command(command)


def main() -> None:
    """The console script: click's own errors (a typo in an option, a value out of range) in one line too."""
    try:
        cli.main(prog_name="tierguard", standalone_mode=False)
    except click.exceptions.NoArgsIsHelpError as exc:  # `tierguard` alone: the help, as click shows it
        exc.show()
        sys.exit(exc.exit_code)
    except click.UsageError as exc:
        where = exc.ctx.command_path if exc.ctx is not None else "tierguard"
        click.echo(f"tierguard: error: {exc.format_message().rstrip('.')} (see `{where} --help`)", err=True)
        sys.exit(2)
    except click.ClickException as exc:
        exc.show()
        sys.exit(exc.exit_code)
    except click.Abort:
        click.echo("tierguard: interrupted", err=True)
        sys.exit(130)


if __name__ == "__main__":  # pragma: no cover
    main()
