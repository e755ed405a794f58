"""SQS queues and SNS topics with their access policies; Lambda functions with their resource
policies and URLs; API Gateway REST APIs with theirs. Each policy statement is read into the shape a
template would declare it in, so that one rule judges both."""
from __future__ import annotations

import json
from typing import Any

from ....model import Resource, as_dict, as_list
from ..collector import CollectContext, Collector


class Queues(Collector):
    name = "sqs"
    service = "sqs"
    types = ("AWS::SQS::Queue", "AWS::SQS::QueuePolicy")
    calls = (("sqs", "ListQueues"), ("sqs", "GetQueueAttributes"))

    def collect(self, ctx: CollectContext) -> list[Resource]:
        urls = ctx.pages("sqs", "ListQueues", "QueueUrls", missing=self.types) or []
        return [resource for read in ctx.each(urls, lambda url: self._queue(ctx, url)) for resource in read]

    def _queue(self, ctx: CollectContext, url: str) -> list[Resource]:
        name = url.rstrip("/").rsplit("/", 1)[-1]
        answer = ctx.call("sqs", "GetQueueAttributes", missing=self.types, QueueUrl=url, AttributeNames=["QueueArn", "Policy"])
        attributes = (answer or {}).get("Attributes") or {}
        arn = attributes.get("QueueArn") or ctx.arn("sqs", name)
        found = [ctx.resource("AWS::SQS::Queue", url, {"QueueName": name}, arn=arn, aliases=[name])]
        if attributes.get("Policy"):
            found.append(ctx.resource("AWS::SQS::QueuePolicy", url, {"Queues": [url], "PolicyDocument": attributes["Policy"]},
                                      arn=arn))
        return found


class Topics(Collector):
    name = "sns"
    service = "sns"
    types = ("AWS::SNS::Topic", "AWS::SNS::TopicPolicy")
    calls = (("sns", "ListTopics"), ("sns", "GetTopicAttributes"))

    def collect(self, ctx: CollectContext) -> list[Resource]:
        topics = ctx.pages("sns", "ListTopics", "Topics", missing=self.types) or []
        return [resource for read in ctx.each(topics, lambda topic: self._topic(ctx, topic["TopicArn"])) for resource in read]

    def _topic(self, ctx: CollectContext, arn: str) -> list[Resource]:
        name = arn.rsplit(":", 1)[-1]
        answer = ctx.call("sns", "GetTopicAttributes", missing=self.types, TopicArn=arn)
        attributes = (answer or {}).get("Attributes") or {}
        found = [ctx.resource("AWS::SNS::Topic", arn, {"TopicName": name}, arn=arn, aliases=[name])]
        if attributes.get("Policy"):
            found.append(ctx.resource("AWS::SNS::TopicPolicy", arn, {"Topics": [arn], "PolicyDocument": attributes["Policy"]},
                                      arn=arn))
        return found


class Functions(Collector):
    """Lambda functions, one AWS::Lambda::Permission per statement of a function's resource policy
    (GetPolicy; none is no policy), and its URLs (ListFunctionUrlConfigs)."""

    name = "lambda"
    service = "lambda"
    types = ("AWS::Lambda::Function", "AWS::Lambda::Permission", "AWS::Lambda::Url")
    calls = (("lambda", "ListFunctions"), ("lambda", "GetPolicy"), ("lambda", "ListFunctionUrlConfigs"))
    absent = {("lambda", "GetPolicy"): ("ResourceNotFoundException",)}

    def collect(self, ctx: CollectContext) -> list[Resource]:
        functions = ctx.pages("lambda", "ListFunctions", "Functions", missing=self.types) or []
        return [resource for read in ctx.each(functions, lambda function: self._function(ctx, function)) for resource in read]

    def _function(self, ctx: CollectContext, function: dict[str, Any]) -> list[Resource]:
        name, arn = function["FunctionName"], function["FunctionArn"]
        properties = {"FunctionName": name, "Runtime": function.get("Runtime"), "MemorySize": function.get("MemorySize")}
        found = [ctx.resource("AWS::Lambda::Function", arn, properties, arn=arn, aliases=[name])]
        policy = ctx.call("lambda", "GetPolicy", missing=self.types, FunctionName=name)
        if policy and policy.get("Policy"):
            for index, statement in enumerate(as_list(as_dict(json.loads(policy["Policy"])).get("Statement"))):
                if isinstance(statement, dict):
                    found.append(ctx.resource("AWS::Lambda::Permission", f"{arn}/{statement.get('Sid') or index + 1}",
                                              permission(arn, statement), arn=arn))
        for url in ctx.pages("lambda", "ListFunctionUrlConfigs", "FunctionUrlConfigs", missing=self.types, FunctionName=name) or []:
            found.append(ctx.resource("AWS::Lambda::Url", url.get("FunctionUrl", arn),
                                      {"TargetFunctionArn": arn, "AuthType": url.get("AuthType")}, arn=arn))
        return found


def permission(function_arn: str, statement: dict[str, Any]) -> dict[str, Any]:
    """A resource-policy statement as the AWS::Lambda::Permission a template would declare."""
    principal = statement.get("Principal")
    if isinstance(principal, dict):
        principal = next(iter(as_list(principal.get("Service") or principal.get("AWS"))), None)
    properties: dict[str, Any] = {"FunctionName": function_arn, "Action": statement.get("Action"), "Principal": principal}
    condition = as_dict(statement.get("Condition"))
    for operator, prop, key in (("ArnLike", "SourceArn", "aws:sourcearn"), ("StringEquals", "SourceAccount", "aws:sourceaccount"),
                                ("StringEquals", "PrincipalOrgID", "aws:principalorgid"),
                                ("StringEquals", "FunctionUrlAuthType", "lambda:functionurlauthtype")):
        for name, value in as_dict(condition.get(operator)).items():
            if name.lower() == key:
                properties[prop] = value
    if "NotPrincipal" in statement:
        properties["Principal"] = "*"
    return properties


class RestApis(Collector):
    name = "apigateway"
    service = "apigateway"
    types = ("AWS::ApiGateway::RestApi",)
    calls = (("apigateway", "GetRestApis"),)

    def collect(self, ctx: CollectContext) -> list[Resource]:
        found = []
        for api in ctx.pages("apigateway", "GetRestApis", "items", missing=self.types) or []:
            properties: dict[str, Any] = {"Name": api.get("name"),
                                          "EndpointConfiguration": {"Types": (api.get("endpointConfiguration") or {}).get("types", [])}}
            if api.get("policy"):
                properties["Policy"] = _policy_text(api["policy"])
            arn = f"arn:{ctx.partition}:apigateway:{ctx.region}::/restapis/{api['id']}"
            found.append(ctx.resource("AWS::ApiGateway::RestApi", api["id"], properties, arn=arn, aliases=[api.get("name", "")]))
        return found


def _policy_text(value: str) -> Any:
    """API Gateway returns the policy as JSON text, sometimes with its quotes escaped once more."""
    try:
        document = json.loads(value)
    except ValueError:
        try:
            document = json.loads(value.replace('\\"', '"'))
        except ValueError:
            return value
    return json.loads(document) if isinstance(document, str) else document
