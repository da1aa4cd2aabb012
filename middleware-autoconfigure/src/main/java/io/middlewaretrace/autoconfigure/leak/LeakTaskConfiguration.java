package io.middlewaretrace.autoconfigure.leak;

import java.time.Duration;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.middlewaretrace.leak.LeakMetrics;
import io.middlewaretrace.leak.task.TaskLeaks;

/**
 * Tasks that outlive their request: the {@link TaskLeaks} source, which is also the task tracker
 * the starter's task decorator tells about tasks submitted on a request's behalf.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnBooleanProperty(name = "middleware.leaks.tasks.enabled", matchIfMissing = true)
class LeakTaskConfiguration {

	@Bean
	@ConditionalOnMissingBean
	TaskLeaks middlewareTaskLeaks(LeakProperties properties, ObjectProvider<LeakMetrics> metrics) {
		LeakProperties.Tasks tasks = properties.getTasks();
		Duration threshold = tasks.getThreshold();
		if (threshold == null || threshold.isNegative() || threshold.isZero()) {
			throw new IllegalStateException("middleware.leaks.tasks.threshold must be positive, but was " + threshold);
		}
		if (tasks.getMaxFrames() < 1) {
			throw new IllegalStateException(
					"middleware.leaks.tasks.max-frames must be at least 1, but was " + tasks.getMaxFrames());
		}
		if (tasks.getMaxTracked() < 0) {
			throw new IllegalStateException(
					"middleware.leaks.tasks.max-tracked must not be negative, but was " + tasks.getMaxTracked());
		}
		return new TaskLeaks(threshold, tasks.getMaxFrames(), tasks.getMaxTracked(), properties.getRecent(),
				metrics.getIfAvailable(() -> LeakMetrics.NONE));
	}

}
