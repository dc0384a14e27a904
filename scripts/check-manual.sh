#!/usr/bin/env bash
# Renders a man page the way `man` shows it and fails on any groff/mandoc warning.
set -euo pipefail
page="${1:-docs/pe-net.1}"
command -v man >/dev/null || { echo "check-manual: man is not installed: run scripts/setup.sh" >&2; exit 1; }
warnings=$(MANWIDTH=80 man --warnings -l "$page" 2>&1 >/dev/null)
if [ -n "$warnings" ]; then
  printf 'check-manual: %s renders with warnings:\n%s\n' "$page" "$warnings" >&2
  exit 1
fi
echo "check-manual: $page renders without warnings"
