"""tierguard templates: the gate before deploy."""
from __future__ import annotations

from typing import Any

import click

from .options import guard, shared_options
from .run import drift_checks, finish, load_run_config


@click.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("--context", "context", multiple=True, metavar="PATH",
              help="Templates that deploy with PATHS (repeatable; files, folders, cdk.out): budget, over-budget and "
                   "region checks judge them together with PATHS; findings on their own resources are not reported. "
                   "The pre-commit hook passes the repository (--context .).")
@shared_options
@guard
def templates(paths: tuple[str, ...], context: tuple[str, ...], **options: Any) -> int:
    """Gate CloudFormation templates before deploy.

    PATHS are template files (JSON or YAML), folders, or CDK cdk.out folders (their manifest.json
    is read; assets are ignored).
    """
    from ..gate import Engines, scan_templates

    config = load_run_config(options)
    drift = drift_checks(options)
    engines = Engines(checkov=not options["no_checkov"], cfnlint=not options["no_cfn_lint"])
    result = scan_templates(list(paths), config, engines, drift, context=list(context))
    return finish(result, options)
