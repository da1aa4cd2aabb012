#!/usr/bin/env bash
# Load comparison of the sample app in several configurations, interleaved in rounds
# (A B C ... A B C ...), driven by wrk on 127.0.0.1 against GET /api/ping (or each of TARGET_PATHS:
# then every round runs each path with every configuration, path by path: /api/ping A B C,
# /owners A B C, ...).
#
# For each run: start the app on a free loopback port, wait until it answers, warm up with wrk,
# measure with wrk, stop the app. Prints per configuration the median requests/s, the median of
# the p99 latencies and the ratio of the median throughput to the baseline configuration.
# Raw wrk output, app logs and a CSV go to benchmarks/results/load-<timestamp>/.
#
# Configurations (CONFIGS):
#   disabled       middleware.enabled=false, Boot tracing on (the baseline)
#   starter-file   starter on (its defaults: deep tracing off), JSON access log to a file
#   starter-nolog  starter on (deep tracing off), access log off
#   starter-trace  starter-nolog plus deep tracing (every filter, interceptor and the handler
#                  recorded: what @EnableMiddlewareTrace on the sample app turns on)
#   starter-nocapture  starter-nolog without body capture and replay
#   starter-nowrap     starter-nolog without the container-filter wrappers
#   starter-lean       starter-nolog without either
#   starter-nodeadline starter-nolog without per-request deadlines (middleware.deadline.enabled=false)
#   starter-noleaks    starter-nolog without leak diagnostics (middleware.leaks.enabled=false)
#   starter-foundation starter-nolog without deadlines, leak diagnostics, body capture, anomaly
#                      checks and container-filter wrappers: issue 2's starter alone (request
#                      context, MDC, trace headers, problem+json, counters)
#   tomcat-valve   middleware.enabled=false, Tomcat access-log valve on (writes to a file)
#   starter-valve  starter-nolog with Tomcat's access-log valve on: the valve on the starter's app
#   starter-valve-json starter-valve writing a JSON line of the starter's fields and length
#   bare           middleware.enabled=false, management.tracing.enabled=false
#   disabled-exposed   disabled with every actuator endpoint exposed, as the sample app ships
#
# Environment (defaults in brackets):
#   ROUNDS [3]  THREADS [2]  CONNECTIONS [32]  DURATION [10s]
#   WARMUP [60s] at 2 connections (lets the JIT compile), then SETTLE [10s] at full load
#   CONFIGS ["disabled starter-file starter-nolog tomcat-valve bare"]  BASELINE [disabled]
#   JAR [sample-app/target/middleware-trace-sample-app.jar]  JAVA [java]  JAVA_OPTS []
#   EXPOSE [health]: actuator endpoints exposed in every configuration ('*' for the sample app's own)
#   STARTUP_TIMEOUT [120] seconds  RESULTS_DIR [benchmarks/results/load-<timestamp>]
#   TARGET_PATHS ["/api/ping"]: the paths compared, e.g. "/api/ping /owners" (the trivial endpoint
#     and a Thymeleaf page listing the owners from H2); each run starts a fresh app for one path
#
# Warm-up check (WARMUP_CHECK=1): measures no configuration; instead starts the baseline app once
# per path of TARGET_PATHS and drives it with the warm-up's own load (wrk -t1 -c2, or
# WARMUP_CHECK_CONNECTIONS) in intervals of WARMUP_INTERVAL [10s] for WARMUP_CHECK_DURATION [300]
# seconds, printing for every interval the requests/s, the request threads' CPU per request and
# the JIT compiler threads' CPU, and when each of the first two stopped improving: the end of the
# first interval within WARMUP_TOLERANCE [3] % of the best interval from there on. On a shared
# machine trust the CPU per request more (other work moves throughput, not the CPU a request
# takes). Set WARMUP to at least that. Results in warmup.csv.
#
# Usage: benchmarks/load.sh            (from anywhere; paths are relative to the repository)
#        TARGET_PATHS='/api/ping /owners' benchmarks/load.sh
#        WARMUP_CHECK=1 TARGET_PATHS='/api/ping /owners' benchmarks/load.sh

