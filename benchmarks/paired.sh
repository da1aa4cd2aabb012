#!/usr/bin/env bash
# Paired load comparison: every configuration of the sample app runs at the same time, each on
# its own loopback port, and wrk drives them in short bursts, cycle after cycle. Each burst is
# compared with the baseline's burst of the same cycle, so the machine's drift (which moves
# whole minutes of load.sh runs by ±20 %) cancels out of the ratios.
#
# MODE=concurrent: in every cycle all apps are driven at once, the client's threads
#   and connections shared out among them, so each cycle compares them under the very same
#   machine state; they compete for the cores, and an app that needs more CPU per request
#   serves fewer. In an A/A run (two identical apps) the per-cycle ratio varied by 9 %
#   (standard deviation) against 14 % in sequential mode.
# MODE=sequential (default): the apps are driven in turn (idle while the others are measured), in a
#   rotating order, each burst with all the client's threads and connections.
#
# Prints per configuration the median requests/s, the median over cycles of the paired ratio
# to the baseline, the median p99 latency and the app's CPU per request.
# Raw wrk output, app logs and a CSV go to benchmarks/results/paired-<timestamp>/.
#
# Configurations: as in load.sh (benchmarks/configs.sh).
#
# Environment (defaults in brackets):
#   MODE [sequential]  RESTARTS [1]: rounds of CYCLES cycles, each with freshly started and
#     warmed apps, so that no one JVM's compilation luck decides a ratio
#   PROFILER []: path of async-profiler's libasyncProfiler.so; when set, every app is profiled
#     (CPU, 1 ms, collapsed stacks) from the end of its warm-up to the end of the round, into
#     <config>/profile-<round>.collapsed; benchmarks/profile-compare.py turns them into CPU per
#     request by frame
#   CYCLES [20] per round  DURATION [5s] per burst  THREADS [2]  CONNECTIONS [32]
#   WARMUP [45s] per app at 2 connections, then SETTLE [10s] at full load
#   CONFIGS ["disabled starter-file starter-nolog tomcat-valve"]  BASELINE [disabled]
#   JAR [sample-app/target/middleware-trace-sample-app.jar]  JAVA [java]  JAVA_OPTS []
#   EXPOSE [health]: actuator endpoints exposed in every configuration ('*' for the sample app's own)
#   STARTUP_TIMEOUT [120] seconds  RESULTS_DIR [benchmarks/results/paired-<timestamp>]
#   SUMMARY_OF []: a results directory of an earlier run: only print its summary again, against
#     BASELINE (any of its configurations), into summary-<BASELINE>.txt there
#
# Usage: benchmarks/paired.sh          (from anywhere; paths are relative to the repository)

set -euo pipefail

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_DIR="$(cd "$SCRIPT_DIR/.." && pwd)"
# shellcheck source=configs.sh
source "$SCRIPT_DIR/configs.sh"

CYCLES="${CYCLES:-20}"
DURATION="${DURATION:-5s}"
WARMUP="${WARMUP:-45s}"
CONFIGS="${CONFIGS:-disabled starter-file starter-nolog tomcat-valve}"
MODE="${MODE:-sequential}"
RESTARTS="${RESTARTS:-1}"
PROFILER="${PROFILER:-}"
BENCHMARKS_JAR="$REPO_DIR/benchmarks/target/benchmarks.jar"
RESULTS_DIR="${RESULTS_DIR:-$REPO_DIR/benchmarks/results/paired-$(date +%Y%m%d-%H%M%S)}"

die() {
	echo "paired.sh: $*" >&2
	exit 1
}

require_positive CYCLES
require_positive RESTARTS
[[ "$MODE" == concurrent || "$MODE" == sequential ]] || die "MODE must be concurrent or sequential, got '$MODE'"
if [[ -n "$PROFILER" ]]; then
	[[ -f "$PROFILER" ]] || die "PROFILER is not a file: $PROFILER"
	[[ -f "$BENCHMARKS_JAR" ]] || die "PROFILER needs $BENCHMARKS_JAR; build it with ./mvnw -B -DskipTests package"
fi

