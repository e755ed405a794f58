import type { IPolicyValidationContextBeta1, IPolicyValidationPluginBeta1, PolicyValidationPluginReportBeta1 } from 'aws-cdk-lib';

// Structurally also an IPolicyValidationPlugin, for Validations.of(app).addPlugins() in newer aws-cdk-lib.

export interface TierguardValidatorProps {
  /** The tierguard executable. Default: the TIERGUARD environment variable, else `tierguard` on PATH. */
  readonly command?: string;
  /** Extra arguments for `tierguard templates`, e.g. ['--fail-on', 'high', '--config', 'tierguard.toml']. */
  readonly args?: string[];
  /** Run checkov and cfn-lint beside tierguard's rules. Default: true. */
  readonly checkov?: boolean;
  /** Default: 600. */
  readonly timeoutSeconds?: number;
}

/** Fails `cdk synth` when tierguard finds failing problems in the synthesized templates. */
export declare class TierguardValidator implements IPolicyValidationPluginBeta1 {
  readonly name: string;
  readonly version: string;
  constructor(props?: TierguardValidatorProps);
  validate(context: IPolicyValidationContextBeta1): PolicyValidationPluginReportBeta1;
}

export declare function toReport(report: unknown, exitCode: number | null, templates: string[]): PolicyValidationPluginReportBeta1;
