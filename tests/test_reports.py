"""HTML, Markdown, SARIF and JUnit reports: valid, readable, and safe against injected markup.

The HTML is opened in a real headless Chromium (Debian's chromium and chromium-driver; .ci/run
installs them) through Selenium; screenshots and a printed PDF are kept in test-artifacts/.
"""
from __future__ import annotations

import base64
import json
import shutil
import xml.etree.ElementTree as ET
from decimal import Decimal
from pathlib import Path

import jsonschema
import pytest

from tierguard.reports import FORMATS
from tierguard.reports.markdown_report import LIMIT, render_markdown
from tierguard.reports.sarif_report import build_sarif
from tierguard.scanner.config import Config
from tierguard.scanner.gate import OWN_RULES_ONLY, scan_templates

from .conftest import REPO, TEMPLATES, require_tool, run_tierguard, variant

SARIF_SCHEMA = Path(__file__).parent / "schemas" / "sarif-schema-2.1.0.json"
ARTIFACTS = REPO / "test-artifacts"
ALL_FORMATS = ",".join(FORMATS)


def _sarif_validator() -> jsonschema.Draft4Validator:
    schema = json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))
    return jsonschema.Draft4Validator(schema, format_checker=jsonschema.FormatChecker())


@pytest.fixture(scope="module")
def template_reports(tmp_path_factory) -> Path:
    """All five formats for a template scan of the demo lab plus the injection template."""
    folder = tmp_path_factory.mktemp("template-reports")
    run = run_tierguard("templates", str(variant("demo-lab")), str(TEMPLATES / "xss.yaml"), "--format", ALL_FORMATS,
                        "--output-dir", "out", cwd=folder)
    assert run.code == 1, run.output
    return folder / "out"


@pytest.fixture(scope="module")
def browser():
    pytest.importorskip("selenium")
    require_tool("chromium", "chromedriver")  # Debian's chromium and chromium-driver; .ci/run installs them
    from selenium import webdriver
    from selenium.webdriver.chrome.options import Options
    from selenium.webdriver.chrome.service import Service

    chromium, driver_path = shutil.which("chromium"), shutil.which("chromedriver")
    options = Options()
    options.binary_location = chromium
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                     "--disable-background-networking", "--disable-component-update", "--disable-sync",
                     "--disable-dev-shm-usage", "--window-size=1200,1600"):
        options.add_argument(argument)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(driver_path), options=options)
    yield driver
    driver.quit()


def _open(browser, path: Path):
    browser.get(path.resolve().as_uri())
    return browser


def test_every_registered_format_is_written(template_reports: Path) -> None:
    names = sorted(p.name for p in template_reports.iterdir())
    assert names == sorted(f.file_name for f in FORMATS.values())
    assert len(FORMATS) == 5


def test_html_loads_without_console_errors_and_shows_the_summary(template_reports: Path, browser) -> None:
    from selenium.webdriver.common.by import By

    report = json.loads((template_reports / "tierguard.json").read_text())
    page = _open(browser, template_reports / "tierguard.html")
    severe = [entry for entry in page.get_log("browser") if entry["level"] == "SEVERE"]
    assert severe == []
    assert page.find_element(By.CSS_SELECTOR, "[data-testid=status]").text == "FAIL"
    for severity, count in report["summary"]["by_severity"].items():
        assert page.find_element(By.CSS_SELECTOR, f"[data-testid=count-{severity}] .n").text == str(count)
    assert page.find_element(By.CSS_SELECTOR, "[data-testid=monthly]").text == f"{report['summary']['estimated_monthly_usd']:.2f}"
    assert "days" in page.find_element(By.CSS_SELECTOR, "[data-testid=days]").text
    assert page.find_elements(By.CSS_SELECTOR, "[data-testid=chart] .fill")
    # failing findings come by severity, critical first (issue 11.6)
    shown = [e.get_attribute("class").split()[1] for e in page.find_elements(By.CSS_SELECTOR, "main > article.finding")]
    assert shown == sorted(shown, key=["critical", "high", "medium", "low", "info"].index) and shown[0] == "critical"
    failing = [f for f in report["findings"] if f["status"] == "fail"]
    assert len(page.find_elements(By.CSS_SELECTOR, "main > article.finding")) == len(failing)
    ARTIFACTS.mkdir(exist_ok=True)
    page.set_window_size(1200, 1600)
    page.save_screenshot(str(ARTIFACTS / "report-desktop.png"))


