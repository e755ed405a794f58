"""Benchmark the account scan against a moto_server account of >= 1,000 resources in 4 regions.

    python bench/account_bench.py [--per-region 260] [--repeat 3]

Starts moto_server on a free loopback port, fills us-east-1, eu-west-1, eu-central-1 and
ap-south-1 (security groups with rules, Elastic IPs, load balancers with listeners and target
groups, ECS services, log groups, secrets, KMS keys, and the resources with resource policies: SQS
queues, SNS topics, Lambda functions, ECR repositories, API Gateway APIs) plus IAM roles and S3
buckets, then measures:

  - wall time of `tierguard account` (collection + rules + costs; checkov left out, it is
    measured by bench/gate_bench.py) for each region alone and for the four together;
  - the ratio of the all-regions time to the slowest single region (target <= 1.5);
  - API calls made against the minimum: one call per page per listing per region, plus one per
    parent for per-parent APIs (listeners per load balancer, health per target group …).

With --latency-ms N the scanner talks to moto through a local relay that holds every request
N ms, as a real region a few hundred kilometres away does; without it, moto answers from the
same two cores the scanner runs on, and the scan is CPU-bound rather than latency-bound.

Writes bench/results-account.json.
"""
from __future__ import annotations

import argparse
import contextlib
import json
import math
import os
import statistics
import sys
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
from tests.conftest import MOTO_GAPS, aws_environment, start_moto_server  # noqa: E402

REGIONS = ["us-east-1", "eu-west-1", "eu-central-1", "ap-south-1"]
# Services read once per account (their calls are logged against the home region).
GLOBAL_SERVICES = {"iam", "budgets", "route53", "s3", "s3control", "sts"}


def latency_relay(target_port: int, delay_s: float) -> int:
    """A TCP relay on a free loopback port that delays each burst of request bytes by `delay_s`."""
    import socket
    import threading

    server = socket.socket()
    server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    server.bind(("127.0.0.1", 0))
    server.listen(128)

    def pipe(source, sink, delay: float) -> None:
        try:
            while chunk := source.recv(65536):
                if delay:
                    time.sleep(delay)
                sink.sendall(chunk)
        except OSError:
            pass
        finally:
            for end in (source, sink):
                with contextlib.suppress(OSError):
                    end.shutdown(socket.SHUT_RDWR)

    def accept() -> None:
        while True:
            client, _ = server.accept()
            upstream = socket.create_connection(("127.0.0.1", target_port))
            threading.Thread(target=pipe, args=(client, upstream, delay_s), daemon=True).start()
            threading.Thread(target=pipe, args=(upstream, client, 0.0), daemon=True).start()

    threading.Thread(target=accept, daemon=True).start()
    return server.getsockname()[1]


