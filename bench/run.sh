#!/usr/bin/env bash
# Builds Promenade (and a GitHub stand-in: a package with the sandbox in it) and runs its benchmark (bench/bench.py) against the GitHub sandbox with added
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
  # The GitHub stand-in: a package with the sandbox built in (the production package has none).
  ./mvnw -B -q package -DskipTests -Dpromenade.sandbox.included=true -Dquarkus.package.jar.filter-optional-dependencies=false
  rm -rf target/stand-in && mv target/quarkus-app target/stand-in
  # Promenade as it ships.
  ./mvnw -B -q package -DskipTests
fi
exec python3 bench/bench.py "$@"
