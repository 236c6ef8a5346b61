#!/usr/bin/env bash
# heimdal-sync end-to-end benchmark: N customers (default 100000) from a fake Heimdal on loopback, pages of
# 1,000, into a fresh portal (real auth-service + portal-service + PostgreSQL); the job runs in a child JVM with
# a small heap (default -Xmx64m). Usage: heimdal-sync/bench/run.sh [customers] [Xmx]
set -euo pipefail
cd "$(dirname "$0")/.."
root=..
if [[ "${SKIP_BUILD:-}" != "1" ]]; then
  mvn -q -B -f "$root/pom.xml" install -pl shared-lib,auth-service,portal-service -DskipTests
  mvn -q -B -f "$root/pom.xml" package -pl heimdal-sync -DskipTests
fi
mvn -q -B dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench-classpath.txt >/dev/null
# the parent runs the services and the fake Heimdal; the job's JVM gets only the shaded jar and the probe
exec java -Xmx1g -DLOG_LEVEL=WARN -Dbench.jobClasspath="target/heimdal-sync.jar:target/test-classes" \
  -cp "target/test-classes:target/classes:$(cat target/bench-classpath.txt)" \
  dev.portalsuite.sync.bench.SyncBenchmark "${1:-100000}" "${2:-64m}"
