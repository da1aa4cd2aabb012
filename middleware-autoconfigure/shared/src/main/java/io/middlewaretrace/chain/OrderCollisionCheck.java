package io.middlewaretrace.chain;

import java.util.List;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;

import io.middlewaretrace.context.AnomalyReporter;
import io.middlewaretrace.context.AnomalyType;

/**
 * Once the application is ready, reports every group of filters that share an order value (their
 * relative order is then accidental) as an {@link AnomalyType#ORDER_COLLISION}: one WARN line per
 * group at startup, and an entry in the anomalies endpoint.
 *
 * @since 0.1.0
 */
public class OrderCollisionCheck implements ApplicationListener<ApplicationReadyEvent> {

	private static final Log logger = LogFactory.getLog(OrderCollisionCheck.class);

	private final AnomalyReporter registry;

	/**
	 * Creates the check.
	 * @param registry where collisions are reported
	 */
	public OrderCollisionCheck(AnomalyReporter registry) {
		this.registry = registry;
	}

	@Override
	public void onApplicationEvent(ApplicationReadyEvent event) {
		List<OrderCollision> collisions;
		try {
			collisions = new MiddlewareChainDescriber(event.getApplicationContext()).orderCollisions();
		}
		catch (RuntimeException | LinkageError ex) {
			// a diagnostic must never stop the application from starting
			logger.debug("Could not check the filters' order values", ex);
			return;
		}
		for (OrderCollision collision : collisions) {
			this.registry.report(AnomalyType.ORDER_COLLISION, null, String.join(", ", collision.filters()),
					"filters share the order value " + collision.order()
							+ ", so the order they run in is accidental; give each its own order",
					null);
		}
	}

}
