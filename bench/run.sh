#!/usr/bin/env bash
# Builds Promenade and runs its benchmark (bench/bench.py) against the GitHub sandbox with added
# latency; prints the figures the README quotes.
#
#   bench/run.sh [--repositories 54] [--latency-ms 100] [--seconds 30] [--no-build]
#
# Needs Java 17, python3 and wrk (apt-get install -y wrk); ports 18080, 18081 (pages) and 19080, 19081 (health) free.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install -y wrk" >&2; exit 2; }
if [ "${1:-}" = "--no-build" ]; then
  shift
else
  ./mvnw -B -q package -DskipTests
fi
exec python3 bench/bench.py "$@"
