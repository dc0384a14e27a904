#!/usr/bin/env bash
# Runs the built tests as a normal user, as a developer without root would: the tests that need
# root (network namespaces, netfilter) are reported as skipped and everything else must pass.
# Run as root after `swift build --build-tests`; arguments go to `swift test` (e.g. --filter X).
# The user (PENET_TEST_USER, default penet-test) is created when missing; it gets a copy of the
# build directory, since `swift test` writes to it, and reads the source tree in place.
set -euo pipefail
cd "$(dirname "$0")/.."
user="${PENET_TEST_USER:-penet-test}"
[ "$(id -u)" -eq 0 ] || { echo "test-unprivileged: run as root (it switches to $user)" >&2; exit 1; }
[ -d .build/debug ] || { echo "test-unprivileged: build first: swift build --build-tests" >&2; exit 1; }
id -u "$user" >/dev/null 2>&1 || useradd --create-home --shell /bin/bash "$user"
scratch=$(mktemp -d /tmp/pe-net-unprivileged.XXXXXX)
trap 'rm -rf "$scratch"' EXIT
tar -C .build --exclude=./plugins -cf - . | tar -C "$scratch" -xf -
chown -R "$user:" "$scratch"
runuser -u "$user" -- env -i HOME="$(getent passwd "$user" | cut -d: -f6)" PATH="/usr/local/bin:/usr/bin:/bin:$(dirname "$(command -v swift)")" \
  swift test --skip-build --package-path "$PWD" --scratch-path "$scratch" "$@"
