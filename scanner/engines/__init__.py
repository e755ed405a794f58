"""Third-party engines (checkov, cfn-lint) run beside tierguard's rules, in worker processes."""