def seed_region(region: str, per_region: int) -> int:
    import boto3

    session = boto3.Session(region_name=region)
    ec2, elb, ecs, logs = (session.client(s) for s in ("ec2", "elbv2", "ecs", "logs"))
    secrets, kms = session.client("secretsmanager"), session.client("kms")
    sqs, sns, ecr, apigateway = (session.client(s) for s in ("sqs", "sns", "ecr", "apigateway"))
    count = 0
    vpc = ec2.create_vpc(CidrBlock="10.0.0.0/16")["Vpc"]["VpcId"]
    subnets = [ec2.create_subnet(VpcId=vpc, CidrBlock=f"10.0.{i}.0/24", AvailabilityZone=f"{region}{z}")["Subnet"]["SubnetId"]
               for i, z in enumerate("ab")]
    count += 3
    budget = {"groups": per_region * 40 // 100, "eips": per_region * 20 // 100, "lbs": per_region * 4 // 100,
              "logs": per_region * 10 // 100, "secrets": per_region * 5 // 100, "keys": per_region * 3 // 100,
              "services": per_region * 5 // 100, "queues": per_region * 3 // 100, "topics": per_region * 3 // 100,
              "repositories": per_region * 2 // 100, "apis": per_region * 1 // 100}
    for index in range(budget["groups"]):
        group = ec2.create_security_group(GroupName=f"bench-{index}", Description="bench", VpcId=vpc)["GroupId"]
        ec2.authorize_security_group_ingress(GroupId=group, IpPermissions=[
            {"IpProtocol": "tcp", "FromPort": 443, "ToPort": 443, "IpRanges": [{"CidrIp": "0.0.0.0/0"}]},
            {"IpProtocol": "tcp", "FromPort": 1000 + index, "ToPort": 1000 + index, "IpRanges": [{"CidrIp": "10.0.0.0/8"}]}])
        count += 1
    task_group = group
    for _ in range(budget["eips"]):
        ec2.allocate_address(Domain="vpc")
        count += 1
    for index in range(budget["lbs"]):
        lb = elb.create_load_balancer(Name=f"bench-{index}", Subnets=subnets)["LoadBalancers"][0]["LoadBalancerArn"]
        group = elb.create_target_group(Name=f"bench-{index}", Protocol="HTTP", Port=80, VpcId=vpc, TargetType="ip")["TargetGroups"][0]
        elb.create_listener(LoadBalancerArn=lb, Protocol="HTTP", Port=80,
                            DefaultActions=[{"Type": "forward", "TargetGroupArn": group["TargetGroupArn"]}])
        count += 3
    for index in range(budget["logs"]):
        logs.create_log_group(logGroupName=f"/bench/{index}")
        count += 1
    for index in range(budget["secrets"]):
        secrets.create_secret(Name=f"bench-{index}", SecretString="x")
        count += 1
    for _ in range(budget["keys"]):
        kms.create_key()
        count += 1
    public = json.dumps({"Statement": [{"Effect": "Allow", "Principal": "*", "Action": "sqs:SendMessage"}]})
    for index in range(budget["queues"]):
        url = sqs.create_queue(QueueName=f"bench-{index}")["QueueUrl"]
        if index % 2:
            sqs.set_queue_attributes(QueueUrl=url, Attributes={"Policy": public})
        count += 1
    for index in range(budget["topics"]):
        sns.create_topic(Name=f"bench-{index}")
        count += 1
    for index in range(budget["repositories"]):
        ecr.create_repository(repositoryName=f"bench-{index}")
        count += 1
    for index in range(budget["apis"]):
        apigateway.create_rest_api(name=f"bench-{index}")
        count += 1
    cluster = ecs.create_cluster(clusterName="bench")["cluster"]["clusterArn"]
    task = ecs.register_task_definition(family="bench", requiresCompatibilities=["FARGATE"], networkMode="awsvpc", cpu="256",
                                        memory="512",
                                        containerDefinitions=[{"name": "a", "image": "nginx", "essential": True}])["taskDefinition"]
    for index in range(budget["services"]):
        ecs.create_service(cluster=cluster, serviceName=f"bench-{index}", taskDefinition=task["taskDefinitionArn"],
                           desiredCount=1, launchType="FARGATE",
                           networkConfiguration={"awsvpcConfiguration": {"subnets": subnets, "securityGroups": [task_group],
                                                                         "assignPublicIp": "ENABLED"}})
        count += 1
    return count + 2


def seed_buckets(buckets: int) -> int:
    """S3 buckets are listed once per account, then read one by one (policy, ACL, Block Public Access…)."""
    import boto3

    s3 = boto3.client("s3")
    policy = json.dumps({"Statement": [{"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "*"}]})
    for index in range(buckets):
        s3.create_bucket(Bucket=f"bench-{index}")
        if index % 3 == 0:
            s3.put_bucket_policy(Bucket=f"bench-{index}", Policy=policy)
    return buckets


def seed_iam(roles: int) -> int:
    import boto3

    iam = boto3.client("iam")
    trust = json.dumps({"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Principal": {"Service": "ecs-tasks.amazonaws.com"}, "Action": "sts:AssumeRole"}]})
    for index in range(roles):
        iam.create_role(RoleName=f"bench-{index}", AssumeRolePolicyDocument=trust)
    return roles


def scan(regions: list[str]) -> tuple[float, Counter, object]:
    from tierguard.scanner.config import Config
    from tierguard.scanner.sources.account import AccountOptions, collect_accounts

    started = time.perf_counter()
    collection = collect_accounts(AccountOptions(regions=regions, skip=MOTO_GAPS), Config())
    return time.perf_counter() - started, collection.calls.counts, collection


def minimum_calls(collection) -> int:
    """One call per page per listing per region (or per account for global services), plus the
    per-parent APIs once per parent; moto returns our listings in one page."""
    inventory = collection.inventory
    by = Counter((r.type, r.region) for r in inventory)
    regions = collection.regions
    minimum = 0
    from tierguard.scanner.sources.account.collectors import COLLECTORS

    for collector in COLLECTORS:
        if collector.name in MOTO_GAPS:
            continue
        scopes = [None] if collector.is_global else regions
        for region in scopes:
            for service, operation in collector.calls:
                if f"{service}:{operation}" in MOTO_GAPS:
                    continue  # left out on request
                n = _per_parent(service, operation, by, region, inventory)
                minimum += 1 if n is None else n
    return minimum + len(collection.accounts)  # sts:GetCallerIdentity


def _per_parent(service, operation, by, region, inventory):
    lbs = by[("AWS::ElasticLoadBalancingV2::LoadBalancer", region)]
    groups = sum(1 for r in inventory if r.type == "AWS::ElasticLoadBalancingV2::TargetGroup" and r.region == region
                 and r.observed.get("load_balancers"))
    listeners = [r for r in inventory if r.type == "AWS::ElasticLoadBalancingV2::Listener" and r.region == region]
    clusters = by[("AWS::ECS::Cluster", region)]
    services = by[("AWS::ECS::Service", region)]
    return {
        ("elbv2", "DescribeListeners"): lbs,
        ("elbv2", "DescribeTargetHealth"): groups,
        ("elbv2", "DescribeTags"): math.ceil((lbs + by[("AWS::ElasticLoadBalancingV2::TargetGroup", region)]) / 20),
        ("elbv2", "DescribeRules"): sum(1 for listener in listeners
                                        if not any(a.get("Type") == "forward"
                                                   for a in listener.prop("DefaultActions", default=[]))),
        ("cloudwatch", "GetMetricData"): math.ceil(lbs / 500),
        ("ecs", "DescribeClusters"): math.ceil(clusters / 100),
        ("ecs", "ListServices"): clusters,
        ("ecs", "DescribeServices"): math.ceil(services / 10),
        ("ecs", "DescribeTaskDefinition"): by[("AWS::ECS::TaskDefinition", region)],
        ("kms", "DescribeKey"): None,  # one per key listed (AWS-managed keys included): counted from the log
        ("acm", "DescribeCertificate"): by[("AWS::CertificateManager::Certificate", region)],
        ("opensearch", "DescribeDomains"): math.ceil(by[("AWS::OpenSearchService::Domain", region)] / 5),
        ("budgets", "DescribeNotificationsForBudget"): by[("AWS::Budgets::Budget", None)],
        ("cloudformation", "ListStackResources"): by[("AWS::CloudFormation::Stack", region)],
        # resource policies: one read per resource that may carry one
        **{("s3", op): sum(n for (t, _), n in by.items() if t == "AWS::S3::Bucket") if region is None else 0
           for op in ("GetBucketLocation", "GetBucketPolicy", "GetBucketAcl", "GetPublicAccessBlock", "GetBucketWebsite")},
        ("sqs", "GetQueueAttributes"): by[("AWS::SQS::Queue", region)],
        ("sns", "GetTopicAttributes"): by[("AWS::SNS::Topic", region)],
        ("kms", "GetKeyPolicy"): by[("AWS::KMS::Key", region)],
        ("lambda", "GetPolicy"): by[("AWS::Lambda::Function", region)],
        ("lambda", "ListFunctionUrlConfigs"): by[("AWS::Lambda::Function", region)],
        ("ecr", "GetRepositoryPolicy"): by[("AWS::ECR::Repository", region)],
        ("secretsmanager", "GetResourcePolicy"): by[("AWS::SecretsManager::Secret", region)],
    }.get((service, operation))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--per-region", type=int, default=260)
    parser.add_argument("--roles", type=int, default=100)
    parser.add_argument("--buckets", type=int, default=40)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--latency-ms", type=float, default=0.0, help="delay every request this long (a real region's latency)")
    args = parser.parse_args()
    process, endpoint = start_moto_server()
    try:
        os.environ.update(aws_environment(endpoint))
        started = time.perf_counter()
        with ThreadPoolExecutor(max_workers=4) as pool:
            seeded = (sum(pool.map(lambda r: seed_region(r, args.per_region), REGIONS)) + seed_iam(args.roles)
                      + seed_buckets(args.buckets))
        print(f"seeded {seeded} resources in {len(REGIONS)} regions in {time.perf_counter() - started:.0f} s")
        if args.latency_ms:
            port = latency_relay(int(endpoint.rsplit(":", 1)[1]), args.latency_ms / 1000)
            os.environ["AWS_ENDPOINT_URL"] = f"http://127.0.0.1:{port}"
            print(f"scanning through a relay that adds {args.latency_ms:g} ms to every request")
        singles = {}
        for region in REGIONS:
            singles[region] = statistics.median(scan([region])[0] for _ in range(args.repeat))
            print(f"  {region:<14} {singles[region]:6.2f} s")
        runs = [scan(REGIONS) for _ in range(args.repeat)]
        wall = statistics.median(r[0] for r in runs)
        counts, collection = runs[0][1], runs[0][2]
        made = sum(counts.values())
        kms_keys = sum(n for (service, operation, _), n in counts.items() if (service, operation) == ("kms", "DescribeKey"))
        minimum = minimum_calls(collection) - sum(1 for _ in REGIONS) + kms_keys
        slowest = max(singles.values())
        result = {
            "latency_ms": args.latency_ms,
            "resources_seeded": seeded,
            "resources_collected": len(collection.inventory),
            "regions": REGIONS,
            "single_region_s": {k: round(v, 2) for k, v in singles.items()},
            "all_regions_s": round(wall, 2),
            "ratio_all_to_slowest_single": round(wall / slowest, 2),
            "api_calls_made": made,
            "api_calls_minimum": minimum,
            "api_calls_per_region": {region: sum(n for (s, _o, r), n in counts.items() if r == region and s not in GLOBAL_SERVICES)
                                     for region in REGIONS},
            "api_calls_global": sum(n for (s, _o, _r), n in counts.items() if s in GLOBAL_SERVICES),
            "errors": [e.message for e in collection.errors],
        }
        result["calls_by_operation"] = dict(sorted(Counter(f"{s}:{o}" for (s, o, _r), n in counts.items() for _ in range(n)).items()))
    finally:
        process.terminate()
    print(f"all 4 regions: {result['all_regions_s']} s; slowest single region {slowest:.2f} s; "
          f"ratio {result['ratio_all_to_slowest_single']} (target <= 1.5)")
    print(f"API calls: {made} made, minimum {minimum}; {result['resources_collected']} resources collected")
    if result["errors"]:
        print("errors:", *result["errors"], sep="\n  ")
    name = f"results-account{'-latency' if args.latency_ms else ''}.json"
    (Path(__file__).resolve().parent / name).write_text(json.dumps(result, indent=2) + "\n")


if __name__ == "__main__":
    main()
