#!/usr/bin/env python3
"""One step of a scheduled organization scan on AWS Batch (integrations/aws/tierguard-batch.template.json).

    tierguard_batch.py shard   # child AWS_BATCH_JOB_ARRAY_INDEX (0-based) scans shard INDEX+1 of TIERGUARD_SHARDS
    tierguard_batch.py merge   # joins the shards' reports into one report set

Environment (set by the job definitions and the state machine):
  TIERGUARD_BUCKET      the private report bucket
  TIERGUARD_RUN_ID      this run (the Step Functions execution name): s3://BUCKET/runs/RUN_ID/
  TIERGUARD_SHARDS      how many shards the run has
  TIERGUARD_MEMBER_ROLE the role assumed in each member account
  TIERGUARD_ARGUMENTS   more options for `tierguard account` (for example --regions us-east-1,eu-west-1)

A shard that wrote its report exits 0 even when the report fails, so that the merge always runs and decides the
run's outcome: the merge job exits with `tierguard merge`'s code (1 failing findings, 3 incomplete, e.g. a shard
that wrote no report), which fails the Step Functions execution. tierguard itself never writes to AWS; this helper
writes only the reports, only to its own bucket, with the job role's s3:PutObject on those keys.
"""
from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
import tempfile
from pathlib import Path

REPORTED = (0, 1, 3)  # tierguard exit codes that come with a report: pass, failing findings, incomplete
RUN_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$")
FORMATS = "json,html,md,sarif,junit"


class SetupError(Exception):
    """The job's environment is wrong: named in one line, exit 2."""


def _setting(name: str) -> str:
    value = os.environ.get(name, "").strip()
    if not value:
        raise SetupError(f"{name} is not set")
    return value


def _run_prefix() -> str:
    run_id = _setting("TIERGUARD_RUN_ID")
    if not RUN_ID.match(run_id):
        raise SetupError(f"TIERGUARD_RUN_ID {run_id!r} is not a plain name")
    return f"runs/{run_id}"


def _shard() -> tuple[int, int]:
    count = _setting("TIERGUARD_SHARDS")
    index = os.environ.get("AWS_BATCH_JOB_ARRAY_INDEX", "0")
    if not count.isdigit() or not index.isdigit() or not int(index) < int(count):
        raise SetupError(f"shard {index} of {count}: AWS_BATCH_JOB_ARRAY_INDEX must be below TIERGUARD_SHARDS")
    return int(index) + 1, int(count)


def _tierguard() -> list[str]:
    """The tierguard beside this interpreter (the image's), else the one on PATH."""
    beside = Path(sys.executable).with_name("tierguard")
    return [str(beside)] if beside.exists() else ["tierguard"]


def _s3():  # type: ignore[no-untyped-def]
    import boto3  # installed with tierguard

    return boto3.client("s3")


def shard() -> int:
    bucket, prefix = _setting("TIERGUARD_BUCKET"), _run_prefix()
    index, count = _shard()
    with tempfile.TemporaryDirectory(prefix="tierguard-shard-") as folder:
        out = Path(folder) / "report"
        command = [*_tierguard(), "account", "--organization", "--shard", f"{index}/{count}",
                   "--member-role", os.environ.get("TIERGUARD_MEMBER_ROLE") or "tierguard-scan",
                   "--format", "json", "--output-dir", str(out),
                   *shlex.split(os.environ.get("TIERGUARD_ARGUMENTS", ""))]
        print("tierguard-batch: " + shlex.join(command), flush=True)
        code = subprocess.run(command, check=False).returncode
        report = out / "tierguard.json"
        if code not in REPORTED or not report.is_file():
            print(f"tierguard-batch: shard {index}/{count} wrote no report (exit {code}); the merge will name it missing",
                  file=sys.stderr)
            return code or 2
        key = f"{prefix}/shards/shard-{index:04d}-of-{count:04d}.json"
        _s3().upload_file(str(report), bucket, key, ExtraArgs={"ContentType": "application/json"})
        print(f"tierguard-batch: shard {index}/{count} (exit {code}) -> s3://{bucket}/{key}", flush=True)
        return 0


def merge() -> int:
    bucket, prefix = _setting("TIERGUARD_BUCKET"), _run_prefix()
    s3 = _s3()
    keys = sorted(obj["Key"] for page in s3.get_paginator("list_objects_v2").paginate(Bucket=bucket, Prefix=f"{prefix}/shards/")
                  for obj in page.get("Contents", []) if obj["Key"].endswith(".json"))
    if not keys:
        print(f"tierguard-batch: no shard reports under s3://{bucket}/{prefix}/shards/: every shard failed", file=sys.stderr)
        return 3
    with tempfile.TemporaryDirectory(prefix="tierguard-merge-") as folder:
        shards, out = Path(folder) / "shards", Path(folder) / "report"
        shards.mkdir()
        local = []
        for key in keys:
            local.append(shards / Path(key).name)
            s3.download_file(bucket, key, str(local[-1]))
        command = [*_tierguard(), "merge", *map(str, local), "--format", FORMATS, "--output-dir", str(out)]
        print("tierguard-batch: " + shlex.join(command), flush=True)
        code = subprocess.run(command, check=False).returncode
        written = sorted(p for p in out.glob("tierguard.*") if p.is_file() and not p.is_symlink())
        for path in written:
            for target in (f"{prefix}/report/{path.name}", f"latest/{path.name}"):
                s3.upload_file(str(path), bucket, target)
        if written:
            print(f"tierguard-batch: merged {len(keys)} shard report(s) (exit {code}) -> s3://{bucket}/{prefix}/report/ "
                  f"and s3://{bucket}/latest/", flush=True)
        return code


def main(argv: list[str]) -> int:
    steps = {"shard": shard, "merge": merge}
    if len(argv) != 1 or argv[0] not in steps:
        print("usage: tierguard_batch.py shard|merge", file=sys.stderr)
        return 2
    try:
        return steps[argv[0]]()
    except SetupError as exc:
        print(f"tierguard-batch: {exc}", file=sys.stderr)
        return 2
    except Exception as exc:  # noqa: BLE001 - an S3 failure is one line in the job's log, and the job fails
        print(f"tierguard-batch: {type(exc).__name__}: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
