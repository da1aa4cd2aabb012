# Configurations of the sample app that load.sh and paired.sh compare, the settings and shell
# helpers both use; sourced by both (each defines its own die).

# settings both scripts share (see their headers)
THREADS="${THREADS:-2}"
CONNECTIONS="${CONNECTIONS:-32}"
SETTLE="${SETTLE:-10s}"
BASELINE="${BASELINE:-disabled}"
JAR="${JAR:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)/sample-app/target/middleware-trace-sample-app.jar}"
JAVA="${JAVA:-java}"
JAVA_OPTS="${JAVA_OPTS:-}"
STARTUP_TIMEOUT="${STARTUP_TIMEOUT:-120}"
PATH_UNDER_TEST="/api/ping"
# actuator endpoints exposed over HTTP, in every configuration: Spring Boot's default. The sample
# app exposes all of them as a demo, and every exposed GET operation is one more mapping Spring
# MVC tries, twice, on every request to the app (docs/benchmarks.md, section 6); EXPOSE='*'
# measures the app as shipped.
EXPOSE="${EXPOSE:-health}"
# shellcheck shell=bash

# Tomcat access-log pattern of starter-valve-json
# shellcheck disable=SC2016
VALVE_JSON_PATTERN='{"@timestamp":"%{yyyy-MM-dd'"'"'T'"'"'HH:mm:ss.SSS}t","@version":"1","message":"%m_%U_%s","logger_name":"middleware.access","thread_name":"%I","level":"INFO","level_value":20000,"trace_id":"%{X-Trace-Id}o","span_id":"%{traceresponse}o","http_route":"%U","http_method":"%m","http_status":%s,"duration_ms":%D,"response_bytes":%B}'

# the app's command-line arguments for one configuration; $2 is a directory for its files
config_args() {
	local config="$1" run_dir="$2"
	local nolog="--middleware.stage-trace.enabled=false --middleware.access-log.enabled=false"
	local valve="--server.tomcat.accesslog.enabled=true --server.tomcat.accesslog.directory=$run_dir/tomcat"
	local nowrap="--middleware.stage-trace.wrap-container-filters=false"
	local nocapture="--middleware.snapshot.enabled=false --middleware.anomalies.body-replay-limit=0"
	printf '%s ' "--management.endpoints.web.exposure.include=$EXPOSE"
	case "$config" in
		# disabled-twin: a second, identical disabled app, for A/A runs that show how far two
		# processes of one configuration differ (each JVM compiles the app its own way)
		disabled | disabled-twin) echo "--middleware.enabled=false" ;;
		starter-file) echo "--middleware.stage-trace.enabled=false --middleware.access-log.output=file --middleware.access-log.file=$run_dir/access.log" ;;
		starter-nolog) echo "$nolog" ;;
		# starter-nolog without the per-request defaults later issues added (deadlines, leak
		# tracking, body capture for snapshots, anomaly checks, container-filter wrappers): the
		# request context, MDC, trace headers, problem+json and counters of the foundation alone
		starter-foundation) echo "$nolog --middleware.deadline.enabled=false --middleware.leaks.enabled=false --middleware.anomalies.enabled=false $nocapture $nowrap" ;;
		starter-trace) echo "--middleware.stage-trace.enabled=true --middleware.access-log.enabled=false" ;;
		starter-nocapture) echo "$nolog $nocapture" ;;
		starter-nowrap) echo "$nolog $nowrap" ;;
		starter-lean) echo "$nolog $nowrap $nocapture" ;;
		starter-nodeadline) echo "$nolog --middleware.deadline.enabled=false" ;;
		starter-noleaks) echo "$nolog --middleware.leaks.enabled=false" ;;
		tomcat-valve) echo "--middleware.enabled=false $valve" ;;
		# starter-nolog with Tomcat's valve writing the access log instead of the starter: against
		# starter-file, the two access logs on the very same app
		starter-valve) echo "$nolog $valve" ;;
		# starter-valve with the valve writing a JSON line of the starter's fields and about its
		# length (~380 bytes; no spaces, so that the pattern survives word splitting): the two
		# access logs writing the same bytes
		starter-valve-json) echo "$nolog $valve --server.tomcat.accesslog.pattern=$VALVE_JSON_PATTERN" ;;
		bare) echo "--middleware.enabled=false --management.tracing.enabled=false" ;;
		# disabled with every actuator endpoint exposed, as the sample app ships (whatever EXPOSE
		# is): what the exposure costs every request
		disabled-exposed) echo "--middleware.enabled=false --management.endpoints.web.exposure.include=*" ;;
		*) return 1 ;;
	esac
}

