#!/bin/sh
# Ingest benchmark of portal-service: 100,000 records in batches of 1,000 through the HTTP API into a fresh
# database, then the same again (all unchanged), then the latency of a scoped org-list page.
#   portal-service/bench/ingest-benchmark.sh [--records N]
# Uses TEST_DATABASE_URL (+ TEST_DATABASE_USER/PASSWORD) when set, else an embedded PostgreSQL 17.
set -eu
cd "$(dirname "$0")/../.."
# packaged in the reactor, nothing installed into ~/.m2 (an installed snapshot would shadow later builds)
mvn ${MVN_ARGS:-} -q -B -pl portal-service -am -DskipTests package dependency:build-classpath -Dmdep.includeScope=test \
    -Dmdep.outputFile=target/bench-classpath.txt
LOG_LEVEL="${LOG_LEVEL:-WARN}" exec java -Xmx1g \
    -cp "portal-service/target/test-classes:portal-service/target/classes:$(cat portal-service/target/bench-classpath.txt)" \
    dev.portalsuite.portal.bench.IngestBenchmark "$@"
