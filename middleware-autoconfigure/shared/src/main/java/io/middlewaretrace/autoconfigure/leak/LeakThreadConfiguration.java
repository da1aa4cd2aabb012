package io.middlewaretrace.autoconfigure.leak;

import java.time.Duration;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.middlewaretrace.leak.thread.ThreadGrowth;

import static io.middlewaretrace.autoconfigure.ConfigurationChecks.require;
import static io.middlewaretrace.autoconfigure.ConfigurationChecks.requireNotNegative;
import static io.middlewaretrace.autoconfigure.ConfigurationChecks.requirePositive;

/**
 * Growth of the live thread count: the {@link ThreadGrowth} source, whose baseline is taken when
 * the application is ready.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnBooleanProperty(name = "middleware.leaks.threads.enabled", matchIfMissing = true)
class LeakThreadConfiguration {

	@Bean
	@ConditionalOnMissingBean
	ThreadGrowth middlewareThreadGrowth(LeakProperties properties) {
		LeakProperties.Threads threads = properties.getThreads();
		double growthFactor = threads.getGrowthFactor();
		require(growthFactor >= 1.0, "middleware.leaks.threads.growth-factor", growthFactor, "Must be at least 1.0.");
		int max = requirePositive("middleware.leaks.threads.max", threads.getMax());
		Duration sustain = requireNotNegative("middleware.leaks.threads.sustain", threads.getSustain());
		return new ThreadGrowth(growthFactor, max, sustain, properties.getRecent());
	}

	@Bean
	ApplicationListener<ApplicationReadyEvent> middlewareThreadBaseline(ThreadGrowth growth) {
		return (event) -> growth.applicationReady();
	}

}
