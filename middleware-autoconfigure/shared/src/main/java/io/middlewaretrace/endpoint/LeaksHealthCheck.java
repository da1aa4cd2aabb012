package io.middlewaretrace.endpoint;

import java.util.List;
import java.util.function.BiConsumer;

import io.middlewaretrace.leak.LeakSource;

/**
 * What the {@code leaks} health contributor reports: each source's state as a detail, whether
 * something leaked or a pool is saturated, and from those whether the status is {@code DOWN}.
 * The {@link LeaksHealthIndicator} of each Spring Boot line hands it its health builder.
 *
 * @since 0.1.0
 */
public final class LeaksHealthCheck {

	private final List<LeakSource> sources;

	private final boolean downOnLeak;

	private final boolean downOnSaturation;

	/**
	 * Creates the check.
	 * @param sources the leak sources
	 * @param downOnLeak whether an unhealed leak turns the status {@code DOWN}
	 * @param downOnSaturation whether a saturated pool turns the status {@code DOWN}
	 */
	public LeaksHealthCheck(List<LeakSource> sources, boolean downOnLeak, boolean downOnSaturation) {
		this.sources = List.copyOf(sources);
		this.downOnLeak = downOnLeak;
		this.downOnSaturation = downOnSaturation;
	}

	/**
	 * Reports the details and returns whether the status is {@code UP}.
	 * @param details receives each detail's name and value
	 * @return {@code true} for {@code UP}, {@code false} for {@code DOWN}
	 */
	public boolean report(BiConsumer<String, Object> details) {
		boolean leaking = false;
		boolean saturated = false;
		for (LeakSource source : this.sources) {
			LeakSource.LeakHealth health = source.health();
			leaking |= health.leaking();
			saturated |= health.saturated();
			details.accept(source.name(), health.details());
		}
		details.accept("leaking", leaking);
		details.accept("saturated", saturated);
		return !((leaking && this.downOnLeak) || (saturated && this.downOnSaturation));
	}

}
