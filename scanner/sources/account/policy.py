"""The least-privilege IAM policy the scan needs, generated from the collectors' declarations, and the
command that writes it and the templates tierguard ships (shipped_templates.py) from the same declarations:

    python -m tierguard.scanner.sources.account.policy > iam/tierguard-scan-policy.json
    python -m tierguard.scanner.sources.account.policy --github-oidc-role > iam/github-oidc-role.template.json
    python -m tierguard.scanner.sources.account.policy --member-role > iam/tierguard-member-role.template.json
    python -m tierguard.scanner.sources.account.policy --member-stackset > iam/tierguard-member-roles.stackset.template.json
    python -m tierguard.scanner.sources.account.policy --aws-batch > integrations/aws/tierguard-batch.template.json

tests/test_account_scan.py checks that the shipped policy matches and that every call a scan makes is declared;
tests/test_org_fanout.py and tests/test_integrations.py check the templates.
"""
from __future__ import annotations

import json
import sys
from collections.abc import Callable, Sequence
from typing import Any

from .collector import iam_action
from .collectors import COLLECTORS

# Calls the scan makes outside any collector.
SESSION_CALLS = (("sts", "GetCallerIdentity"), ("ec2", "DescribeRegions"))
ROLE_CALLS = (("sts", "AssumeRole"),)
# account --organization: the member list, read once from the management (or delegated administrator) account.
ORGANIZATION_CALLS = (("organizations", "ListAccounts"),)


def declared_calls() -> set[tuple[str, str]]:
    calls = set(SESSION_CALLS) | set(ROLE_CALLS) | set(ORGANIZATION_CALLS)
    for collector in COLLECTORS:
        calls.update(collector.calls)
    return calls


def scan_policy() -> dict[str, Any]:
    reads = sorted({iam_action(s, o) for collector in COLLECTORS for s, o in collector.calls}
                   | {iam_action(s, o) for s, o in SESSION_CALLS})
    return {
        "Version": "2012-10-17",
        "Statement": [
            {"Sid": "TierguardReadOnlyScan", "Effect": "Allow", "Action": reads, "Resource": "*"},
            {
                "Sid": "TierguardAssumeScanRolesInOtherAccounts",
                "Effect": "Allow",
                "Action": sorted({iam_action(s, o) for s, o in ROLE_CALLS}),
                "Resource": "arn:aws:iam::*:role/*tierguard*",
            },
            {
                "Sid": "TierguardListOrganizationAccounts",
                "Effect": "Allow",
                "Action": sorted({iam_action(s, o) for s, o in ORGANIZATION_CALLS}),
                "Resource": "*",
            },
        ],
    }


def _documents() -> dict[str, Callable[[], dict[str, Any]]]:
    # Imported here: the templates build on scan_policy() above.
    from . import shipped_templates as t

    return {"--github-oidc-role": t.github_oidc_role_template, "--member-role": t.member_role_template,
            "--member-stackset": t.member_stackset_template, "--aws-batch": t.batch_template}


def main(argv: Sequence[str] | None = None) -> int:
    arguments = list(sys.argv[1:] if argv is None else argv)
    documents = _documents()
    usage = f"usage: python -m tierguard.scanner.sources.account.policy [{' | '.join(documents)}]\n"
    if arguments in (["-h"], ["--help"]):
        sys.stdout.write(usage + "Writes the scan's IAM policy (no option) or one of the templates generated from it.\n")
        return 0
    unknown = [a for a in arguments if a not in documents]
    if unknown or len(arguments) > 1:
        sys.stderr.write(usage)
        return 2
    document = documents[arguments[0]]() if arguments else scan_policy()
    json.dump(document, sys.stdout, indent=2)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