def test_injected_markup_renders_as_text_and_never_runs(template_reports: Path, browser) -> None:
    from selenium.webdriver.common.by import By

    page = _open(browser, template_reports / "tierguard.html")
    assert page.execute_script("return window.__pwned === undefined")
    for details in page.find_elements(By.TAG_NAME, "details"):
        page.execute_script("arguments[0].open = true", details)
    text = page.find_element(By.TAG_NAME, "body").text
    assert "<script>window.__pwned='policy'</script>" in text  # shown literally, as text
    assert "onerror=\"window.__pwned='reason'\"" in text
    assert page.execute_script("return window.__pwned === undefined")
    html = (template_reports / "tierguard.html").read_text()
    assert "<script>window.__pwned" not in html and "<img src=x" not in html
    assert html.count("<script>") == 1  # the page's own print helper, allowed by its CSP hash


def test_html_is_self_contained_and_fits_a_phone(template_reports: Path, browser) -> None:
    html = (template_reports / "tierguard.html").read_text()
    for external in ('src="http', "href=\"http://", "<link ", "@import", "url(http"):
        assert external not in html
    page = _open(browser, template_reports / "tierguard.html")
    page.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {"width": 390, "height": 844, "deviceScaleFactor": 2, "mobile": True})
    try:
        page.refresh()
        assert page.execute_script("return window.innerWidth") == 390
        overflowing = page.execute_script(
            "var w = document.documentElement.clientWidth, out = [];"
            "document.querySelectorAll('body *').forEach(function (e) {"
            "  if (e.getBoundingClientRect().right > w + 1) out.push(e.tagName); });"
            "return out;")
        # the cost chart stays readable on a phone: its labels and amounts are text of at least 12 px
        sizes = page.execute_script(
            "return Array.from(document.querySelectorAll('[data-testid=chart] .label, [data-testid=chart] .usd'))"
            ".map(function (e) { return parseFloat(getComputedStyle(e).fontSize); });")
        assert sizes and min(sizes) >= 12, sizes
        assert overflowing == [] and page.execute_script(
            "return document.documentElement.scrollWidth <= document.documentElement.clientWidth")
        ARTIFACTS.mkdir(exist_ok=True)
        page.save_screenshot(str(ARTIFACTS / "report-phone.png"))
    finally:
        page.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
    pdf = page.execute_cdp_cmd("Page.printToPDF", {"printBackground": True})
    (ARTIFACTS / "report-print.pdf").write_bytes(base64.b64decode(pdf["data"]))
    assert (ARTIFACTS / "report-print.pdf").stat().st_size > 10_000


def test_sarif_is_valid_and_points_at_lines(template_reports: Path) -> None:
    sarif = json.loads((template_reports / "tierguard.sarif").read_text())
    errors = sorted(_sarif_validator().iter_errors(sarif), key=str)
    assert errors == [], errors[0].message if errors else ""
    run = sarif["runs"][0]
    rule_ids = [r["id"] for r in run["tool"]["driver"]["rules"]]
    assert len(rule_ids) == len(set(rule_ids))
    assert {"TG-SG-001", "TG-NAT-001", "CKV_AWS_91"} <= set(rule_ids)
    results = {(r["ruleId"], r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"].rsplit("/", 1)[-1],
                r["locations"][0]["physicalLocation"]["region"]["startLine"]) for r in run["results"]
               if r["locations"][0].get("physicalLocation", {}).get("region")}
    assert ("TG-NAT-001", "NetworkStack.template.json", 113) in results
    assert all(r["ruleIndex"] == rule_ids.index(r["ruleId"]) for r in run["results"])
    suppressed = [r for r in run["results"] if r.get("suppressions")]
    assert suppressed and suppressed[0]["suppressions"][0]["kind"] == "inSource"


def test_sarif_for_live_findings_uses_the_arn_as_logical_location(aws) -> None:
    from tierguard.scanner.audit import AccountScanOptions, scan_account
    from tierguard.scanner.demo.lab import build_compliant_lab, plant_mistakes
    from tierguard.scanner.sources.account import AccountOptions

    from .conftest import MOTO_GAPS

    lab = build_compliant_lab(aws)
    arns = plant_mistakes(aws, lab)
    result = scan_account(AccountScanOptions(AccountOptions(skip=MOTO_GAPS), use_checkov=False), Config())
    sarif = build_sarif(result)
    assert list(_sarif_validator().iter_errors(sarif)) == []
    logical = {loc["fullyQualifiedName"] for r in sarif["runs"][0]["results"] for loc in r["locations"][0]["logicalLocations"]}
    assert arns["nat"] in logical and arns["admin_role"] in logical
    assert not any("physicalLocation" in r["locations"][0] for r in sarif["runs"][0]["results"])


