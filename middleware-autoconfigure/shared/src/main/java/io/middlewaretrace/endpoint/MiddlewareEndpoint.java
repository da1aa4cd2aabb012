package io.middlewaretrace.endpoint;

import java.util.Set;

import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;
import org.springframework.boot.actuate.endpoint.OperationResponseBody;
import org.springframework.boot.actuate.endpoint.SecurityContext;
import org.springframework.boot.actuate.endpoint.Show;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.context.ApplicationContext;
import org.springframework.lang.Nullable;

import io.middlewaretrace.chain.MiddlewareChainDescriber;
import io.middlewaretrace.stage.StageTrace;
import io.middlewaretrace.stage.StageTraceRepository;

/**
 * {@code /actuator/middleware}: the application's middleware in the order it really runs
 * (servlet filters, Spring Security filter chains, handler mappings and interceptors), the chain
 * one request path would pass through, and the stage trace of a recent request.
 *
 * @since 0.1.0
 */
@Endpoint(id = "middleware")
public class MiddlewareEndpoint {

	private static final int MAX_PATH_LENGTH = 2048;

	private static final int MAX_METHOD_LENGTH = 16;

	private static final int MAX_TRACE_ID_LENGTH = 64;

	private final ApplicationContext applicationContext;

	private final StageTraceRepository traces;

	private final Show showValues;

	private final Set<String> roles;

	/**
	 * Creates an endpoint.
	 * @param applicationContext the application context whose middleware is described
	 * @param traces the stage traces of recent requests, or {@code null} when none are kept
	 * @param showValues when the values of a trace's request snapshot are shown
	 * @param roles the roles that may see values when {@code showValues} is
	 * {@link Show#WHEN_AUTHORIZED}; empty for any authenticated user
	 */
	public MiddlewareEndpoint(ApplicationContext applicationContext, @Nullable StageTraceRepository traces,
			Show showValues, Set<String> roles) {
		this.applicationContext = applicationContext;
		this.traces = traces;
		this.showValues = showValues;
		this.roles = Set.copyOf(roles);
	}

	/**
	 * Describes the whole middleware chain, or, with a {@code path}, the chain a request to it
	 * would pass through.
	 * @param path a request path within the application, or {@code null}
	 * @param method the HTTP method of the request to {@code path}, {@code GET} when
	 * {@code null}
	 * @return a {@link MiddlewareChainDescriptor} without a path, else a
	 * {@link RequestChainDescriptor}
	 */
	@ReadOperation
	public OperationResponseBody chain(@Nullable String path, @Nullable String method) {
		if (path == null) {
			if (method != null) {
				throw new InvalidEndpointRequestException("'method' needs a 'path'", "'method' needs a 'path'");
			}
			return describer().describe();
		}
		validatePath(path);
		String requestMethod = (method != null) ? method : "GET";
		validateMethod(requestMethod);
		return describer().describe(requestMethod, path);
	}

	/**
	 * Returns the stage trace of a recent request.
	 * @param securityContext the security context of the caller, deciding whether snapshot
	 * values are shown
	 * @param traceId the trace id
	 * @return the trace, or {@code null} (404) when it is not, or no longer, kept
	 */
	@ReadOperation
	public StageTrace trace(SecurityContext securityContext, @Selector String traceId) {
		validateTraceId(traceId);
		if (this.traces == null) {
			return null;
		}
		StageTrace trace = this.traces.find(traceId).orElse(null);
		if (trace == null || this.showValues.isShown(securityContext, this.roles)) {
			return trace;
		}
		return trace.withoutSnapshotValues();
	}

	private MiddlewareChainDescriber describer() {
		return new MiddlewareChainDescriber(this.applicationContext);
	}

	private static void validatePath(String path) {
		if (path.isEmpty() || path.charAt(0) != '/') {
			throw invalid("'path' must start with '/'");
		}
		if (path.length() > MAX_PATH_LENGTH) {
			throw invalid("'path' must be at most " + MAX_PATH_LENGTH + " characters long");
		}
		for (int i = 0; i < path.length(); i++) {
			if (Character.isISOControl(path.charAt(i))) {
				throw invalid("'path' must not contain control characters");
			}
		}
	}

	private static void validateMethod(String method) {
		if (method.isEmpty() || method.length() > MAX_METHOD_LENGTH) {
			throw invalid("'method' must be 1 to " + MAX_METHOD_LENGTH + " characters long");
		}
		for (int i = 0; i < method.length(); i++) {
			if (!isTokenCharacter(method.charAt(i))) {
				throw invalid("'method' must be an HTTP token");
			}
		}
	}

	private static boolean isTokenCharacter(char c) {
		return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
				|| "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
	}

	private static void validateTraceId(String traceId) {
		if (traceId.isEmpty() || traceId.length() > MAX_TRACE_ID_LENGTH) {
			throw invalid("trace id must be 1 to " + MAX_TRACE_ID_LENGTH + " characters long");
		}
		for (int i = 0; i < traceId.length(); i++) {
			char c = traceId.charAt(i);
			boolean hex = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
			if (!hex && c != '-') {
				throw invalid("trace id must consist of hexadecimal digits and '-'");
			}
		}
	}

	private static InvalidEndpointRequestException invalid(String reason) {
		return new InvalidEndpointRequestException(reason, reason);
	}

}