# prints (and writes to $2) the summary of a run's bursts (CSV $1) against $BASELINE
summarise() {
	awk -F, -v configs="$CONFIGS" -v baseline="$BASELINE" -v per_round="$CYCLES" -v rounds="$RESTARTS" "$AWK_STATS"'
		NR > 1 { rps[$2] = rps[$2] " " $3; p99[$2] = p99[$2] " " $4; cpu[$2] = cpu[$2] " " $6; value[$1, $2] = $3; us[$1, $2] = $6; cycles[$1] = 1 }
		END {
			base = median(rps[baseline]); basecpu = median(cpu[baseline])
			printf "%-18s %13s %8s %13s %14s %16s %12s %10s %17s\n", "config", "median req/s", "ratio", "paired ratio", "its 95% CI", "median p99 (ms)", "cpu us/req", "cpu ratio", "paired cpu ratio"
			n = split(configs, c, " ")
			for (i = 1; i <= n; i++) {
				k = c[i]; m = median(rps[k]); mc = median(cpu[k]); r = ""; rc = ""
				for (cy in cycles) {
					if (value[cy, baseline] > 0 && value[cy, k] != "") r = r " " value[cy, k] / value[cy, baseline]
					if (us[cy, k] > 0 && us[cy, baseline] != "") rc = rc " " us[cy, baseline] / us[cy, k]
				}
				printf "%-18s %13.0f %8.3f %13.3f %14s %16.2f %12.1f %10.3f %17.3f\n", k, m, (base > 0 ? m / base : 0), median(r), median_ci(r), median(p99[k]), mc, (mc > 0 ? basecpu / mc : 0), median(rc)
			}
			if (rounds > 1) {
				# each round is one pair of JVMs, compiled their own way: the rounds differ more than
				# the cycles of one round, so their spread is the one to read
				printf "\npaired ratio of each round (fresh JVMs), and their median:\n"
				for (i = 1; i <= n; i++) {
					k = c[i]; line = ""; all = ""
					for (rd = 1; rd <= rounds; rd++) {
						r = ""
						for (cy in cycles) {
							if (int((cy - 1) / per_round) + 1 == rd && value[cy, baseline] > 0 && value[cy, k] != "") r = r " " value[cy, k] / value[cy, baseline]
						}
						if (r != "") { line = line sprintf(" %.3f", median(r)); all = all " " median(r) }
					}
					printf "%-18s%s  median %.3f\n", k, line, median(all)
				}
			}
			printf "ratio            = median req/s / median req/s of %s\n", baseline
			printf "paired ratio     = median over cycles of (req/s / req/s of %s in the same cycle)\n", baseline
			printf "its 95%% CI       = distribution-free confidence interval of that median\n"
			printf "cpu ratio        = median cpu us/req of %s / median cpu us/req\n", baseline
			printf "paired cpu ratio = median over cycles of (cpu us/req of %s / cpu us/req in the same cycle)\n", baseline
		}' "$1" | tee "$2"
}

# SUMMARY_OF=<results dir>: summarise that earlier run again, against BASELINE, without running
if [[ -n "${SUMMARY_OF:-}" ]]; then
	[[ -f "$SUMMARY_OF/run.env" && -f "$SUMMARY_OF/bursts.csv" ]] || die "SUMMARY_OF: no run.env and bursts.csv in $SUMMARY_OF"
	# shellcheck source=/dev/null
	source "$SUMMARY_OF/run.env"
	check_configs
	summarise "$SUMMARY_OF/bursts.csv" "$SUMMARY_OF/summary-$BASELINE.txt"
	exit 0
fi

check_setup

mkdir -p "$RESULTS_DIR"
CSV="$RESULTS_DIR/bursts.csv"
echo "cycle,config,requests_per_s,p99_ms,requests,cpu_us_per_request" >"$CSV"
# what SUMMARY_OF needs to summarise this run again
printf 'CONFIGS=%q\nCYCLES=%q\nRESTARTS=%q\n' "$CONFIGS" "$CYCLES" "$RESTARTS" >"$RESULTS_DIR/run.env"
CLK_TCK="$(getconf CLK_TCK)"

declare -A PID PORT
stop_all() {
	for config in "${!PID[@]}"; do
		kill -TERM "${PID[$config]}" 2>/dev/null || true
	done
	for config in "${!PID[@]}"; do
		wait "${PID[$config]}" 2>/dev/null || true
	done
	rm -f "$RESULTS_DIR"/*/access.log
	rm -rf "$RESULTS_DIR"/*/tomcat
	PID=()
}
trap stop_all EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

cpu_ticks() {
	awk '{ print $14 + $15 }' "/proc/$1/stat"
}

echo "paired.sh: $(nproc) cores, $("$JAVA" -version 2>&1 | head -1)"
echo "paired.sh: mode=$MODE restarts=$RESTARTS cycles=$CYCLES configs=[$CONFIGS] wrk -t$THREADS -c$CONNECTIONS -d$DURATION per cycle, warmup=$WARMUP settle=$SETTLE"
echo "paired.sh: results in $RESULTS_DIR"

