"""The least-privilege IAM policy the scan needs, generated from the collectors' declarations.

    python -m tierguard.scanner.sources.account.policy > iam/tierguard-scan-policy.json

tests/test_account_scan.py checks that the shipped file matches and that every call a scan
makes is declared.
"""
from __future__ import annotations

import json
import sys
from typing import Any

from .collector import iam_action
from .collectors import COLLECTORS

# Calls the scan makes outside any collector.
SESSION_CALLS = (("sts", "GetCallerIdentity"), ("ec2", "DescribeRegions"))
ROLE_CALLS = (("sts", "AssumeRole"),)


def declared_calls() -> set[tuple[str, str]]:
    calls = set(SESSION_CALLS) | set(ROLE_CALLS)
    for collector in COLLECTORS:
        calls.update(collector.calls)
    return calls


def scan_policy() -> dict[str, Any]:
    reads = sorted({iam_action(s, o) for collector in COLLECTORS for s, o in collector.calls} | {iam_action(s, o) for s, o in SESSION_CALLS})
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
        ],
    }


def main() -> None:
    json.dump(scan_policy(), sys.stdout, indent=2)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
