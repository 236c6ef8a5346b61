#!/usr/bin/env bash
# The suite's hot paths in one run (issue 14): builds once, starts portal-suite.jar on a fresh durable database
# (fsync and synchronous_commit on) and prints every row of docs/benchmarks.md's table with its ratio.
#   bench/run.sh                 WARMUP=60 DURATION=20 SLICES=4 CONNECTIONS=32 RECORDS=100000 (environment, all optional)
#   SKIP_BUILD=1 bench/run.sh    reuse the last build
# HTTP load: wrk (installed from Debian packages when missing; refreshes with bench/refresh.lua). Logins and the raw bcrypt rate:
# deploy's SuiteBench (Java, the same bcrypt library and thread count as auth's gate). Ingest and org lists: the
# module benchmark portal-service's IngestBenchmark (its own test-fixture database, fsync off), run from this build.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
# a minute per path: at a few thousand requests a second the JIT is still compiling the path's code after 10 s (the
# read rows measured 0.45-0.50 of ready after a 10 s warm-up, 0.55-0.62 after a minute more on the same suite)
WARMUP=${WARMUP:-60}
BCRYPT_WARMUP=${BCRYPT_WARMUP:-10} # the raw bcrypt loop is one small method: compiled within seconds
DURATION=${DURATION:-20}
CONNECTIONS=${CONNECTIONS:-32}
WRK_THREADS=${WRK_THREADS:-2}
RECORDS=${RECORDS:-100000}
CORES=$(nproc)

