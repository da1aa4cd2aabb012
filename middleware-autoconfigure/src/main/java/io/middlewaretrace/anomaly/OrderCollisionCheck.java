package io.middlewaretrace.anomaly;

import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;

import io.middlewaretrace.chain.MiddlewareChainDescriber;
import io.middlewaretrace.chain.OrderCollision;

/**
 * Once the application is ready, reports every group of filters that share an order value (their
 * relative order is then accidental) as an {@link AnomalyType#ORDER_COLLISION}: one WARN line per
 * group at startup, and an entry in the anomalies endpoint.
 *
 * @since 0.1.0
 */
public class OrderCollisionCheck implements ApplicationListener<ApplicationReadyEvent> {

	private final AnomalyRegistry registry;

	/**
	 * Creates the check.
	 * @param registry where collisions are reported
	 */
	public OrderCollisionCheck(AnomalyRegistry registry) {
		this.registry = registry;
	}

	@Override
	public void onApplicationEvent(ApplicationReadyEvent event) {
		for (OrderCollision collision : new MiddlewareChainDescriber(event.getApplicationContext()).orderCollisions()) {
			this.registry.report(AnomalyType.ORDER_COLLISION, null, String.join(", ", collision.filters()),
					"filters share the order value " + collision.order()
							+ ", so the order they run in is accidental; give each its own order",
					null);
		}
	}

}
