package io.middlewaretrace.endpoint;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.middlewaretrace.leak.LeakSource;
import org.springframework.boot.actuate.endpoint.OperationResponseBody;
import org.springframework.boot.actuate.endpoint.SecurityContext;
import org.springframework.boot.actuate.endpoint.Show;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;

/**
 * {@code GET /actuator/leaks}: what is held now and what leaked recently, by source: pooled
 * connections (held, leaked, suspect, reclaimed, returned late, pool state), tasks that outlived
 * their request, MDC entries left behind, thread growth. Every leak names the request (trace id,
 * route) it came from. {@code POST /actuator/leaks} heals what can be healed now: leaked
 * connections are reclaimed and idle ones soft-evicted, without ever suspending a pool.
 *
 * @since 0.1.0
 */
@Endpoint(id = "leaks")
public class LeaksEndpoint {

	private final List<LeakSource> sources;

	private final Show showValues;

	private final Set<String> roles;

	/**
	 * Creates the endpoint.
	 * @param sources the leak sources, in the order their sections are shown
	 * @param showValues when values that may be sensitive (MDC values) are shown
	 * @param roles the roles that may see values when {@code showValues} is
	 * {@link Show#WHEN_AUTHORIZED}; empty for any authenticated user
	 */
	public LeaksEndpoint(List<LeakSource> sources, Show showValues, Set<String> roles) {
		this.sources = List.copyOf(sources);
		this.showValues = showValues;
		this.roles = Set.copyOf(roles);
	}

	/**
	 * Returns every source's state and recent leaks.
	 * @param securityContext the caller's security context, deciding whether values are shown
	 * @return the leaks
	 */
	@ReadOperation
	public LeaksDescriptor leaks(SecurityContext securityContext) {
		boolean show = this.showValues.isShown(securityContext, this.roles);
		Map<String, Object> sections = new LinkedHashMap<>();
		for (LeakSource source : this.sources) {
			sections.put(source.name(), source.describe(show));
		}
		return new LeaksDescriptor(sections);
	}

	/**
	 * Heals what can be healed now: reclaims leaked connections and soft-evicts idle ones.
	 * @return what each source did
	 */
	@WriteOperation
	public LeaksDescriptor heal() {
		Map<String, Object> sections = new LinkedHashMap<>();
		for (LeakSource source : this.sources) {
			Map<String, Object> healed = source.heal();
			if (healed != null) {
				sections.put(source.name(), healed);
			}
		}
		return new LeaksDescriptor(sections);
	}

	/**
	 * The leaks endpoint's response: one section per source.
	 *
	 * @param sources the sections, by source name
	 */
	public record LeaksDescriptor(Map<String, Object> sources) implements OperationResponseBody {
	}

}