if ! command -v wrk >/dev/null; then
    echo "wrk is missing: installing it (apt-get install wrk)"
    if [ "$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq wrk; else sudo apt-get update -qq && sudo apt-get install -y -qq wrk; fi
fi

if [ -z "${SKIP_BUILD:-}" ]; then
    echo "building (mvn -DskipTests package) ..."
    mvn ${MVN_ARGS:--o} -q -B -DskipTests package dependency:build-classpath \
        -Dmdep.includeScope=test -Dmdep.outputFile=target/bench-classpath.txt
fi
SUITE_JAR=$ROOT/deploy/target/portal-suite.jar
BENCH_CP=$ROOT/deploy/target/test-classes:$SUITE_JAR

WORK=$(mktemp -d "${TMPDIR:-/tmp}/portal-bench.XXXXXX")
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
AUTH_PORT=$(free_port); PORTAL_PORT=$(free_port); FRESHNESS_PORT=$(free_port)
AUTH=http://127.0.0.1:$AUTH_PORT
PORTAL=http://127.0.0.1:$PORTAL_PORT

echo "starting the suite (data in $WORK/data; log $WORK/suite.log) ..."
PORTAL_DATA_DIR=$WORK/data NGINX_BIN=off RATE_LIMIT_AUTH=0 \
    AUTH_PORT=$AUTH_PORT PORTAL_PORT=$PORTAL_PORT FRESHNESS_PORT=$FRESHNESS_PORT \
    java -jar "$SUITE_JAR" > "$WORK/suite.log" 2>&1 &
SUITE_PID=$!
cleanup() {
    kill "$SUITE_PID" 2>/dev/null && wait "$SUITE_PID" 2>/dev/null || true
    rm -rf "$WORK"
}
trap cleanup EXIT
for _ in $(seq 1 180); do
    if curl -fs "$AUTH/health/ready" >/dev/null 2>&1 && curl -fs "$PORTAL/health/ready" >/dev/null 2>&1; then break; fi
    kill -0 "$SUITE_PID" 2>/dev/null || { cat "$WORK/suite.log"; echo "the suite did not start"; exit 1; }
    sleep 1
done

json() { python3 -c "import json,sys; print(json.load(sys.stdin)$1)"; }
login_token() {
    curl -fs -X POST "$AUTH/api/auth/login" -H 'Content-Type: application/json' \
        -d "{\"email\":\"$1\",\"password\":\"$2\"}" | json "['accessToken']"
}
MSSP_TOKEN=$(login_token mssp@portal.dev 'Mssp@123!')
USER_TOKEN=$(login_token chris@portal.dev 'Chris@123!')
durable=$(ps -o args= -p "$(pgrep -o -f "postgres -D $WORK/data" || echo 1)" 2>/dev/null | grep -o -- '-c fsync=on\|-c synchronous_commit=on' | tr '\n' ' ')

# total CPU seconds (user + system) of a set of pids, from /proc
cpu_seconds() {
    local ticks=0 pid
    for pid in "$@"; do
        [ -r "/proc/$pid/stat" ] || continue
        ticks=$((ticks + $(awk '{print $14 + $15}' "/proc/$pid/stat")))
    done
    awk -v t="$ticks" -v hz="$(getconf CLK_TCK)" 'BEGIN { printf "%.2f", t / hz }'
}

# wrk_rps NAME URL [TOKEN]: warm-up, then the measured run; prints requests/s, keeps wrk's output
wrk_rps() {
    local name=$1 url=$2 token=${3:-} header=()
    [ -n "$token" ] && header=(-H "Authorization: Bearer $token")
    wrk -t"$WRK_THREADS" -c"$CONNECTIONS" -d"${WARMUP}s" "${header[@]}" "$url" > /dev/null
    wrk -t"$WRK_THREADS" -c"$CONNECTIONS" -d"${DURATION}s" --latency "${header[@]}" "$url" > "$WORK/$name.wrk"
    if grep -q "Non-2xx" "$WORK/$name.wrk"; then
        echo "  warning: $name had non-2xx answers: $(grep Non-2xx "$WORK/$name.wrk")" >&2
    fi
    awk '/Requests\/sec/ {print $2}' "$WORK/$name.wrk"
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "n/a" }'; }

echo "measuring (warm-up ${WARMUP}s, then ${DURATION}s each; wrk -t$WRK_THREADS -c$CONNECTIONS; $CORES cores; load average $(cut -d' ' -f1-3 /proc/loadavg)) ..."

# 1. framework floor, with the load generator's own CPU next to the server's
server_before=$(cpu_seconds "$SUITE_PID")
TIMEFORMAT='%U %S'
{ time LIVE=$(wrk_rps live "$PORTAL/health/live"); } 2> "$WORK/wrk-time"
server_after=$(cpu_seconds "$SUITE_PID")
wrk_cpu=$(tail -1 "$WORK/wrk-time" | awk '{printf "%.2f", $1 + $2}')
server_cpu=$(awk -v a="$server_after" -v b="$server_before" 'BEGIN { printf "%.2f", a - b }')

# the three read rows, interleaved: after a warm-up of each, SLICES rounds of ready -> unread -> me of DURATION/SLICES s
# each; a row's rps is its requests over its seconds. Measured one after the other, the ratios moved by +-20 % between
# runs on this machine (its speed drifts by minutes); interleaved, a drift weighs on the three rows alike.
bearer() { [ -n "${1:-}" ] && printf '%s\n' -H "Authorization: Bearer $1"; }
read_slice() { # NAME URL TOKEN SECONDS: one measured slice, its "requests seconds" appended to NAME.slices
    local name=$1 url=$2 header=()
    mapfile -t header < <(bearer "${3:-}")
    wrk -t"$WRK_THREADS" -c"$CONNECTIONS" -d"${4}s" --latency "${header[@]}" "$url" > "$WORK/$name.wrk"
    if grep -q "Non-2xx" "$WORK/$name.wrk"; then
        echo "  warning: $name had non-2xx answers: $(grep Non-2xx "$WORK/$name.wrk")" >&2
    fi
    awk '/requests in/ {sub(/s,$/, "", $4); print $1, $4}' "$WORK/$name.wrk" >> "$WORK/$name.slices"
}
slice_rate() { awk '{r += $1; s += $2} END { if (s > 0) printf "%.1f", r / s; else print 0 }' "$WORK/$1.slices"; }
slice_ratios() { paste "$WORK/$1.slices" "$WORK/ready.slices" | awk '{printf "%.2f ", ($1 / $2) / ($3 / $4)}'; }
SLICES=${SLICES:-4}
SLICE_SECONDS=$(awk -v d="$DURATION" -v n="$SLICES" 'BEGIN { s = int(d / n); print (s < 1 ? 1 : s) }')
for target in "$PORTAL/health/ready" "$PORTAL/api/portal/notifications/unread-count $MSSP_TOKEN" "$AUTH/api/auth/me $USER_TOKEN"; do
    read -r url token <<< "$target"
    mapfile -t header < <(bearer "${token:-}")
    wrk -t"$WRK_THREADS" -c"$CONNECTIONS" -d"${WARMUP}s" "${header[@]}" "$url" > /dev/null
done
for _ in $(seq 1 "$SLICES"); do
    read_slice ready "$PORTAL/health/ready" "" "$SLICE_SECONDS"
    read_slice unread "$PORTAL/api/portal/notifications/unread-count" "$MSSP_TOKEN" "$SLICE_SECONDS"
    read_slice me "$AUTH/api/auth/me" "$USER_TOKEN" "$SLICE_SECONDS"
done
READY=$(slice_rate ready)
UNREAD=$(slice_rate unread)
ME=$(slice_rate me)

# 2. bcrypt: raw verifies/s with as many threads as the gate has slots (BCRYPT_MAX_CONCURRENT = cores), measured
#    before and after the logins (the mean is the row's denominator: this machine's speed drifts by several per cent
#    between minutes), then logins under overload: 40 clients per slot (each with its own account) in a closed loop,
#    each waiting Retry-After after a 503 (8-12x what the gate serves); the offered rate is printed next to the raw
#    rate. The load generator shares the cores, so it runs lean (blocking keep-alive connections instead of the JDK's
#    HttpClient, C1 only, serial GC: 6 % of the machine at first, then 2.5-4.5 %, now about 1 %) and prints the share
#    of the cores it used.
LOADGEN_JAVA_OPTS=${LOADGEN_JAVA_OPTS--XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xmx256m} # set it empty for none
java -cp "$BENCH_CP" dev.portalsuite.deploy.bench.SuiteBench bcrypt "$CORES" 12 "$BCRYPT_WARMUP" "$DURATION" > "$WORK/bcrypt.out"
# shellcheck disable=SC2086 # the options are words
java $LOADGEN_JAVA_OPTS -cp "$BENCH_CP" dev.portalsuite.deploy.bench.SuiteBench logins "$AUTH" 'Bench-login-Pass-1' \
    $((40 * CORES)) "$WARMUP" "$DURATION" > "$WORK/logins.out"
java -cp "$BENCH_CP" dev.portalsuite.deploy.bench.SuiteBench bcrypt "$CORES" 12 "$BCRYPT_WARMUP" "$DURATION" > "$WORK/bcrypt-after.out"
# 3. refresh rotation, durable: 4 sessions per core, each a chain of refreshes (wrk with bench/refresh.lua, so the load
#    generator costs what it costs for the other rows); fresh sessions for the warm-up and for the measured run
refresh_tokens() {
    local i
    for i in $(seq 1 $((4 * CORES + 1))); do
        curl -fs -X POST "$AUTH/api/auth/login" -H 'Content-Type: application/json' \
            -d '{"email":"chris@portal.dev","password":"Chris@123!"}' | json "['refreshToken']"
    done
}
signed_in_tokens() {
    local tokens
    tokens=$(refresh_tokens)
    if [ "$(wc -w <<< "$tokens")" -ne $((4 * CORES + 1)) ]; then
        echo "could not sign in $((4 * CORES + 1)) sessions for the refresh row" >&2
        exit 1
    fi
    echo "$tokens"
}
TOKENS=$(signed_in_tokens)
wrk -t"$WRK_THREADS" -c$((4 * CORES)) -d"${WARMUP}s" -s bench/refresh.lua "$AUTH" -- "$WRK_THREADS" $TOKENS > /dev/null
TOKENS=$(signed_in_tokens)
wrk -t"$WRK_THREADS" -c$((4 * CORES)) -d"${DURATION}s" --latency -s bench/refresh.lua "$AUTH" -- "$WRK_THREADS" \
    $TOKENS > "$WORK/refresh.wrk"
if grep -q "Non-2xx" "$WORK/refresh.wrk"; then
    echo "  warning: refresh had non-2xx answers: $(grep Non-2xx "$WORK/refresh.wrk")" >&2
fi
val() { awk -F= -v k="$1" '$1 == k {print $2}' "$2"; }
BCRYPT_BEFORE=$(val bcrypt_verifies_per_s "$WORK/bcrypt.out")
BCRYPT_AFTER=$(val bcrypt_verifies_per_s "$WORK/bcrypt-after.out")
if [ -z "$BCRYPT_BEFORE" ] || [ -z "$BCRYPT_AFTER" ]; then
    echo "the raw bcrypt rate is missing (before: '$BCRYPT_BEFORE', after: '$BCRYPT_AFTER')" >&2
    exit 1
fi
BCRYPT=$(awk -v a="$BCRYPT_BEFORE" -v b="$BCRYPT_AFTER" 'BEGIN {printf "%.2f", (a + b) / 2}')
LOGINS=$(val logins_accepted_per_s "$WORK/logins.out")
REFRESH=$(awk -F= -v d="$DURATION" '$1 == "refreshes" {printf "%.2f", $2 / d}' "$WORK/refresh.wrk")

# 4. ingest and org lists: the module benchmark, from this build (its own embedded database)
(cd "$ROOT" && LOG_LEVEL=WARN java -Xmx1g \
    -cp "portal-service/target/test-classes:portal-service/target/classes:$(cat portal-service/target/bench-classpath.txt)" \
    dev.portalsuite.portal.bench.IngestBenchmark --records "$RECORDS") > "$WORK/ingest.out" 2>&1 || {
    tail -20 "$WORK/ingest.out"; echo "ingest benchmark failed" >&2; }
INGEST=$(val ingest_first_rows_per_s "$WORK/ingest.out")
KEYSET_LARGE=$(val keyset_p99_large_ms "$WORK/ingest.out")
KEYSET_SMALL=$(val keyset_p99_small_ms "$WORK/ingest.out")
OFFSET_DEEP=$(grep -o 'offset=50000 ([0-9]* calls) | p50 [0-9.]* ms, p99 [0-9.]* ms' "$WORK/ingest.out" | sed 's/.*p99 //' || true)

echo
echo "Portal Suite benchmark — $(date -u +%Y-%m-%dT%H:%MZ), $CORES cores, $(java -version 2>&1 | head -1)"
echo "database: the suite's embedded PostgreSQL, durable (${durable:-settings not visible in ps})"
echo
echo "| path | measured | ratio | target |"
echo "|---|---|---|---|"
printf '| GET /health/live (framework floor) | %.0f rps | — | — |\n' "$LIVE"
printf '| GET /health/ready (one DB round trip, no auth) | %.0f rps | 1.00 | — |\n' "$READY"
printf '| GET /api/portal/notifications/unread-count, bearer | %.0f rps | %s of ready | ≥ 0.6 |\n' "$UNREAD" "$(ratio "$UNREAD" "$READY")"
printf '| GET /api/auth/me, bearer | %.0f rps | %s of ready | ≥ 0.6 |\n' "$ME" "$(ratio "$ME" "$READY")"
printf '| logins accepted/s ÷ raw bcrypt-12 verifies/s (%d threads), offered %s/s (%s× raw) | %s ÷ %s, accepted p99 %s ms, 503 p99 %s ms | %s | ≥ 0.95, p99 ≤ 1,500 ms, 503 < 100 ms |\n' \
    "$CORES" "$(val logins_offered_per_s "$WORK/logins.out")" "$(ratio "$(val logins_offered_per_s "$WORK/logins.out")" "$BCRYPT")" \
    "$LOGINS" "$BCRYPT" "$(val logins_accepted_p99_ms "$WORK/logins.out")" \
    "$(val logins_503_p99_ms "$WORK/logins.out")" "$(ratio "$LOGINS" "$BCRYPT")"
printf '| refreshes per second per core, fsync on | %s/s total | %s per core | ≥ 400 per core |\n' \
    "$REFRESH" "$(ratio "$REFRESH" "$CORES")"
printf '| sync ingest through HTTP, first pass (%s records, fixture DB, fsync off) | %s rows/s | — | ≥ 30,000 |\n' "$RECORDS" "${INGEST:-n/a}"
printf '| org list, keyset page p99, %s orgs vs 1,001 | %s ms vs %s ms (offset=50000: p99 %s) | %s | ≤ 1.5 |\n' \
    "$((RECORDS + 1))" "${KEYSET_LARGE:-n/a}" "${KEYSET_SMALL:-n/a}" "${OFFSET_DEEP:-n/a}" "$(ratio "${KEYSET_LARGE:-0}" "${KEYSET_SMALL:-0}")"
echo
echo "load generator check (GET /health/live): wrk used $wrk_cpu CPU-s, the suite $server_cpu CPU-s in the same ${WARMUP}+${DURATION} s;"
if awk -v w="$wrk_cpu" -v s="$server_cpu" 'BEGIN { exit !(w < s) }'; then
    echo "  wrk needed less CPU than the server it loaded: it is not the bottleneck."
else
    echo "  wrk needed as much CPU as the server: on these cores it IS part of the limit; read the rps as a lower bound."
fi
echo "logins: $(tr '\n' ' ' < "$WORK/logins.out")"
echo "  raw bcrypt before and after the logins: $BCRYPT_BEFORE and $BCRYPT_AFTER verifies/s (the row uses the mean);"
echo "  the login load generator used $(val logins_loadgen_cpu_share "$WORK/logins.out") of the cores while it measured"
echo "refresh: p50 $(awk '$1 == "50%" {print $2}' "$WORK/refresh.wrk"), p99 $(awk '$1 == "99%" {print $2}' "$WORK/refresh.wrk"); failed answers: $(grep -o 'Non-2xx or 3xx responses: [0-9]*' "$WORK/refresh.wrk" | grep -o '[0-9]*$' || echo 0)"
echo "read rows, $SLICES interleaved rounds of ${SLICE_SECONDS}s: unread ÷ ready per round $(slice_ratios unread); /me ÷ ready $(slice_ratios me)"
echo "wrk latencies (p50 / p99; the read rows: their last round):"
for name in live ready unread me; do
    printf '  %-7s %s / %s\n' "$name" "$(awk '$1 == "50%" {print $2}' "$WORK/$name.wrk")" "$(awk '$1 == "99%" {print $2}' "$WORK/$name.wrk")"
done
echo "module benchmark output (portal-service IngestBenchmark):"
grep '^|' "$WORK/ingest.out" | sed 's/^/  /' || true
