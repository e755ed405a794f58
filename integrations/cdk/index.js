'use strict';
// tierguard as a CDK policy-validation plugin: `cdk synth` runs `tierguard templates` on the
// synthesized templates and fails on tierguard's failing findings. Plain CommonJS, no build step.
// It fits both `Validations.of(app).addPlugins(...)` (aws-cdk-lib 2.2xx) and the older
// `new App({ policyValidationBeta1: [...] })`.
const { spawnSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');

const PLUGIN_VERSION = '0.2.0';

class TierguardValidator {
  /**
   * @param {object} [props]
   * @param {string} [props.command]  the tierguard executable (default: TIERGUARD env var, else `tierguard` on PATH)
   * @param {string[]} [props.args]   extra arguments, e.g. ['--fail-on', 'high', '--config', 'tierguard.toml']
   * @param {boolean} [props.checkov] run checkov and cfn-lint beside tierguard's rules (default true)
   * @param {number} [props.timeoutSeconds] (default 600)
   */
  constructor(props = {}) {
    this.name = 'tierguard';
    this.version = PLUGIN_VERSION;
    this.props = props;
  }

  validate(context) {
    const templates = (context.templatePaths || []).filter((p) => p.endsWith('.json'));
    const outputDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tierguard-cdk-'));
    try {
      const args = ['templates', ...templates, '--output-dir', outputDir, '--quiet', '--format', 'json',
        ...(this.props.checkov === false ? ['--no-checkov', '--no-cfn-lint'] : []), ...(this.props.args || [])];
      const command = this.props.command || process.env.TIERGUARD || 'tierguard';
      const run = spawnSync(command, args, { encoding: 'utf-8', timeout: (this.props.timeoutSeconds || 600) * 1000 });
      if (run.error) {
        const why = run.error.code === 'ENOENT'
          ? `${command} is not installed or not on PATH (pipx install tierguard, or set TIERGUARD to its path)`
          : `${command} did not finish: ${run.error.message}`;
        return failure(`tierguard could not run: ${why}`, templates);
      }
      const reportPath = path.join(outputDir, 'tierguard.json');
      if (!fs.existsSync(reportPath)) {
        const said = (run.stderr || '').trim().split('\n').filter(Boolean).pop();
        return failure(`tierguard could not scan (exit code ${run.status}): ${said || 'it wrote no report'}`, templates);
      }
      let report;
      try {
        report = JSON.parse(fs.readFileSync(reportPath, 'utf-8'));
      } catch (e) {
        return failure(`tierguard wrote a report that is not JSON (${e.message})`, templates);
      }
      return toReport(report, run.status, templates);
    } finally {
      fs.rmSync(outputDir, { recursive: true, force: true });
    }
  }
}

/** tierguard's JSON report (schema tierguard/report@1) as a CDK policy-validation report: one
 * violation per finding, so that CDK prints each finding's own message. Failing findings are CDK
 * errors (they fail the synth, unless acknowledged); those below the fail-on threshold are warnings. */
function toReport(report, exitCode, templates) {
  const violations = [];
  for (const finding of report.findings || []) {
    if (finding.status !== 'fail' && finding.status !== 'below-threshold') continue;
    const resource = finding.resource || {};
    violations.push({
      ruleName: finding.rule_id,
      description: `${finding.title} [${finding.severity}]: ${finding.message}`,
      fix: finding.remediation,
      severity: finding.status === 'fail' ? 'error' : 'warning',
      ruleMetadata: {
        category: finding.category,
        severity: finding.severity,
        ids: [finding.rule_id, ...(finding.related_ids || [])].join(', '),
        ...(finding.link ? { link: finding.link } : {}),
      },
      violatingResources: [{
        resourceLogicalId: resource.logical_id || (resource.stack ? `(stack ${resource.stack})` : '(all stacks)'),
        ...(resource.cdk_path ? { constructPath: resource.cdk_path } : {}),
        templatePath: templatePathOf(resource, templates),
        locations: [], // CDK reads these as property paths, which tierguard's findings do not carry
      }],
    });
  }
  for (const error of (report.scan && report.scan.errors) || []) {
    // input errors (exit 2) fail the synth; an incomplete scan (a crashed engine) warns. CDK prints a
    // violation only with a resource to show, so each names the template it concerns (or all of them).
    const where = templates.find((t) => String(error.where).startsWith(path.basename(t)) ||
      path.resolve(String(error.where).split(':')[0]) === path.resolve(t));
    violations.push({
      ruleName: error.kind === 'input' ? 'tierguard-input-error' : 'tierguard-incomplete-scan',
      description: `tierguard could not read everything: ${error.where}: ${error.message}`,
      severity: error.kind === 'input' ? 'error' : 'warning',
      violatingResources: (where ? [where] : templates.slice(0, 1)).map((t) => ({
        resourceLogicalId: '(template)', templatePath: t, locations: [],
      })),
    });
  }
  const summary = report.summary || {};
  return {
    success: violations.every((v) => v.severity !== 'error'),
    violations,
    pluginVersion: (report.tool && report.tool.version) || PLUGIN_VERSION,
    metadata: {
      failing: String(summary.failing ?? ''),
      estimatedMonthlyUsd: String(summary.estimated_monthly_usd ?? ''),
      budgetUsd: String(summary.budget_usd ?? ''),
      exitCode: String(exitCode),
    },
  };
}

function templatePathOf(resource, templates) {
  if (resource.file) {
    const absolute = path.resolve(resource.file);
    return templates.find((t) => path.resolve(t) === absolute) || absolute;
  }
  const byStack = templates.find((t) => resource.stack && path.basename(t).startsWith(`${resource.stack}.`));
  return byStack || templates[0] || '';
}

/** The plugin itself failed. CDK prints a violation only through a resource it names (one without
 * any is written to cdk.out/validation-report.json and shown nowhere), and the CDK CLI turns a failed
 * report without violations into a success; so the failure is a violation on the first template. */
function failure(error, templates) {
  return {
    success: false,
    violations: [{
      ruleName: 'tierguard-failed',
      description: error,
      fix: 'Install tierguard (pipx install tierguard) or point the TIERGUARD variable or the command option at it.',
      severity: 'error',
      violatingResources: templates.slice(0, 1).map((t) => ({ resourceLogicalId: '(tierguard)', templatePath: t, locations: [] })),
    }],
    pluginVersion: PLUGIN_VERSION,
    metadata: { error },
  };
}

module.exports = { TierguardValidator, toReport };
