#!/bin/sh
# Console overhead benchmark (a script, not a timed test): the dashboard and organisation-list pages next to the
# API calls they make, measured with wrk in one run on this machine. Needs wrk (apt-get install wrk).
#   web-console/bench/console-benchmark.sh [--seconds N]
# Uses TEST_DATABASE_URL (+ TEST_DATABASE_USER/PASSWORD) when set, else an embedded PostgreSQL 17.
set -eu
cd "$(dirname "$0")/../.."
command -v wrk >/dev/null 2>&1 || { echo "wrk is not installed (sudo apt-get install wrk)" >&2; exit 1; }
mvn -q -B -pl web-console -am package -DskipTests dependency:build-classpath -Dmdep.includeScope=test \
    -Dmdep.outputFile="$PWD/web-console/target/bench-classpath.txt"
LOG_LEVEL="${LOG_LEVEL:-WARN}" exec java -Xmx1g \
    -cp "web-console/target/test-classes:web-console/target/classes:$(cat web-console/target/bench-classpath.txt)" \
    dev.portalsuite.console.bench.ConsoleBenchmark "$@"
