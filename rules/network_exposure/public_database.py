"""TG-NET-003: a database instance that is publicly accessible."""
from __future__ import annotations

from collections.abc import Iterable

from ...scanner.model import Category, Resource, Severity
from ..base import Hit, Rule, RuleContext


class PubliclyAccessibleDatabase(Rule):
    id = "TG-NET-003"
    title = "Publicly accessible database"
    category = Category.NETWORK_EXPOSURE
    severity = Severity.HIGH
    resource_types = ("AWS::RDS::DBInstance", "AWS::DocDB::DBInstance", "AWS::Neptune::DBInstance", "AWS::Redshift::Cluster")
    checkov = ("CKV_AWS_17", "CKV_AWS_87")
    rationale = ("A database with a public endpoint is one security-group mistake away from the internet; keep data stores in "
                 "private subnets.")
    remediation = "Set PubliclyAccessible to false and place the database in the private subnets."
    link = "https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_VPC.WorkingWithRDSInstanceinaVPC.html"

    def check(self, resource: Resource, ctx: RuleContext) -> Iterable[Hit]:
        value = resource.prop("PubliclyAccessible")
        if value is True or str(value).lower() == "true":
            yield Hit("PubliclyAccessible is true: the database gets a public endpoint")
