"""Reading templates: YAML short forms, lines, intrinsics, cdk.out manifests, nested stacks."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

from tierguard.scanner.sources.templates import load_templates
from tierguard.scanner.values import Ref, Symbolic, Unresolved

from .conftest import variant

YAML_TEMPLATE = """\
AWSTemplateFormatVersion: 2010-09-09
Parameters:
  Env:
    Type: String
    Default: prod
  Ports:
    Type: CommaDelimitedList
    Default: "443,8443"
  Secret:
    Type: String
Conditions:
  IsProd: !Equals [!Ref Env, prod]
  NotProd: !Not [!Condition IsProd]
  Both: !And [!Condition IsProd, !Equals [a, a]]
Mappings:
  Sizes:
    prod: {cpu: "1024"}
Resources:
  Bucket:
    Type: AWS::S3::Bucket
  Thing:
    Type: AWS::SSM::Parameter
    Properties:
      Type: String
      Name: !Sub "${AWS::StackName}-${Env}-${Bucket}"
      Value: !Join [",", [!Ref Env, !Select [1, !Ref Ports], !FindInMap [Sizes, !Ref Env, cpu]]]
      Description: !If [IsProd, production, other]
      AllowedPattern: !If [NotProd, x, y]
      Tier: !If [Both, Advanced, Standard]
      Tags:
        Arn: !GetAtt Bucket.Arn
        Split: !Select [0, !Split ["/", "a/b"]]
        Unknown: !Ref Secret
        Cidr: !Select [1, !Cidr ["10.0.0.0/16", 4, 8]]
        Literal: !Sub "${!NotAVariable}"
        Nothing: !Ref AWS::NoValue
