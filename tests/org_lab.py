"""An AWS Organization on moto_server: member accounts, each with a problem planted through the member's
own assumed credentials (moto gives each assumed role's keys that account's resources). Used by
tests/test_organization.py and bench/org_bench.py."""
from __future__ import annotations

from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

import boto3

CALLER = "123456789012"  # moto's default account: the organization's management account


@dataclass
class OrgLab:
    caller: str
    members: list[str]
    ssh_groups: dict[str, list[str]] = field(default_factory=dict)  # account -> ARNs of its world-open SSH groups


def _session(endpoint: str, region: str, account: str | None = None) -> boto3.Session:
    base = boto3.Session(region_name=region, aws_access_key_id="testing", aws_secret_access_key="testing")
    if account is None:
        return base
    sts = base.client("sts", endpoint_url=endpoint)
    creds = sts.assume_role(RoleArn=f"arn:aws:iam::{account}:role/lab-admin", RoleSessionName="lab-setup")["Credentials"]
    return boto3.Session(region_name=region, aws_access_key_id=creds["AccessKeyId"],
                         aws_secret_access_key=creds["SecretAccessKey"], aws_session_token=creds["SessionToken"])


def build_organization(endpoint: str, members: int, regions: Sequence[str] = ("us-east-1",),
                       suspended: int = 0) -> OrgLab:
    """An organization with `members` ACTIVE member accounts (and `suspended` more, closed), each with an
    SSH port open to the world in every region of `regions`."""
    org = _session(endpoint, regions[0]).client("organizations", endpoint_url=endpoint)
    org.create_organization(FeatureSet="ALL")
    created = [org.create_account(Email=f"member{i}@example.org", AccountName=f"sandbox-{i}")["CreateAccountStatus"]["AccountId"]
               for i in range(members + suspended)]
    for account in created[members:]:
        org.close_account(AccountId=account)
    lab = OrgLab(caller=CALLER, members=sorted(created[:members]))

    def plant(account: str) -> list[str]:
        arns = []
        for region in regions:
            ec2 = _session(endpoint, region, account).client("ec2", endpoint_url=endpoint)
            group = ec2.create_security_group(GroupName=f"ssh-{account}", Description="planted: SSH open to the world")["GroupId"]
            ec2.authorize_security_group_ingress(GroupId=group, IpPermissions=[
                {"IpProtocol": "tcp", "FromPort": 22, "ToPort": 22, "IpRanges": [{"CidrIp": "0.0.0.0/0"}]}])
            arns.append(f"arn:aws:ec2:{region}:{account}:security-group/{group}")
        return arns

    with ThreadPoolExecutor(max_workers=8) as pool:
        lab.ssh_groups = dict(zip(lab.members, pool.map(plant, lab.members), strict=True))
    return lab
