package io.middlewaretrace.autoconfigure;

import java.util.function.Supplier;

import org.springframework.boot.SpringBootVersion;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.Ordered;

/**
 * Stops an application that runs this starter on another Spring Boot line than the one it was
 * built for, before any of its auto-configurations is loaded: each line has its own starter
 * (the packages of Spring Boot's classes differ between 3.5 and 4), and a starter of the wrong
 * line would otherwise fail later and obscurely, or silently lose its auto-configuration
 * ordering. Registered in {@code META-INF/spring.factories}; {@link SpringBootLineFailureAnalyzer}
 * explains the failure.
 *
 * @since 0.1.0
 */
public class SpringBootLineCheck implements ApplicationContextInitializer<ConfigurableApplicationContext>, Ordered {

	private final Supplier<String> version;

	/**
	 * Creates the check of the running Spring Boot version.
	 */
	public SpringBootLineCheck() {
		this(SpringBootVersion::getVersion);
	}

	SpringBootLineCheck(Supplier<String> version) {
		this.version = version;
	}

	@Override
	public void initialize(ConfigurableApplicationContext context) {
		String running = this.version.get();
		// unknown when Spring Boot's jar was repackaged without its manifest: nothing to compare
		if (running != null && !running.startsWith(SpringBootLine.LINE + ".")) {
			throw new SpringBootLineMismatchException(SpringBootLine.STARTER, SpringBootLine.LINE, running);
		}
	}

	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE;
	}

}
