"""JUnit XML for CI systems that show test results: one test case per rule × resource found,
a failure for each failing finding, skipped for suppressed and baseline ones; one passing test
case per rule that found nothing; scan errors as errors."""
from __future__ import annotations

import io
import re
import xml.etree.ElementTree as ET

from ..rules import REGISTRY
from ..scanner.model import Status
from ..scanner.result import ScanResult
from .json_report import sorted_findings


def build_junit(result: ScanResult) -> ET.Element:
    findings = sorted_findings(result)
    suites = ET.Element("testsuites", name=f"tierguard {result.mode}", time=f"{result.duration_s:.3f}")
    suite = ET.SubElement(suites, "testsuite", name=f"tierguard.{result.mode}",
                          timestamp=result.started.strftime("%Y-%m-%dT%H:%M:%S"), time=f"{result.duration_s:.3f}")
    counts = {"tests": 0, "failures": 0, "errors": 0, "skipped": 0}
    for finding in findings:
        case = ET.SubElement(suite, "testcase", classname=f"tierguard.{finding.category.value}",
                             name=f"{finding.rule_id} {finding.subject.label}", time="0")
        counts["tests"] += 1
        location = finding.subject.location
        detail = (f"{finding.message}\nResource: {finding.subject.label}\nLocation: {location}\nFix: {finding.remediation}"
                  f"\nIds: {', '.join(finding.ids)}")
        if finding.status is Status.FAIL:
            failure = ET.SubElement(case, "failure", message=finding.message, type=finding.severity.value)
            failure.text = detail
            counts["failures"] += 1
        elif finding.status in (Status.SUPPRESSED, Status.BASELINE):
            reason = (finding.suppression or {}).get("reason") if finding.status is Status.SUPPRESSED else "known in the baseline"
            ET.SubElement(case, "skipped", message=f"{finding.status.value}: {reason}")
            counts["skipped"] += 1
        else:
            threshold = f"below the {result.config.fail_on.value} threshold ({finding.severity.value})"
            ET.SubElement(case, "system-out").text = f"{threshold}: {detail}"
    reported = {f.rule_id for f in findings}
    for rule in REGISTRY:
        if result.mode in rule.modes and rule.id not in reported:
            ET.SubElement(suite, "testcase", classname=f"tierguard.{rule.category.value}", name=f"{rule.id} {rule.title}", time="0")
            counts["tests"] += 1
    for error in result.errors:
        case = ET.SubElement(suite, "testcase", classname="tierguard.scan", name=f"scan {error.where}", time="0")
        ET.SubElement(case, "error", message=error.message, type=error.kind).text = f"{error.where}: {error.message}"
        counts["tests"] += 1
        counts["errors"] += 1
    if result.warnings:
        ET.SubElement(suite, "system-err").text = "\n".join(f"warning: {w}" for w in result.warnings)
    for key, value in counts.items():
        suite.set(key, str(value))
        suites.set(key, str(value))
    return suites


# Characters XML 1.0 cannot hold at all, escaped or not: a control character in a logical id or file name
# would make the whole report unreadable to the CI system.
_NOT_XML = re.compile("[^\x09\x0a\x0d\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _xml_safe(tree: ET.Element) -> ET.Element:
    for element in tree.iter():
        element.attrib.update({key: _NOT_XML.sub("?", value) for key, value in element.attrib.items()})
        if element.text:
            element.text = _NOT_XML.sub("?", element.text)
    return tree


def render(result: ScanResult) -> bytes:
    tree = ET.ElementTree(_xml_safe(build_junit(result)))
    ET.indent(tree)
    buffer = io.BytesIO()
    tree.write(buffer, encoding="utf-8", xml_declaration=True)
    return buffer.getvalue()