"""


def _one(load, logical_id):
    [resource] = [r for r in load.inventory if r.id == logical_id]
    return resource


def test_yaml_short_forms_and_resolution(tmp_path: Path) -> None:
    path = tmp_path / "app.yaml"
    path.write_text(YAML_TEMPLATE)
    load = load_templates([str(path)])
    assert load.errors == []
    thing = _one(load, "Thing")
    props = thing.properties
    assert isinstance(props["Name"], Symbolic) and props["Name"] == "app-prod-${Bucket}"
    assert props["Value"] == "prod,8443,1024"
    assert props["Description"] == "production"
    assert props["AllowedPattern"] == "y"
    assert props["Tier"] == "Advanced"
    tags = props["Tags"]
    assert tags["Arn"] == Ref(thing.key.rsplit("/", 1)[0] + "/Bucket", "Bucket", "Arn")
    assert tags["Split"] == "a"
    assert isinstance(tags["Unknown"], Unresolved) and "Secret has no default" in tags["Unknown"].reason
    assert tags["Cidr"] == "10.0.1.0/24"
    assert tags["Literal"] == "${NotAVariable}"
    assert "Nothing" not in tags
    assert thing.line == 21 and thing.file.endswith("app.yaml")


def test_json_lines_are_the_resource_key_lines(tmp_path: Path) -> None:
    path = tmp_path / "t.json"
    path.write_text('{\n "Resources": {\n  "A": {"Type": "AWS::S3::Bucket"},\n\n  "B": {\n   "Type": "AWS::SNS::Topic"\n  }\n }\n}\n')
    load = load_templates([str(path)])
    assert {r.id: r.line for r in load.inventory} == {"A": 3, "B": 5}


def test_cdk_out_reads_only_the_manifest_templates(tmp_path: Path) -> None:
    assembly = tmp_path / "cdk.out"
    shutil.copytree(variant("compliant"), assembly)
    # junk that a folder scan would trip on: assets, Dockerfiles, broken JSON
    (assembly / "asset.0000" / "Dockerfile").parent.mkdir()
    (assembly / "asset.0000" / "Dockerfile").write_text("FROM scratch\n")
    (assembly / "asset.0000" / "broken.template.json").write_text("{ not json")
    (assembly / "stray.template.json").write_text('{"Resources": {"X": {"Type": "AWS::SNS::Topic"}}}')
    load = load_templates([str(assembly)])
    assert load.errors == []
    assert sorted(s.name for s in load.inventory.stacks) == ["AppStack", "BudgetStack", "ComputeStack", "NetworkStack", "SecurityStack"]
    assert not [r for r in load.inventory if r.id == "X"]
    assert {s.region for s in load.inventory.stacks} == {"us-east-1"}
    assert {s.account for s in load.inventory.stacks} == {"123456789012"}


def test_a_project_folder_finds_its_cdk_out(tmp_path: Path) -> None:
    project = tmp_path / "project"
    shutil.copytree(variant("nat"), project / "cdk.out")
    (project / "package.json").write_text('{"name": "x"}')
    (project / "tsconfig.json").write_text("{ // comments are fine in tsconfig\n}")
    load = load_templates([str(project)])
    assert load.errors == []
    assert load.inventory.of_type("AWS::EC2::NatGateway")


def _assembly(folder: Path, stacks: dict[str, dict], env: str = "aws://111122223333/eu-west-1") -> Path:
    folder.mkdir(parents=True)
    artifacts = {}
    for name, template in stacks.items():
        (folder / f"{name}.template.json").write_text(json.dumps(template))
        artifacts[name] = {
            "type": "aws:cloudformation:stack",
            "environment": env,
            "properties": {"templateFile": f"{name}.template.json"},
        }
    (folder / "manifest.json").write_text(json.dumps({"version": "55.0.0", "artifacts": artifacts}))
    return folder


def test_nested_stack_parameters_are_resolved_from_the_parent(tmp_path: Path) -> None:
    folder = _assembly(
        tmp_path / "cdk.out",
        {
            "Parent": {
                "Resources": {
                    "Group": {"Type": "AWS::EC2::SecurityGroup", "Properties": {"GroupDescription": "g"}},
                    "Child": {
                        "Type": "AWS::CloudFormation::Stack",
                        "Metadata": {"aws:asset:path": "ParentChild.nested.template.json"},
                        "Properties": {
                            "TemplateURL": "https://example.com/x",
                            "Parameters": {"GroupId": {"Fn::GetAtt": ["Group", "GroupId"]}, "Port": "22"},
                        },
                    },
                    "Uses": {
                        "Type": "AWS::SSM::Parameter",
                        "Properties": {"Type": "String", "Value": {"Fn::GetAtt": ["Child", "Outputs.RuleName"]}},
                    },
                }
            }
        },
    )
    (folder / "ParentChild.nested.template.json").write_text(
        json.dumps(
            {
                "Parameters": {"GroupId": {"Type": "String"}, "Port": {"Type": "Number"}},
                "Resources": {
                    "Rule": {
                        "Type": "AWS::EC2::SecurityGroupIngress",
                        "Properties": {
                            "GroupId": {"Ref": "GroupId"},
                            "IpProtocol": "tcp",
                            "FromPort": {"Ref": "Port"},
                            "ToPort": {"Ref": "Port"},
                            "CidrIp": "0.0.0.0/0",
                        },
                    }
                },
                "Outputs": {"RuleName": {"Value": {"Fn::Sub": "rule-${AWS::Region}"}}},
            }
        )
    )
    load = load_templates([str(folder)])
    assert load.errors == []
    rule = _one(load, "Rule")
    group = load.inventory.resolve(rule.prop("GroupId"))
    assert group is not None and group.id == "Group" and group.stack == "Parent"
    assert rule.prop("FromPort") == "22" and rule.stack == "Parent/Child" and rule.region == "eu-west-1"
    assert _one(load, "Uses").prop("Value") == "rule-eu-west-1"


def test_import_value_across_loose_files_and_unknown_exports(tmp_path: Path) -> None:
    (tmp_path / "producer.json").write_text(json.dumps({
        "Resources": {"Group": {"Type": "AWS::EC2::SecurityGroup", "Properties": {"GroupDescription": "g"}}},
        "Outputs": {"Out": {"Value": {"Ref": "Group"}, "Export": {"Name": {"Fn::Sub": "${AWS::StackName}-group"}}}},
    }))
    (tmp_path / "consumer.json").write_text(json.dumps({
        "Resources": {
            "Known": {"Type": "AWS::EC2::SecurityGroupIngress",
                      "Properties": {"GroupId": {"Fn::ImportValue": "producer-group"}, "IpProtocol": "-1", "CidrIp": "10.0.0.0/8"}},
            "Elsewhere": {"Type": "AWS::EC2::SecurityGroupIngress",
                          "Properties": {"GroupId": {"Fn::ImportValue": "other-stack-group"}, "IpProtocol": "-1", "CidrIp": "10.0.0.0/8"}},
            "Output": {"Type": "AWS::SSM::Parameter",
                       "Properties": {"Type": "String", "Value": {"Fn::GetStackOutput": {"StackName": "Missing", "OutputName": "X"}}}},
        }
    }))
    load = load_templates([str(tmp_path)])
    assert load.errors == []
    assert load.inventory.resolve(_one(load, "Known").prop("GroupId")).id == "Group"
    elsewhere = _one(load, "Elsewhere").prop("GroupId")
    assert isinstance(elsewhere, Unresolved) and "other-stack-group" in elsewhere.reason
    assert "Missing is not in the scanned templates" in _one(load, "Output").prop("Value").reason


def test_the_corpus_never_crashes_and_names_every_bad_file() -> None:
    import datetime as dt

    from tierguard.rules import TEMPLATES, RuleContext, catalogue
    from tierguard.scanner.config import Config
    from tierguard.scanner.facts import ScanFacts

    from .conftest import CORPUS

    files = sorted(p for p in CORPUS.rglob("*") if p.is_file() and p.suffix in {".json", ".yaml", ".yml", ".template"})
    assert len(files) > 200
    for path in files:
        load = load_templates([str(path)])
        for error in load.errors:
            assert error.where.split(":")[0].endswith(path.name), (path, error)
            assert "\n" not in error.message and error.message
        ctx = RuleContext(load.inventory, Config(), TEMPLATES, ScanFacts.at(dt.datetime.now(dt.timezone.utc)))
        for rule in catalogue(TEMPLATES):
            list(rule.evaluate(ctx))


def test_for_each_loops_are_expanded_or_reported(tmp_path: Path) -> None:
    path = tmp_path / "loop.yaml"
    path.write_text(
        "Transform: AWS::LanguageExtensions\n"
        "Parameters:\n"
        "  Names: {Type: CommaDelimitedList, Default: 'a,b'}\n"
        "  Unknown: {Type: CommaDelimitedList}\n"
        "Resources:\n"
        "  Fn::ForEach::Groups:\n"
        "    - Name\n"
        "    - !Ref Names\n"
        "    - Group${Name}:\n"
        "        Type: AWS::EC2::SecurityGroup\n"
        "        Properties:\n"
        "          GroupDescription: !Sub 'group ${Name}'\n"
        "          SecurityGroupIngress: [{IpProtocol: tcp, FromPort: 22, ToPort: 22, CidrIp: 0.0.0.0/0}]\n"
        "  Fn::ForEach::Hidden:\n"
        "    - Name\n"
        "    - !Ref Unknown\n"
        "    - Topic${Name}: {Type: AWS::SNS::Topic}\n"
    )
    load = load_templates([str(path)])
    assert sorted(r.id for r in load.inventory) == ["Groupa", "Groupb"]
    assert _one(load, "Groupb").prop("GroupDescription") == "group b"
    assert _one(load, "Groupa").line == 6
    [problem] = load.errors
    assert problem.kind == "incomplete" and "Fn::ForEach::Hidden" in problem.message and "Unknown has no default" in problem.message


def test_folder_scan_lists_what_it_skipped(tmp_path: Path) -> None:
    (tmp_path / "docker-compose.yml").write_text("services: {web: {image: nginx}}\n")
    (tmp_path / "app.yaml").write_text("Resources: {T: {Type: AWS::SNS::Topic}}\n")
    load = load_templates([str(tmp_path)])
    assert load.errors == []
    assert [r.id for r in load.inventory] == ["T"]
    assert [(f.rsplit("/", 1)[-1], why) for f, why in load.skipped] == [
        ("docker-compose.yml", "is not a CloudFormation template (no Resources section)")
    ]
