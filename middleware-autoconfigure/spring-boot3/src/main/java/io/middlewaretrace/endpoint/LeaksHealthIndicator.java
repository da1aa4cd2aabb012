package io.middlewaretrace.endpoint;

import java.util.List;

import org.springframework.boot.actuate.health.AbstractHealthIndicator;
import org.springframework.boot.actuate.health.Health;

import io.middlewaretrace.leak.LeakSource;

/**
 * Health contributor {@code leaks}: leak and pool-saturation state from every source, as
 * details ({@link LeaksHealthCheck}). By default it reports without failing the health check;
 * configured to, it reports {@code DOWN} while something leaked and is not healed, or while a
 * pool is saturated.
 *
 * @since 0.1.0
 */
public class LeaksHealthIndicator extends AbstractHealthIndicator {

	private final LeaksHealthCheck check;

	/**
	 * Creates the indicator.
	 * @param sources the leak sources
	 * @param downOnLeak whether an unhealed leak turns the status {@code DOWN}
	 * @param downOnSaturation whether a saturated pool turns the status {@code DOWN}
	 */
	public LeaksHealthIndicator(List<LeakSource> sources, boolean downOnLeak, boolean downOnSaturation) {
		super("Leak health check failed");
		this.check = new LeaksHealthCheck(sources, downOnLeak, downOnSaturation);
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) {
		if (this.check.report(builder::withDetail)) {
			builder.up();
		}
		else {
			builder.down();
		}
	}

}