def test_junit_parses_and_counts_failures(template_reports: Path) -> None:
    tree = ET.parse(template_reports / "tierguard.junit.xml")
    suite = tree.getroot().find("testsuite")
    cases = suite.findall("testcase")
    report = json.loads((template_reports / "tierguard.json").read_text())
    failing = [f for f in report["findings"] if f["status"] == "fail"]
    assert int(suite.get("failures")) == len(failing) == len([c for c in cases if c.find("failure") is not None])
    assert int(suite.get("tests")) == len(cases)
    assert int(suite.get("skipped")) == len([f for f in report["findings"] if f["status"] in ("suppressed", "baseline")])
    nat = [c for c in cases if c.get("name").startswith("TG-NAT-001 ")]
    assert nat and nat[0].get("classname") == "tierguard.nat-gateway"
    passing_rules = [c for c in cases if c.get("name").startswith("TG-LB-001 ")]
    assert passing_rules and passing_rules[0].find("failure") is None  # a rule that found nothing is a passing case


def test_markdown_has_a_status_line_a_table_and_details(template_reports: Path) -> None:
    text = (template_reports / "tierguard.md").read_text()
    assert text.startswith("## ❌ tierguard templates scan: FAIL")
    assert "**Estimated cost:**" in text and "| Severity | Category | Resource | Finding | Ids |" in text
    assert "<details><summary>Where and how to fix" in text
    assert "<script>" not in text and "&lt;script&gt;" in text  # markup is escaped in the comment too


def test_markdown_stays_under_the_comment_limit_on_a_large_scan(tmp_path: Path) -> None:
    resources = {
        f"Group{i}": {"Type": "AWS::EC2::SecurityGroup", "Properties": {
            "GroupDescription": "g", "SecurityGroupIngress": [{"IpProtocol": "tcp", "FromPort": 1000 + i, "ToPort": 1000 + i,
                                                               "CidrIp": "0.0.0.0/0"}]}}
        for i in range(1500)
    }
    template = tmp_path / "big.json"
    template.write_text(json.dumps({"Resources": resources}))
    result = scan_templates([str(template)], Config(runtime_hours=Decimal(72)), OWN_RULES_ONLY)
    text = render_markdown(result)
    assert len(text) <= LIMIT
    assert "more** failing finding(s)" in text
    table = text.split("| Severity | Category | Resource | Finding | Ids |")[1].split("\n\n")[0]
    shown = sum(1 for line in table.splitlines() if line.startswith("| ") and not line.startswith("|---"))
    hidden = int(text.split("… and **")[1].split(" more")[0])
    assert shown + hidden == len([f for f in result.findings if f.status.value == "fail"])


def test_live_scan_writes_all_formats(aws, workdir: Path) -> None:
    from tierguard.scanner.demo.lab import build_compliant_lab, plant_mistakes

    from .conftest import MOTO_GAPS

    lab = build_compliant_lab(aws)
    plant_mistakes(aws, lab)
    aws.client("ec2").create_tags(Resources=[lab.ids["ecs_sg"]], Tags=[{"Key": "Name", "Value": "<img src=x onerror=\"window.__pwned='live'\">"}])
    run = run_tierguard("account", "--no-checkov", "--format", ALL_FORMATS, *[a for g in MOTO_GAPS for a in ("--skip", g)], cwd=workdir)
    assert run.code == 1
    out = workdir / "tierguard-report"
    assert sorted(p.name for p in out.iterdir()) == ["tierguard.html", "tierguard.json", "tierguard.junit.xml", "tierguard.md",
                                                     "tierguard.sarif"]
    html = (out / "tierguard.html").read_text()
    assert "&lt;img src=x onerror=" in html and "<img src=x" not in html
    assert list(_sarif_validator().iter_errors(json.loads((out / "tierguard.sarif").read_text()))) == []
    ET.parse(out / "tierguard.junit.xml")
