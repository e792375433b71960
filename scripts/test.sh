#!/usr/bin/env bash
# Runs every test: unit and fixture tests (Surefire), then the end-to-end tests against the built jar
# (Failsafe, *IT classes), on a fresh machine.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/setup.sh
mvn -B verify "$@"
