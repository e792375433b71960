#!/usr/bin/env bash
# Builds Pathwatch, generates a demo snapshot and runs the nightly job on it.
# Usage: scripts/demo.sh [PATHWAYS]   (default 5000 pathways ≈ 45,000 markers)
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/setup.sh

pathways=${1:-5000}
date=2025-06-30
jar=jobs/target/pathwatch.jar

mvn -B -q -DskipTests package
rm -rf demo
java -jar "$jar" generate --output "demo/snapshots/$date" --pathways "$pathways" --seed 42 --extraction-date "$date"
set +e
java -XX:+UseParallelGC -jar "$jar" run --snapshot "demo/snapshots/$date" --output demo/output
code=$?
set -e
echo
echo "exit code: $code"
place=$(ls -d demo/output/"$date"-*/cutoff="$date" 2>/dev/null | head -1)
echo "published run:   $place/$(cat "$place/CURRENT" 2>/dev/null)/   (tables/, reports/, manifest.json; CURRENT names it)"
echo "region reports:  $place/$(cat "$place/CURRENT" 2>/dev/null)/reports/regions/<region>/"
echo "run history:     java -jar $jar history --output demo/output"
exit $code
