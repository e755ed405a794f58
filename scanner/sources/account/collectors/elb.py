"""Load balancers with their listeners, rules, target groups, target health and traffic."""
from __future__ import annotations

import datetime as dt
from typing import Any

from ....model import Resource
from ..collector import CollectContext, Collector

LOAD_BALANCER = "AWS::ElasticLoadBalancingV2::LoadBalancer"
LISTENER = "AWS::ElasticLoadBalancingV2::Listener"
RULE = "AWS::ElasticLoadBalancingV2::ListenerRule"
TARGET_GROUP = "AWS::ElasticLoadBalancingV2::TargetGroup"


class LoadBalancers(Collector):
    name = "load-balancers"
    service = "elbv2"
    types = (LOAD_BALANCER, LISTENER, RULE, TARGET_GROUP)
    calls = (
        ("elbv2", "DescribeLoadBalancers"),
        ("elbv2", "DescribeTags"),
        ("elbv2", "DescribeListeners"),
        ("elbv2", "DescribeRules"),
        ("elbv2", "DescribeTargetGroups"),
        ("elbv2", "DescribeTargetHealth"),
        ("cloudwatch", "GetMetricData"),
    )

    def collect(self, ctx: CollectContext) -> list[Resource]:
        balancers = ctx.pages("elbv2", "DescribeLoadBalancers", "LoadBalancers", missing=self.types)
        groups = ctx.pages("elbv2", "DescribeTargetGroups", "TargetGroups", missing=(TARGET_GROUP,)) or []
        found: list[Resource] = []
        if balancers is None:
            return found
        tags = self._tags(ctx, [b["LoadBalancerArn"] for b in balancers] + [g["TargetGroupArn"] for g in groups])
        health = self._health(ctx, groups)
        traffic = self._traffic(ctx, balancers)
        for group in groups:
            arn = group["TargetGroupArn"]
            group_observed: dict[str, Any] = {"load_balancers": group.get("LoadBalancerArns", [])}
            if arn in health:
                group_observed.update(health[arn])
            found.append(
                ctx.resource(
                    TARGET_GROUP,
                    arn,
                    {
                        "Name": group.get("TargetGroupName"),
                        "Port": group.get("Port"),
                        "Protocol": group.get("Protocol"),
                        "TargetType": group.get("TargetType"),
                        "VpcId": group.get("VpcId"),
                    },
                    arn=arn,
                    tags=tags.get(arn),
                    aliases=[group.get("TargetGroupName", "")],
                    observed=group_observed,
                )
            )
        for balancer in balancers:
            arn = balancer["LoadBalancerArn"]
            zones = balancer.get("AvailabilityZones", [])
            reached = [g for g in groups if arn in g.get("LoadBalancerArns", [])]
            observed: dict[str, Any] = {
                "state": (balancer.get("State") or {}).get("Code"),
                "availability_zones": len(zones),
                "target_groups": len(reached),
                "dns_name": balancer.get("DNSName"),
            }
            known_health = [health[g["TargetGroupArn"]] for g in reached if g["TargetGroupArn"] in health]
            if len(known_health) == len(reached):
                observed["healthy_targets"] = sum(h["healthy"] for h in known_health)
                observed["targets"] = sum(h["total"] for h in known_health)
            if arn in traffic:
                observed["requests_per_day"] = traffic[arn]
            listeners = ctx.pages("elbv2", "DescribeListeners", "Listeners", missing=(LISTENER,), LoadBalancerArn=arn)
            if listeners is None:
                observed["listeners_unknown"] = True
                listeners = []
            found.append(
                ctx.resource(
                    LOAD_BALANCER,
                    arn,
                    {
                        "Name": balancer.get("LoadBalancerName"),
                        "Scheme": balancer.get("Scheme"),
                        "Type": balancer.get("Type", "application"),
                        "IpAddressType": balancer.get("IpAddressType", "ipv4"),
                        "Subnets": [z.get("SubnetId") for z in zones if z.get("SubnetId")],
                        "SecurityGroups": balancer.get("SecurityGroups", []),
                    },
                    arn=arn,
                    tags=tags.get(arn),
                    aliases=[balancer.get("LoadBalancerName", ""), balancer.get("DNSName", "")],
                    observed=observed,
                )
            )
            for listener in listeners:
                found.extend(self._listener(ctx, listener, balancer.get("LoadBalancerName", "")))
        return found

    def _listener(self, ctx: CollectContext, listener: dict[str, Any], balancer_name: str) -> list[Resource]:
        arn = listener["ListenerArn"]
        actions = listener.get("DefaultActions", [])
        resource = ctx.resource(
            LISTENER,
            arn,
            {
                "LoadBalancerArn": listener.get("LoadBalancerArn"),
                "Port": listener.get("Port"),
                "Protocol": listener.get("Protocol"),
                "SslPolicy": listener.get("SslPolicy") if listener.get("Protocol") in ("HTTPS", "TLS") else None,
                "Certificates": [{"CertificateArn": c["CertificateArn"]} for c in listener.get("Certificates", [])],
                "DefaultActions": actions,
            },
            arn=arn,
            observed={"name": f"{balancer_name} {listener.get('Protocol')}:{listener.get('Port')}"},
        )
        resource.properties = {k: v for k, v in resource.properties.items() if v is not None}
        found = [resource]
        # Rules matter only where the default action does not forward: a forwarding listener is
        # already plain HTTP (if HTTP) and already reaches a target group.
        if not any(a.get("Type") == "forward" for a in actions):
            rules = ctx.pages("elbv2", "DescribeRules", "Rules", missing=(RULE,), ListenerArn=arn) or []
            for rule in rules:
                if rule.get("IsDefault"):
                    continue
                found.append(
                    ctx.resource(
                        RULE,
                        rule["RuleArn"],
                        {"ListenerArn": arn, "Priority": rule.get("Priority"), "Actions": rule.get("Actions", []),
                         "Conditions": rule.get("Conditions", [])},
                        arn=rule["RuleArn"],
                    )
                )
        return found

    def _tags(self, ctx: CollectContext, arns: list[str]) -> dict[str, list[dict[str, str]]]:
        tags: dict[str, list[dict[str, str]]] = {}
        for start in range(0, len(arns), 20):
            answer = ctx.call("elbv2", "DescribeTags", ResourceArns=arns[start : start + 20])
            for entry in (answer or {}).get("TagDescriptions", []):
                tags[entry["ResourceArn"]] = entry.get("Tags", [])
        return tags

    def _health(self, ctx: CollectContext, groups: list[dict[str, Any]]) -> dict[str, dict[str, int]]:
        health: dict[str, dict[str, int]] = {}
        for group in groups:
            if not group.get("LoadBalancerArns"):
                continue
            answer = ctx.call("elbv2", "DescribeTargetHealth", TargetGroupArn=group["TargetGroupArn"])
            if answer is None:
                continue
            states = [t.get("TargetHealth", {}).get("State") for t in answer.get("TargetHealthDescriptions", [])]
            health[group["TargetGroupArn"]] = {"healthy": states.count("healthy"), "total": len(states)}
        return health

    def _traffic(self, ctx: CollectContext, balancers: list[dict[str, Any]]) -> dict[str, float]:
        """Average requests (ALB) or new flows (NLB) per day over the look-back window."""
        days = int(ctx.settings.get("idle_lookback_days", 7))
        queries, ids = [], {}
        for index, balancer in enumerate(balancers):
            kind = balancer.get("Type", "application")
            if kind not in ("application", "network"):
                continue
            dimension = balancer["LoadBalancerArn"].split(":loadbalancer/", 1)[-1]
            namespace, metric = ("AWS/ApplicationELB", "RequestCount") if kind == "application" else ("AWS/NetworkELB", "NewFlowCount")
            query_id = f"lb{index}"
            ids[query_id] = balancer["LoadBalancerArn"]
            queries.append({
                "Id": query_id,
                "MetricStat": {"Metric": {"Namespace": namespace, "MetricName": metric,
                                          "Dimensions": [{"Name": "LoadBalancer", "Value": dimension}]},
                               "Period": 86400, "Stat": "Sum"},
                "ReturnData": True,
            })
        traffic: dict[str, float] = {}
        end = ctx.now.replace(minute=0, second=0, microsecond=0)
        start = end - dt.timedelta(days=days)
        for first in range(0, len(queries), 500):
            results = ctx.pages("cloudwatch", "GetMetricData", "MetricDataResults",
                                MetricDataQueries=queries[first : first + 500], StartTime=start, EndTime=end)
            if results is None:
                return {}
            for result in results:
                arn = ids.get(result["Id"])
                if arn is not None:
                    traffic[arn] = traffic.get(arn, 0.0) + sum(result.get("Values", [])) / days
        return traffic


