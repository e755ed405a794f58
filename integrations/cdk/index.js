'use strict';
// tierguard as a CDK policy-validation plugin: `cdk synth` runs `tierguard templates` on the
// synthesized templates and fails on tierguard's failing findings. Plain CommonJS, no build step.
// It fits both `Validations.of(app).addPlugins(...)` (aws-cdk-lib 2.2xx) and the older
// `new App({ policyValidationBeta1: [...] })`.
const { spawnSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');

const PLUGIN_VERSION = '0.1.0';

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
          ? `${command} is not installed (pipx install tierguard, or set TIERGUARD to its path)`
          : `${command} did not finish: ${run.error.message}`;
        return failure([problem('tierguard could not run', why)]);
      }
      const reportPath = path.join(outputDir, 'tierguard.json');
      if (!fs.existsSync(reportPath)) {
        return failure([problem('tierguard could not scan', (run.stderr || '').trim() || `exit code ${run.status}`)]);
      }
      return toReport(JSON.parse(fs.readFileSync(reportPath, 'utf-8')), run.status, templates);
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
    // input errors (exit 2) fail the synth; an incomplete scan (a crashed engine) warns
    violations.push(problem('tierguard could not read everything', `${error.where}: ${error.message}`,
      error.kind === 'input' ? 'error' : 'warning'));
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

function problem(ruleName, description, severity = 'error') {
  return { ruleName, description, severity, violatingResources: [] };
}

function failure(violations) {
  return { success: false, violations, pluginVersion: PLUGIN_VERSION };
}

module.exports = { TierguardValidator, toReport };
