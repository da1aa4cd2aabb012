package io.middlewaretrace.autoconfigure.leak;

import java.time.Duration;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.middlewaretrace.leak.LeakMetrics;
import io.middlewaretrace.leak.task.TaskLeaks;

import static io.middlewaretrace.autoconfigure.ConfigurationChecks.requireNotNegative;
import static io.middlewaretrace.autoconfigure.ConfigurationChecks.requirePositive;

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
		Duration threshold = requirePositive("middleware.leaks.tasks.threshold", tasks.getThreshold());
		int maxFrames = requirePositive("middleware.leaks.tasks.max-frames", tasks.getMaxFrames());
		int maxTracked = requireNotNegative("middleware.leaks.tasks.max-tracked", tasks.getMaxTracked());
		return new TaskLeaks(threshold, maxFrames, maxTracked, properties.getRecent(),
				metrics.getIfAvailable(() -> LeakMetrics.NONE));
	}

}