class ClassicLoadBalancers(Collector):
    name = "classic-load-balancers"
    service = "elb"
    types = ("AWS::ElasticLoadBalancing::LoadBalancer",)
    calls = (("elb", "DescribeLoadBalancers"),)

    def collect(self, ctx: CollectContext) -> list[Resource]:
        balancers = ctx.pages("elb", "DescribeLoadBalancers", "LoadBalancerDescriptions", missing=self.types) or []
        found = []
        for balancer in balancers:
            name = balancer["LoadBalancerName"]
            listeners = [entry.get("Listener", {}) for entry in balancer.get("ListenerDescriptions", [])]
            found.append(
                ctx.resource(
                    "AWS::ElasticLoadBalancing::LoadBalancer",
                    name,
                    {
                        "Scheme": balancer.get("Scheme"),
                        "Subnets": balancer.get("Subnets", []),
                        "SecurityGroups": balancer.get("SecurityGroups", []),
                        "Instances": [i.get("InstanceId") for i in balancer.get("Instances", [])],
                        "Listeners": [
                            {"Protocol": entry.get("Protocol"), "LoadBalancerPort": entry.get("LoadBalancerPort"),
                             "InstancePort": entry.get("InstancePort"), "SSLCertificateId": entry.get("SSLCertificateId")}
                            for entry in listeners
                        ],
                    },
                    arn=ctx.arn("elasticloadbalancing", f"loadbalancer/{name}"),
                    aliases=[balancer.get("DNSName", "")],
                    observed={"availability_zones": len(balancer.get("AvailabilityZones", []))},
                )
            )
        return found
