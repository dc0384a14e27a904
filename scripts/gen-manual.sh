#!/usr/bin/env bash
# Regenerates docs/pe-net.1 from pe-net's command tree with swift-argument-parser's
# generate-manual plugin, then checks that man renders it without warnings. Run it after adding or
# changing a command or an option (ManualPageTests fails until the page is regenerated).
set -euo pipefail
cd "$(dirname "$0")/.."
# The page's date is pinned so that regenerating an unchanged command tree gives the same file;
# move it forward when the commands change.
date="${PENET_MANUAL_DATE:-2026-11-30}"
swift package plugin generate-manual --configuration debug --date "$date" \
  --authors "pe-net contributors"
page=$(find .build/plugins/GenerateManual -path '*/pe-net/pe-net.1' -print -quit)
[ -n "$page" ] || { echo "gen-manual: the plugin wrote no pe-net.1" >&2; exit 1; }
mkdir -p docs
cp "$page" docs/pe-net.1
bash scripts/check-manual.sh docs/pe-net.1
echo "gen-manual: wrote docs/pe-net.1"
