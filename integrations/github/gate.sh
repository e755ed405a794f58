#!/usr/bin/env bash
# The run step of action.yml: `tierguard templates` with the action's inputs (TG_* variables),
# the Markdown report appended to the job summary, and step outputs for the later steps.
# Always exits 0 itself, so that SARIF and reports are uploaded before the job is failed.
set -uo pipefail

output_dir="${TG_OUTPUT_DIR:-tierguard-report}"
read -r -a paths <<< "$(echo "${TG_PATHS:-cdk.out}" | tr '\n' ' ')"
read -r -a extra <<< "${TG_ARGS:-}"
args=(templates "${paths[@]}" --format json,md,sarif,html --output-dir "$output_dir" --fail-on "${TG_FAIL_ON:-medium}")
if [[ -n "${TG_BASELINE:-}" ]]; then
  if [[ -f "$TG_BASELINE" ]]; then
    args+=(--baseline "$TG_BASELINE")
    [[ -n "${TG_MAX_COST_INCREASE:-}" ]] && args+=(--max-cost-increase "$TG_MAX_COST_INCREASE")
  else
    # First run of a fresh repository: no baseline yet, so every finding counts (nothing is accepted).
    echo "::notice title=tierguard::no baseline at $TG_BASELINE yet: every finding counts. Create one with: tierguard templates ${paths[*]} --write-baseline $TG_BASELINE"
  fi
elif [[ -n "${TG_MAX_COST_INCREASE:-}" ]]; then
  echo "::notice title=tierguard::max-cost-increase needs a baseline to compare with; ignored"
fi
[[ -n "${TG_CONFIG:-}" ]] && args+=(--config "$TG_CONFIG")

# Only this run's report may be published: a report left in the folder by an earlier run would
# show stale numbers as today's if this run wrote none.
for name in tierguard.json tierguard.md tierguard.sarif tierguard.html tierguard.junit.xml; do
  rm -f -- "$output_dir/$name"
done

tierguard "${args[@]}" "${extra[@]}"
code=$?

report="$output_dir/tierguard.json"
{
  echo "exit-code=$code"
  echo "report-dir=$output_dir"
  if [[ -f "$output_dir/tierguard.sarif" ]]; then echo "sarif=$output_dir/tierguard.sarif"; else echo "sarif="; fi
  if [[ -f "$report" ]]; then
    python3 - "$report" <<'PY'
import json, sys
summary = json.load(open(sys.argv[1], encoding="utf-8"))["summary"]
print(f"failing={summary['failing']}")
print(f"monthly-usd={summary['estimated_monthly_usd'] if summary['estimated_monthly_usd'] is not None else ''}")
PY
  else
    echo "failing="
    echo "monthly-usd="
  fi
} >> "${GITHUB_OUTPUT:-/dev/null}"

if [[ -n "${GITHUB_STEP_SUMMARY:-}" ]]; then
  if [[ -f "$output_dir/tierguard.md" ]]; then
    cat "$output_dir/tierguard.md" >> "$GITHUB_STEP_SUMMARY"
  else
    echo "tierguard wrote no report (exit code $code); see the step's log." >> "$GITHUB_STEP_SUMMARY"
  fi
fi
exit 0
