package io.middlewaretrace.endpoint;

import java.util.List;
import java.util.Map;

import io.middlewaretrace.anomaly.Anomaly;
import io.middlewaretrace.anomaly.AnomalyRegistry;
import io.middlewaretrace.context.AnomalyType;
import org.springframework.boot.actuate.endpoint.OperationResponseBody;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;

/**
 * {@code GET /actuator/anomalies}: middleware anti-patterns caught at runtime, counted by type,
 * with the latest occurrences (trace id, route, the middleware at fault and, where useful, the
 * offending caller frame). Holds no request data: names, ids and frames only.
 *
 * @since 0.1.0
 */
@Endpoint(id = "anomalies")
public class AnomaliesEndpoint {

	private final AnomalyRegistry registry;

	/**
	 * Creates the endpoint.
	 * @param registry the anomaly registry
	 */
	public AnomaliesEndpoint(AnomalyRegistry registry) {
		this.registry = registry;
	}

	/**
	 * Returns the counts and latest occurrences.
	 * @return the anomalies
	 */
	@ReadOperation
	public AnomaliesDescriptor anomalies() {
		return new AnomaliesDescriptor(this.registry.counts(), this.registry.latest());
	}

	/**
	 * The anomalies endpoint's response.
	 *
	 * @param counts occurrences by type since startup
	 * @param latest the latest occurrences, newest first
	 */
	public record AnomaliesDescriptor(Map<AnomalyType, Long> counts, List<Anomaly> latest)
			implements OperationResponseBody {
	}

}