# starts every app (one after the other: startups in parallel would starve each other's JIT)
# and warms it the way load.sh does: gently (so C2 gets the cores), then at full load
start_apps() {
	for config in $CONFIGS; do
		dir="$RESULTS_DIR/$config"
		mkdir -p "$dir"
		PORT[$config]="$(free_port)"
		# shellcheck disable=SC2046,SC2086
		"$JAVA" $JAVA_OPTS -jar "$JAR" --server.address=127.0.0.1 --server.port="${PORT[$config]}" \
			$(config_args "$config" "$dir") >>"$dir/app.log" 2>&1 &
		PID[$config]=$!
		deadline=$((SECONDS + STARTUP_TIMEOUT))
		until curl -sf -o /dev/null "http://127.0.0.1:${PORT[$config]}$PATH_UNDER_TEST"; do
			kill -0 "${PID[$config]}" 2>/dev/null || die "app ($config) exited during startup; see $dir/app.log"
			((SECONDS < deadline)) || die "app ($config) did not answer within ${STARTUP_TIMEOUT}s; see $dir/app.log"
			sleep 0.5
		done
		echo "  started $config on port ${PORT[$config]}"
	done

	for config in $CONFIGS; do
		url="http://127.0.0.1:${PORT[$config]}$PATH_UNDER_TEST"
		wrk -t1 -c2 -d"$WARMUP" "$url" >"$RESULTS_DIR/$config/wrk-warmup.txt" 2>&1 || die "wrk warm-up failed ($config)"
		wrk -t"$THREADS" -c"$CONNECTIONS" -d"$SETTLE" "$url" >>"$RESULTS_DIR/$config/wrk-warmup.txt" 2>&1 \
			|| die "wrk settle failed ($config)"
		echo "  warmed $config"
	done
}

read -r -a ORDER <<<"$CONFIGS"
n=${#ORDER[@]}
if [[ "$MODE" == concurrent ]]; then
	# the client's threads and connections are shared out among the apps, all driven at once
	BURST_THREADS=$((THREADS / n > 0 ? THREADS / n : 1))
	BURST_CONNECTIONS=$((CONNECTIONS / n > 0 ? CONNECTIONS / n : 1))
else
	BURST_THREADS=$THREADS
	BURST_CONNECTIONS=$CONNECTIONS
fi

# starts ($2 = start) or stops and dumps (stop) async-profiler in every app, when PROFILER is set
profiler() {
	local round="$1" action="$2" config options
	[[ -n "$PROFILER" ]] || return 0
	for config in "${ORDER[@]}"; do
		if [[ "$action" == start ]]; then
			options="start,event=itimer,interval=1ms"
		else
			options="stop,file=$RESULTS_DIR/$config/profile-$round.collapsed,collapsed"
		fi
		"$JAVA" -cp "$BENCHMARKS_JAR" io.middlewaretrace.benchmarks.ProfilerAttach "${PID[$config]}" "$PROFILER" \
			"$options" >>"$RESULTS_DIR/$config/profiler.log" 2>&1 || die "profiler $action failed ($config); see $RESULTS_DIR/$config/profiler.log"
	done
}

# starts wrk against one app in the background; its pid goes to WRK_PID[config]
declare -A WRK_PID BEFORE
start_burst() {
	local config="$1" cycle="$2"
	BEFORE[$config]="$(cpu_ticks "${PID[$config]}")"
	wrk -t"$BURST_THREADS" -c"$BURST_CONNECTIONS" -d"$DURATION" --latency \
		"http://127.0.0.1:${PORT[$config]}$PATH_UNDER_TEST" >"$RESULTS_DIR/$config/wrk-$cycle.txt" 2>&1 &
	WRK_PID[$config]=$!
}

# waits for the burst of one app and appends its CSV row
end_burst() {
	local config="$1" cycle="$2" out after rps p99 requests cpu
	out="$RESULTS_DIR/$config/wrk-$cycle.txt"
	wait "${WRK_PID[$config]}" || die "wrk failed; see $out"
	after="$(cpu_ticks "${PID[$config]}")"
	rps="$(awk '/^Requests\/sec:/ {print $2}' "$out")"
	p99="$(to_ms "$(awk '$1 == "99%" {print $2}' "$out")")"
	requests="$(awk '/requests in/ {print $1}' "$out")"
	cpu="$(awk -v b="${BEFORE[$config]}" -v a="$after" -v r="$requests" -v hz="$CLK_TCK" \
		'BEGIN { if (r > 0) printf "%.1f", (a - b) * 1000000 / hz / r }')"
	echo "$cycle,$config,$rps,$p99,$requests,$cpu" >>"$CSV"
	LINE="$LINE $config=$rps"
}

cycle=0
for round in $(seq 1 "$RESTARTS"); do
	if ((RESTARTS > 1)); then
		echo "  round $round of $RESTARTS: fresh JVMs"
	fi
	start_apps
	profiler "$round" start
	for _ in $(seq 1 "$CYCLES"); do
		cycle=$((cycle + 1))
		LINE="  cycle $cycle:"
		if [[ "$MODE" == concurrent ]]; then
			for config in "${ORDER[@]}"; do
				start_burst "$config" "$cycle"
			done
			for config in "${ORDER[@]}"; do
				end_burst "$config" "$cycle"
			done
		else
			for ((i = 0; i < n; i++)); do
				# rotate the order every cycle: no configuration always runs right after another
				config="${ORDER[$(((i + cycle) % n))]}"
				start_burst "$config" "$cycle"
				end_burst "$config" "$cycle"
			done
		fi
		echo "$LINE"
	done
	profiler "$round" stop
	stop_all
done

summarise "$CSV" "$RESULTS_DIR/summary.txt"
