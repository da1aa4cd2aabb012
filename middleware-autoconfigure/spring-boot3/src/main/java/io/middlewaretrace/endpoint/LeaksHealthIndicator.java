package io.middlewaretrace.endpoint;

import java.util.List;

import io.middlewaretrace.leak.LeakSource;
import org.springframework.boot.actuate.health.AbstractHealthIndicator;
import org.springframework.boot.actuate.health.Health;

/**
 * Health contributor {@code leaks}: leak and pool-saturation state from every source, as
 * details. By default it reports without failing the health check; configured to, it reports
 * {@code DOWN} while something leaked and is not healed, or while a pool is saturated.
 *
 * @since 0.1.0
 */
public class LeaksHealthIndicator extends AbstractHealthIndicator {

	private final List<LeakSource> sources;

	private final boolean downOnLeak;

	private final boolean downOnSaturation;

	/**
	 * Creates the indicator.
	 * @param sources the leak sources
	 * @param downOnLeak whether an unhealed leak turns the status {@code DOWN}
	 * @param downOnSaturation whether a saturated pool turns the status {@code DOWN}
	 */
	public LeaksHealthIndicator(List<LeakSource> sources, boolean downOnLeak, boolean downOnSaturation) {
		super("Leak health check failed");
		this.sources = List.copyOf(sources);
		this.downOnLeak = downOnLeak;
		this.downOnSaturation = downOnSaturation;
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) {
		boolean leaking = false;
		boolean saturated = false;
		for (LeakSource source : this.sources) {
			LeakSource.LeakHealth health = source.health();
			leaking |= health.leaking();
			saturated |= health.saturated();
			builder.withDetail(source.name(), health.details());
		}
		builder.withDetail("leaking", leaking).withDetail("saturated", saturated);
		if ((leaking && this.downOnLeak) || (saturated && this.downOnSaturation)) {
			builder.down();
		}
		else {
			builder.up();
		}
	}

}