# dies unless wrk, java and the sample app's jar are there, every configuration in $CONFIGS is
# known and $BASELINE is among them
check_setup() {
	command -v wrk >/dev/null 2>&1 || die "wrk is not installed. Install it with: apt-get install wrk"
	command -v "$JAVA" >/dev/null 2>&1 || die "java not found (set JAVA=/path/to/java)"
	[[ -f "$JAR" ]] || die "sample app jar not found: $JAR; build it first, from the repository, with ./mvnw -B -DskipTests package"
	check_configs
}

check_configs() {
	for config in $CONFIGS; do
		config_args "$config" /dev/null >/dev/null || die "unknown configuration '$config'"
	done
	[[ " $CONFIGS " == *" $BASELINE "* ]] || die "baseline '$BASELINE' is not among CONFIGS ($CONFIGS)"
}

# awk functions both summaries use: prepend to an awk program
# shellcheck disable=SC2016
AWK_STATS='
	# sorts the numbers of a space-separated list into a[1..n]; returns n
	function sort_numbers(list, a,    n, i, j, t) {
		n = split(list, a, " ")
		for (i = 2; i <= n; i++) { t = a[i] + 0; for (j = i - 1; j >= 1 && a[j] + 0 > t; j--) a[j + 1] = a[j]; a[j + 1] = t }
		return n
	}
	function median(list,    a, n) {
		n = sort_numbers(list, a)
		return (n % 2) ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
	}
	# distribution-free ~95 % confidence interval of the median: the order statistics
	# n/2 -/+ 0.98 sqrt(n), as "low-high"
	function median_ci(list,    a, n, lo, hi) {
		n = sort_numbers(list, a)
		lo = int(n / 2 - 0.98 * sqrt(n)); hi = int(n / 2 + 1 + 0.98 * sqrt(n) + 0.999)
		if (lo < 1) lo = 1
		if (hi > n) hi = n
		return sprintf("%.3f-%.3f", a[lo], a[hi])
	}
'

# dies unless the variable named $1 holds a positive integer
require_positive() {
	[[ "${!1}" =~ ^[1-9][0-9]*$ ]] || die "$1 must be a positive integer, got '${!1}'"
}

# true when something listens on 127.0.0.1:$1
port_in_use() {
	(exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

# a free port below the kernel's ephemeral range, which wrk's and the apps' own connections
# draw from (a port picked there was taken before an app could bind it)
free_port() {
	local port low=32768
	[[ -r /proc/sys/net/ipv4/ip_local_port_range ]] && read -r low _ </proc/sys/net/ipv4/ip_local_port_range
	((low > 11000)) || low=32768
	for _ in $(seq 1 100); do
		port=$((10000 + RANDOM % (low - 10000)))
		if ! port_in_use "$port"; then
			echo "$port"
			return 0
		fi
	done
	die "no free port found"
}

# latency value from wrk ("512.00us", "1.23ms", "2.01s", "1.00m") in milliseconds
to_ms() {
	awk -v v="$1" 'BEGIN {
		n = v + 0; u = v; sub(/^[0-9.]+/, "", u)
		if (u == "us") n = n / 1000; else if (u == "s") n = n * 1000; else if (u == "m") n = n * 60000
		printf "%.3f", n }'
}
