package io.middlewaretrace.autoconfigure.leak;

import java.time.Duration;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.middlewaretrace.leak.thread.ThreadGrowth;

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
		if (!(threads.getGrowthFactor() >= 1.0)) {
			throw new IllegalStateException(
					"middleware.leaks.threads.growth-factor must be at least 1.0, but was " + threads.getGrowthFactor());
		}
		if (threads.getMax() < 1) {
			throw new IllegalStateException("middleware.leaks.threads.max must be at least 1, but was " + threads.getMax());
		}
		Duration sustain = threads.getSustain();
		if (sustain == null || sustain.isNegative()) {
			throw new IllegalStateException("middleware.leaks.threads.sustain must not be negative, but was " + sustain);
		}
		return new ThreadGrowth(threads.getGrowthFactor(), threads.getMax(), sustain, properties.getRecent());
	}

	@Bean
	ApplicationListener<ApplicationReadyEvent> middlewareThreadBaseline(ThreadGrowth growth) {
		return (event) -> growth.applicationReady();
	}

}
