#!/usr/bin/env bash
# Re-synthesize every variant of the seed app into synth_fixtures/out/<variant>/ (committed; the
# tests read them and need no node). Needs node >= 18 and npm; installs the pinned CDK locally.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
cd "$here/app"
npm ci --no-audit --no-fund --loglevel=error
npx tsc
variants=$(node -e "console.log(Object.keys(require('./dist/lib/variants').VARIANTS).join(' '))")
mkdir -p "$here/out"
for variant in $variants; do
  out="$here/out/$variant"
  rm -rf "$out"
  echo "synth $variant"
  npx cdk synth --quiet --context "variant=$variant" --output "$out" > /dev/null
done
echo "synthesized: $variants"

# `tierguard demo` ships the demo lab inside the package: the manifest and templates only.
demo_dir="$here/../scanner/demo/cdk.out"
rm -rf "$demo_dir"
mkdir -p "$demo_dir"
cp "$here/out/demo-lab/manifest.json" "$here/out/demo-lab/cdk.out" "$here/out/demo-lab/"*.template.json "$demo_dir/"
echo "bundled the demo lab into scanner/demo/cdk.out"