set -euo pipefail

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=configs.sh
source "$SCRIPT_DIR/configs.sh"
REPO_DIR="$(cd "$SCRIPT_DIR/.." && pwd)"

ROUNDS="${ROUNDS:-3}"
DURATION="${DURATION:-10s}"
WARMUP="${WARMUP:-60s}"
CONFIGS="${CONFIGS:-disabled starter-file starter-nolog tomcat-valve bare}"
TARGET_PATHS="${TARGET_PATHS:-$PATH_UNDER_TEST}"
WARMUP_CHECK="${WARMUP_CHECK:-0}"
WARMUP_INTERVAL="${WARMUP_INTERVAL:-10s}"
WARMUP_CHECK_DURATION="${WARMUP_CHECK_DURATION:-300}"
WARMUP_CHECK_CONNECTIONS="${WARMUP_CHECK_CONNECTIONS:-2}"
WARMUP_TOLERANCE="${WARMUP_TOLERANCE:-3}"
RESULTS_DIR="${RESULTS_DIR:-$REPO_DIR/benchmarks/results/load-$(date +%Y%m%d-%H%M%S)}"

die() {
	echo "load.sh: $*" >&2
	exit 1
}

# --- preconditions ---------------------------------------------------------------------------
require_positive ROUNDS
require_positive WARMUP_CHECK_DURATION
require_positive WARMUP_CHECK_CONNECTIONS
check_setup
for target_path in $TARGET_PATHS; do
	[[ "$target_path" == /* ]] || die "TARGET_PATHS must be paths starting with /, got '$target_path'"
done
read -ra PATHS <<<"$TARGET_PATHS"
((${#PATHS[@]} > 0)) || die "TARGET_PATHS is empty"

mkdir -p "$RESULTS_DIR"
CSV="$RESULTS_DIR/runs.csv"
echo "round,config,port,requests_per_s,p99_ms,p50_ms,requests,socket_errors,non_2xx,access_log_lines,x_trace_id,loadavg_1m_before,cpu_us_per_request,path" >"$CSV"

# --- app lifecycle -----------------------------------------------------------------------------
APP_PID=""

stop_app() {
	local pid="$APP_PID"
	[[ -n "$pid" ]] || return 0
	APP_PID=""
	if kill -0 "$pid" 2>/dev/null; then
		kill -TERM "$pid" 2>/dev/null || true
		for _ in $(seq 1 150); do
			kill -0 "$pid" 2>/dev/null || break
			sleep 0.1
		done
		if kill -0 "$pid" 2>/dev/null; then
			echo "  app $pid did not stop in 15 s: killing it" >&2
			kill -KILL "$pid" 2>/dev/null || true
		fi
	fi
	wait "$pid" 2>/dev/null || true
}

on_exit() {
	local status=$?
	stop_app
	exit "$status"
}
trap on_exit EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# prints the response head of GET $PATH_UNDER_TEST on 127.0.0.1:$1 (empty when nothing answers)
http_head() {
	local port="$1"
	{
		exec 3<>"/dev/tcp/127.0.0.1/$port" || return 0
		printf 'GET %s HTTP/1.1\r\nHost: 127.0.0.1:%s\r\nConnection: close\r\n\r\n' "$PATH_UNDER_TEST" "$port" >&3
		timeout 5 cat <&3 | tr -d '\r' | sed '/^$/q'
		exec 3<&-
	} 2>/dev/null || true
}

CLK_TCK="$(getconf CLK_TCK)"

# user + system CPU of the app process so far, in clock ticks
app_cpu_ticks() {
	awk '{ print $14 + $15 }' "/proc/$APP_PID/stat"
}

# CPU ticks per thread group of the app so far, as "group=ticks ..." (groups: request threads,
# access-log writer, JIT compiler, GC, other); comm is parsed between the first "(" and last ")"
app_thread_ticks() {
	for stat in /proc/"$APP_PID"/task/*/stat; do
		cat "$stat" 2>/dev/null || true
		echo
	done | awk '
		NF == 0 { next }
		{
			lp = index($0, "("); line = $0; rp = 0
			for (i = length(line); i > 0; i--) if (substr(line, i, 1) == ")") { rp = i; break }
			name = substr(line, lp + 1, rp - lp - 1)
			split(substr(line, rp + 2), f, " ")
			ticks = f[12] + f[13]
			if (name ~ /^http-nio/) g = "request"
			else if (name ~ /^middleware-acc/) g = "writer"
			else if (name ~ /Compiler/) g = "jit"
			else if (name ~ /^(GC |G1 )/) g = "gc"
			else g = "other"
			sum[g] += ticks
		}
		END { printf "request=%d writer=%d jit=%d gc=%d other=%d\n", sum["request"], sum["writer"], sum["jit"], sum["gc"], sum["other"] }'
}

# starts the app; sets APP_PID and APP_PORT; returns 1 when it exits before answering
start_app() {
	local config="$1" run_dir="$2" log="$3"
	APP_PORT="$(free_port)"
	# shellcheck disable=SC2046,SC2086
	"$JAVA" $JAVA_OPTS -jar "$JAR" --server.address=127.0.0.1 --server.port="$APP_PORT" \
		$(config_args "$config" "$run_dir") >"$log" 2>&1 &
	APP_PID=$!
	local deadline=$((SECONDS + STARTUP_TIMEOUT))
	while ((SECONDS < deadline)); do
		if ! kill -0 "$APP_PID" 2>/dev/null; then
			wait "$APP_PID" 2>/dev/null || true
			APP_PID=""
			return 1
		fi
		local head_out
		head_out="$(http_head "$APP_PORT")"
		if [[ "$head_out" == "HTTP/1.1 200"* ]]; then
			return 0
		fi
		sleep 0.5
	done
	die "app ($config) did not answer on 127.0.0.1:$APP_PORT within ${STARTUP_TIMEOUT}s; see $log"
}

# a path as part of a file name: /api/ping -> api_ping
path_slug() {
	local slug="${1#/}"
	slug="${slug//[^A-Za-z0-9]/_}"
	echo "${slug:-root}"
}

# starts the app, retrying twice when it exits during startup
start_app_retrying() {
	local config="$1" run_dir="$2" log="$3" run="$4"
	for attempt in 1 2 3; do
		if start_app "$config" "$run_dir" "$log"; then
			return 0
		fi
		mv "$log" "$run_dir/app-failed-$attempt.log"
		echo "  $run: app exited during startup (attempt $attempt, port $APP_PORT); see $run_dir/app-failed-$attempt.log" >&2
	done
	die "app ($config) failed to start 3 times; see $log"
}

# --- warm-up check -----------------------------------------------------------------------------
if [[ "$WARMUP_CHECK" == "1" ]]; then
	WARMUP_CSV="$RESULTS_DIR/warmup.csv"
	echo "path,interval,end_s,requests_per_s,loadavg_1m,request_cpu_us_per_request,jit_cpu_ms" >"$WARMUP_CSV"
	echo "load.sh: warm-up check of $BASELINE: wrk -t1 -c$WARMUP_CHECK_CONNECTIONS, intervals of $WARMUP_INTERVAL for ${WARMUP_CHECK_DURATION}s, paths [$TARGET_PATHS]; load $(cut -d' ' -f1-3 /proc/loadavg)"
	echo "load.sh: results in $RESULTS_DIR"
	for target_path in "${PATHS[@]}"; do
		PATH_UNDER_TEST="$target_path"
		run="warmup-$(path_slug "$target_path")"
		run_dir="$RESULTS_DIR/$run"
		mkdir -p "$run_dir"
		start_app_retrying "$BASELINE" "$run_dir" "$run_dir/app.log" "$run"
		url="http://127.0.0.1:$APP_PORT$target_path"
		started_at=$SECONDS
		interval=0
		while ((SECONDS - started_at < WARMUP_CHECK_DURATION)); do
			interval=$((interval + 1))
			threads_before="$(app_thread_ticks)"
			wrk -t1 -c"$WARMUP_CHECK_CONNECTIONS" -d"$WARMUP_INTERVAL" "$url" >"$run_dir/wrk-$interval.txt" 2>&1 \
				|| die "wrk failed; see $run_dir/wrk-$interval.txt"
			threads_after="$(app_thread_ticks)"
			rps="$(awk '/^Requests\/sec:/ {print $2}' "$run_dir/wrk-$interval.txt")"
			requests="$(awk '/requests in/ {print $1}' "$run_dir/wrk-$interval.txt")"
			loadavg="$(cut -d' ' -f1 /proc/loadavg 2>/dev/null || echo "")"
			# request threads' CPU per request and the JIT's CPU in this interval
			read -r request_us jit_ms < <(awk -v b="$threads_before" -v a="$threads_after" -v n="$requests" -v hz="$CLK_TCK" 'BEGIN {
				nb = split(b, pb, " "); split(a, pa, " ")
				for (i = 1; i <= nb; i++) { split(pb[i], x, "="); split(pa[i], y, "="); d[x[1]] = y[2] - x[2] }
				printf "%.1f %.0f\n", (n > 0 ? d["request"] * 1000000 / hz / n : 0), d["jit"] * 1000 / hz
			}')
			echo "$target_path,$interval,$((SECONDS - started_at)),$rps,$loadavg,$request_us,$jit_ms" >>"$WARMUP_CSV"
			printf '  %-12s %4d s %10s req/s  request cpu %7s us/req  jit cpu %6s ms  load %s\n' \
				"$target_path" "$((SECONDS - started_at))" "$rps" "$request_us" "$jit_ms" "$loadavg"
		done
		stop_app
	done
	# per path: the end of the first interval within WARMUP_TOLERANCE % of the best interval from
	# there on (throughput stopped rising, CPU per request stopped falling there)
	awk -F, -v tol="$WARMUP_TOLERANCE" '
		NR > 1 { n[$1]++; rps[$1, n[$1]] = $4; cpu[$1, n[$1]] = $6; end[$1, n[$1]] = $3; if (!($1 in seen)) { seen[$1] = 1; order[++paths] = $1 } }
		END {
			for (p = 1; p <= paths; p++) {
				k = order[p]; best = 0; low = -1; at = ""; cpuat = ""
				for (i = n[k]; i >= 1; i--) {
					if (rps[k, i] + 0 > best) best = rps[k, i] + 0
					if (low < 0 || (cpu[k, i] + 0 > 0 && cpu[k, i] + 0 < low)) low = cpu[k, i] + 0
					later[i] = best; lower[i] = low
				}
				for (i = 1; i <= n[k]; i++) if (rps[k, i] + 0 >= (1 - tol / 100) * later[i]) { at = end[k, i]; break }
				for (i = 1; i <= n[k]; i++) if (cpu[k, i] + 0 <= (1 + tol / 100) * lower[i]) { cpuat = end[k, i]; break }
				printf "%-12s throughput stopped rising after %s s (best %.0f req/s, last %.0f); request CPU stopped falling after %s s (lowest %.1f us/req, last %.1f); within %s %% of the best interval from there on\n", k, at, best, rps[k, n[k]], cpuat, lower[1], cpu[k, n[k]], tol
			}
		}' "$WARMUP_CSV" | tee "$RESULTS_DIR/warmup-summary.txt"
	exit 0
fi

# --- runs --------------------------------------------------------------------------------------
echo "load.sh: $(nproc) cores, $("$JAVA" -version 2>&1 | head -1)"
echo "load.sh: rounds=$ROUNDS paths=[$TARGET_PATHS] configs=[$CONFIGS] wrk -t$THREADS -c$CONNECTIONS warmup=$WARMUP (2 connections) settle=$SETTLE duration=$DURATION"
echo "load.sh: results in $RESULTS_DIR"

for round in $(seq 1 "$ROUNDS"); do
	for target_path in "${PATHS[@]}"; do
		PATH_UNDER_TEST="$target_path"
		for config in $CONFIGS; do
			# one path keeps the run directories of before: r<round>-<config>
			if ((${#PATHS[@]} > 1)); then
				run="r$round-$(path_slug "$target_path")-$config"
			else
				run="r$round-$config"
			fi
			run_dir="$RESULTS_DIR/$run"
			mkdir -p "$run_dir"
			log="$run_dir/app.log"
			start_app_retrying "$config" "$run_dir" "$log" "$run"

			head_out="$(http_head "$APP_PORT")"
			x_trace_id="no"
			if grep -qi '^x-trace-id:' <<<"$head_out"; then
				x_trace_id="yes"
			fi

			url="http://127.0.0.1:$APP_PORT$PATH_UNDER_TEST"
			# 1-minute load average before the run: other work on the machine shows up here
			loadavg="$(cut -d' ' -f1 /proc/loadavg 2>/dev/null || echo "")"
			# warm up gently first: under full load on two cores the JIT's compiler threads starve and
			# C2 needs minutes, so a saturated warm-up measures half-compiled code (3x fewer req/s
			# after 60 s than after a gentle minute); then settle at full load before measuring
			wrk -t1 -c2 -d"$WARMUP" "$url" >"$run_dir/wrk-warmup.txt" 2>&1 \
				|| die "wrk warm-up failed; see $run_dir/wrk-warmup.txt"
			wrk -t"$THREADS" -c"$CONNECTIONS" -d"$SETTLE" "$url" >>"$run_dir/wrk-warmup.txt" 2>&1 \
				|| die "wrk settle failed; see $run_dir/wrk-warmup.txt"
			cpu_before="$(app_cpu_ticks)"
			threads_before="$(app_thread_ticks)"
			wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency "$url" >"$run_dir/wrk.txt" 2>&1 \
				|| die "wrk failed; see $run_dir/wrk.txt"
			cpu_after="$(app_cpu_ticks)"
			threads_after="$(app_thread_ticks)"
			stop_app

			rps="$(awk '/^Requests\/sec:/ {print $2}' "$run_dir/wrk.txt")"
			p99="$(awk '$1 == "99%" {print $2}' "$run_dir/wrk.txt")"
			p50="$(awk '$1 == "50%" {print $2}' "$run_dir/wrk.txt")"
			requests="$(awk '/requests in/ {print $1}' "$run_dir/wrk.txt")"
			socket_errors="$(awk '/Socket errors:/ {sub(/^ *Socket errors: */, ""); print}' "$run_dir/wrk.txt" | tr -d ' ' | tr ',' ';')"
			non2xx="$(awk '/Non-2xx or 3xx responses:/ {print $NF}' "$run_dir/wrk.txt")"
			[[ -n "$rps" && -n "$p99" ]] || die "could not parse wrk output; see $run_dir/wrk.txt"
			p99_ms="$(to_ms "$p99")"
			p50_ms="$(to_ms "$p50")"
			# CPU the app process used per request during the measurement: unlike throughput, not
			# moved by what else the (shared, noisy) machine runs, as long as the app is CPU-bound
			cpu_us_per_req="$(awk -v b="$cpu_before" -v a="$cpu_after" -v n="$requests" -v hz="$CLK_TCK" \
				'BEGIN { if (n > 0) printf "%.1f", (a - b) * 1000000 / hz / n }')"

			# what the access logs wrote (the app drained them on shutdown), then free the disk
			log_lines=""
			if [[ -f "$run_dir/access.log" ]]; then
				log_lines="$(wc -l <"$run_dir/access.log")"
				head -2 "$run_dir/access.log" >"$run_dir/access.log.head"
				rm -f "$run_dir/access.log"
			elif [[ -d "$run_dir/tomcat" ]]; then
				log_lines="$(cat "$run_dir"/tomcat/* 2>/dev/null | wc -l)"
				cat "$run_dir"/tomcat/* 2>/dev/null | head -2 >"$run_dir/access.log.head" || true
				rm -rf "$run_dir/tomcat"
			fi

			# where that CPU went, per thread group, in us per request
			thread_split="$(awk -v b="$threads_before" -v a="$threads_after" -v n="$requests" -v hz="$CLK_TCK" 'BEGIN {
				nb = split(b, pb, " "); split(a, pa, " ")
				for (i = 1; i <= nb; i++) { split(pb[i], x, "="); split(pa[i], y, "="); if (n > 0) printf "%s%s=%.1f", (i > 1 ? " " : ""), x[1], (y[2] - x[2]) * 1000000 / hz / n }
			}')"
			echo "$round,$config,$thread_split,$target_path" >>"$RESULTS_DIR/threads.csv"
			echo "$round,$config,$APP_PORT,$rps,$p99_ms,$p50_ms,$requests,${socket_errors:-0},${non2xx:-0},$log_lines,$x_trace_id,$loadavg,$cpu_us_per_req,$target_path" >>"$CSV"
			printf '  round %s %-10s %-14s %10s req/s  p99 %8s ms  p50 %7s ms  cpu %6s us/req  load %5s  X-Trace-Id:%-3s%s%s%s\n' \
				"$round" "$target_path" "$config" "$rps" "$p99_ms" "$p50_ms" "$cpu_us_per_req" "$loadavg" "$x_trace_id" \
				"${log_lines:+  log lines: $log_lines}" "${socket_errors:+  socket errors: $socket_errors}" \
				"${non2xx:+  non-2xx: $non2xx}"
			echo "      cpu us/req by thread: $thread_split"
		done
	done
done

# --- summary -----------------------------------------------------------------------------------
# per path (in TARGET_PATHS order) and configuration; "cpu +us/req" is the CPU the app spent per
# request beyond the baseline's, the median over rounds of the same-round difference: what the
# configuration costs every request of that path
SUMMARY="$RESULTS_DIR/summary.txt"
awk -F, -v configs="$CONFIGS" -v baseline="$BASELINE" -v paths="$TARGET_PATHS" -v single="$((${#PATHS[@]} == 1))" "$AWK_STATS"'
	NR > 1 {
		k = $14 SUBSEP $2
		rps[k] = rps[k] " " $4; p99[k] = p99[k] " " $5; cpu[k] = cpu[k] " " $13; runs[k]++
		value[$1, k] = $4; cpuof[$1, k] = $13; rounds[$1] = 1
	}
	END {
		np = split(paths, ps, " ")
		n = split(configs, c, " ")
		for (j = 1; j <= np; j++) {
			if (!single) printf "%spath %s\n", (j > 1 ? "\n" : ""), ps[j]
			b = ps[j] SUBSEP baseline
			base = median(rps[b])
			basecpu = median(cpu[b])
			printf "%-14s %4s %13s %8s %15s %16s %12s %10s %12s   %s\n", "config", "runs", "median req/s", "ratio", "ratio in round", "median p99 (ms)", "cpu us/req", "cpu ratio", "cpu +us/req", "req/s per round"
			for (i = 1; i <= n; i++) {
				k = ps[j] SUBSEP c[i]
				m = median(rps[k])
				# same-round ratios and CPU differences: each run against the baseline run of its own round
				r = ""; d = ""
				for (round in rounds) {
					if (value[round, b] > 0 && value[round, k] != "") r = r " " value[round, k] / value[round, b]
					if (cpuof[round, b] != "" && cpuof[round, k] != "") d = d " " (cpuof[round, k] - cpuof[round, b])
				}
				mc = median(cpu[k])
				printf "%-14s %4d %13.0f %8.3f %15.3f %16.2f %12.1f %10.3f %12.1f  %s\n", c[i], runs[k], m, (base > 0 ? m / base : 0), (r != "" ? median(r) : 0), median(p99[k]), mc, (mc > 0 ? basecpu / mc : 0), (d != "" ? median(d) : 0), rps[k]
			}
		}
		printf "ratio          = median req/s / median req/s of %s\n", baseline
		printf "ratio in round = median over rounds of (req/s / req/s of %s in the same round)\n", baseline
		printf "cpu ratio      = median cpu us/req of %s / median cpu us/req (the throughput ratio a CPU-bound app would reach)\n", baseline
		printf "cpu +us/req    = median over rounds of (cpu us/req - cpu us/req of %s in the same round)\n", baseline
	}' "$CSV" | tee "$SUMMARY"
