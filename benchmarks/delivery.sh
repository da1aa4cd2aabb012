#!/usr/bin/env bash
# Delivery under deadlines: does every response the server recorded as complete reach the client
# whole? (issue 17, item 2)
#
# Starts benchmarks' DeliveryServer (a Spring MVC application with the starter, JSON access log to
# a file) on H2 or an embedded PostgreSQL, and drives it with DeliveryLoad: CLIENTS keep-alive
# connections, each request with its own trace id and an X-Request-Timeout-Ms budget drawn around
# its handler's own time (handlers of 2-12 ms, budgets 3 ms under to 4 ms over), so deadlines pass
# before the body, while it is written and just after it was complete. Every response is read to
# its declared end (Content-Length, or the last chunk). Then the server is stopped, its access log
# is joined with what the clients got by trace id, and the report counts:
#   incomplete_recorded_complete  recorded complete (in time, late or exceeded) but incomplete at
#                                 the client: must be 0
#   cut_but_whole, status_differs, size_differs, unrecorded: records that say otherwise than what
#                                 the client got: must be 0
# Exit status 1 when any count is not 0.
#
# Environment (defaults in brackets):
#   DBS ["h2 postgres"]  CLIENTS [200]  DURATION [60] seconds per database  PORT [18089]
#   AUTOCONFIGURE_JAR []: run the server with this middleware-trace-core jar (the runtime) instead of
#                         the one just built (to measure an older commit with the same load)
#   JAVA [java]  JAVA_OPTS [-Xmx1g]  RESULTS_DIR [benchmarks/results/delivery-<timestamp>]
#
# Usage: benchmarks/delivery.sh      (from anywhere; needs only a JDK, Maven comes with the wrapper)

set -euo pipefail

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_DIR="$(cd "$SCRIPT_DIR/.." && pwd)"
DBS="${DBS:-h2 postgres}"
CLIENTS="${CLIENTS:-200}"
DURATION="${DURATION:-60}"
PORT="${PORT:-18089}"
JAVA="${JAVA:-java}"
JAVA_OPTS="${JAVA_OPTS:--Xmx1g}"
RESULTS_DIR="${RESULTS_DIR:-$REPO_DIR/benchmarks/results/delivery-$(date +%Y%m%d-%H%M%S)}"

mkdir -p "$RESULTS_DIR"
cd "$REPO_DIR"

echo "Building the benchmarks module and its class path"
./mvnw -B -q -pl benchmarks -am package dependency:build-classpath -DskipTests \
	-Dmdep.outputFile="$RESULTS_DIR/classpath.txt" -Dmdep.includeScope=runtime
CLASSPATH="$REPO_DIR/benchmarks/target/classes:$(cat "$RESULTS_DIR/classpath.txt")"
if [[ -n "${AUTOCONFIGURE_JAR:-}" ]]; then
	[[ -f "$AUTOCONFIGURE_JAR" ]] || { echo "delivery.sh: no file $AUTOCONFIGURE_JAR" >&2; exit 1; }
	CLASSPATH="$(tr ':' '\n' <<<"$CLASSPATH" | sed "s#.*middleware-autoconfigure/core/target/classes\$#$AUTOCONFIGURE_JAR#; s#.*middleware-trace-core-[^/]*\.jar\$#$AUTOCONFIGURE_JAR#" | paste -sd:)"
	grep -q "$AUTOCONFIGURE_JAR" <<<"$CLASSPATH" || { echo "delivery.sh: the autoconfigure jar is not on the class path" >&2; exit 1; }
fi

SERVER_PID=""
stop_server() {
	[[ -n "$SERVER_PID" ]] || return 0
	kill -TERM "$SERVER_PID" 2>/dev/null || true
	for _ in $(seq 1 300); do
		kill -0 "$SERVER_PID" 2>/dev/null || break
		sleep 0.1
	done
	kill -KILL "$SERVER_PID" 2>/dev/null || true
	wait "$SERVER_PID" 2>/dev/null || true
	SERVER_PID=""
}
trap stop_server EXIT

failed=0
for db in $DBS; do
	run="$RESULTS_DIR/$db"
	mkdir -p "$run"
	echo "== $db: $CLIENTS clients for $DURATION s (load average before: $(cut -d' ' -f1-3 /proc/loadavg))"
	# shellcheck disable=SC2086
	"$JAVA" $JAVA_OPTS -cp "$CLASSPATH" io.middlewaretrace.benchmarks.delivery.DeliveryServer \
		"$PORT" "$run/access.log" "$db" >"$run/server.log" 2>&1 &
	SERVER_PID=$!
	for _ in $(seq 1 600); do
		if (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null; then break; fi
		kill -0 "$SERVER_PID" 2>/dev/null || { echo "delivery.sh: the server exited, see $run/server.log" >&2; exit 1; }
		sleep 0.2
	done
	# warm-up: a short run whose results are not counted
	"$JAVA" -cp "$CLASSPATH" io.middlewaretrace.benchmarks.delivery.DeliveryLoad load "$PORT" 16 10 "$run/warmup.csv" >/dev/null
	"$JAVA" -cp "$CLASSPATH" io.middlewaretrace.benchmarks.delivery.DeliveryLoad load "$PORT" "$CLIENTS" "$DURATION" "$run/seen.csv" | tee "$run/load.txt"
	sleep 3 # the access log's writer flushes every second
	stop_server
	if "$JAVA" -cp "$CLASSPATH" io.middlewaretrace.benchmarks.delivery.DeliveryLoad report "$run/seen.csv" "$run/access.log" | tee "$run/report.txt"; then
		echo "== $db: every response reached the client as recorded"
	else
		echo "== $db: responses reached the client otherwise than recorded (see $run/report.txt)"
		failed=1
	fi
done
echo "Results: $RESULTS_DIR"
exit "$failed"
