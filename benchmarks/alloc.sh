#!/usr/bin/env bash
# Bytes allocated per request on the request threads of the sample app on its real embedded
# Tomcat, for several configurations, A/B interleaved: what the starter's per-request path
# allocates in a real container (JMH's FilterBenchmark runs it against Spring's mocks, whose own
# header and attribute storage inflates its figures).
#
# Per run: start the app (configuration arguments as in load.sh) with a JFR recording of
# jdk.ThreadAllocationStatistics (cumulative bytes allocated per thread, sampled every second)
# that starts RECORD_AT seconds after the JVM (attaching JFR to a running JVM with jcmd
# deoptimises it: throughput fell tenfold here), warm up with wrk until then, drive
# GET /api/ping with wrk while it records, and divide the bytes the http-nio-*-exec-* threads
# allocated between the first and the last sample by the requests wrk counted (the app is
# otherwise idle during the recording).
#
# Configurations: as in load.sh (benchmarks/configs.sh).
#
# Environment: ROUNDS [3] CONFIGS ["disabled starter-nolog starter-nodeadline"] RECORD_AT [75]
#   DURATION [20] (seconds) CONNECTIONS [8] JAR [sample-app/target/middleware-trace-sample-app.jar]
#   EXPOSE [health]
# Output: benchmarks/results/alloc-<timestamp>/runs.csv and a summary (median per configuration
# and its difference to the first configuration).
set -euo pipefail
SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_DIR="$(cd "$SCRIPT_DIR/.." && pwd)"
ROUNDS="${ROUNDS:-3}"
CONFIGS="${CONFIGS:-disabled starter-nolog starter-nodeadline}"
BASELINE="${BASELINE:-${CONFIGS%% *}}"
RECORD_AT="${RECORD_AT:-75}"
DURATION="${DURATION:-20}"
CONNECTIONS="${CONNECTIONS:-8}"
# shellcheck source=configs.sh
source "$SCRIPT_DIR/configs.sh"
RESULTS_DIR="${RESULTS_DIR:-$REPO_DIR/benchmarks/results/alloc-$(date +%Y%m%d-%H%M%S)}"
die() {
	echo "alloc.sh: $*" >&2
	exit 1
}
check_setup
mkdir -p "$RESULTS_DIR"
JFC="$RESULTS_DIR/allocation.jfc"
cat >"$JFC" <<'JFC'
<?xml version="1.0" encoding="UTF-8"?>
<configuration version="2.0">
  <event name="jdk.ThreadAllocationStatistics">
    <setting name="enabled">true</setting>
    <setting name="period">1 s</setting>
  </event>
</configuration>
JFC
APP_PID=""
cleanup() { [[ -n "$APP_PID" ]] && kill "$APP_PID" 2>/dev/null; wait 2>/dev/null || true; }
trap cleanup EXIT
echo "round,config,requests,bytes,bytes_per_request" >"$RESULTS_DIR/runs.csv"
for round in $(seq 1 "$ROUNDS"); do
	for config in $CONFIGS; do
		port="$(free_port)"
		run="$RESULTS_DIR/$round-$config"
		mkdir -p "$run"
		start=$SECONDS
		# shellcheck disable=SC2046
		java -XX:StartFlightRecording=delay="${RECORD_AT}s",duration="$((DURATION + 4))s",settings="$JFC",filename="$run/alloc.jfr" \
			-jar "$JAR" --server.port="$port" --server.address=127.0.0.1 --logging.level.root=WARN \
			$(config_args "$config" "$run") >"$run/app.log" 2>&1 &
		APP_PID=$!
		up=""
		for _ in $(seq 1 120); do
			curl -fs "http://127.0.0.1:$port/api/ping" >/dev/null 2>&1 && { up=yes; break; }
			kill -0 "$APP_PID" 2>/dev/null || break
			sleep 1
		done
		if [[ -z "$up" ]]; then
			# a port taken in between, or a failed start: skip this run, say so
			echo "round $round $config: the app did not start (see $run/app.log); run skipped" >&2
			kill "$APP_PID" 2>/dev/null; wait "$APP_PID" 2>/dev/null || true; APP_PID=""
			continue
		fi
		# warm up (2 connections, lets the JIT compile) until the recording starts
		warm=$((RECORD_AT - (SECONDS - start) - 1))
		((warm > 0)) && wrk -t2 -c2 -d"${warm}s" "http://127.0.0.1:$port/api/ping" >"$run/wrk-warmup.txt"
		while ((SECONDS - start < RECORD_AT + 2)); do sleep 0.2; done
		wrk -t2 -c"$CONNECTIONS" -d"${DURATION}s" "http://127.0.0.1:$port/api/ping" >"$run/wrk.txt"
		while [[ ! -s "$run/alloc.jfr" ]] && ((SECONDS - start < RECORD_AT + DURATION + 30)); do sleep 0.5; done
		sleep 1
		kill "$APP_PID"; wait "$APP_PID" 2>/dev/null || true; APP_PID=""
		requests="$(awk '/requests in/ { print $1 }' "$run/wrk.txt")"
		# per request thread: last cumulative sample minus first; summed over threads
		bytes="$(jfr print --events jdk.ThreadAllocationStatistics "$run/alloc.jfr" \
			| awk '/allocated = / { gsub(/[^0-9.]/, "", $3); unit = $4; v = $3;
					if (unit ~ /kB/) v *= 1024; else if (unit ~ /MB/) v *= 1048576; else if (unit ~ /GB/) v *= 1073741824;
					alloc = v }
				/thread = "http-nio/ && /exec/ { name = $0; sub(/.*thread = "/, "", name); sub(/".*/, "", name);
					if (!(name in first)) first[name] = alloc; last[name] = alloc }
				END { total = 0; for (t in first) total += last[t] - first[t]; printf "%.0f", total }')"
		per="$(awk -v b="$bytes" -v n="$requests" 'BEGIN { printf "%.0f", b / n }')"
		echo "$round,$config,$requests,$bytes,$per" >>"$RESULTS_DIR/runs.csv"
		printf 'round %s %-20s %10s requests %14s bytes %8s B/request\n' "$round" "$config" "$requests" "$bytes" "$per"
	done
done
echo
echo "median bytes per request (difference to the first configuration):"
first=""
for config in $CONFIGS; do
	median="$(awk -F, -v c="$config" '$2 == c { print $5 }' "$RESULTS_DIR/runs.csv" | sort -n \
		| awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }')"
	[[ -z "$first" ]] && first="$median"
	printf '  %-20s %8s B/request  %+8s\n' "$config" "$median" "$(awk -v m="$median" -v f="$first" 'BEGIN { printf "%.0f", m - f }')"
done | tee "$RESULTS_DIR/summary.txt"
