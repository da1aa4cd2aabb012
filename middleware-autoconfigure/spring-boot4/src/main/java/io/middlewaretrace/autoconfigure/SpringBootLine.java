package io.middlewaretrace.autoconfigure;

/**
 * What differs between the Spring Boot lines in the shared wiring, as compile-time constants:
 * this module's line and starter, and the names of Spring Boot 4's classes that the shared
 * auto-configurations order themselves after or look for by name. Each line's module has its
 * own copy of this class; the shared sources are compiled once per line against it.
 *
 * @since 0.1.0
 */
public final class SpringBootLine {

	/**
	 * The Spring Boot line this module is built for.
	 */
	public static final String LINE = "4";

	/**
	 * This line's starter.
	 */
	public static final String STARTER = "middleware-trace-spring-boot4-starter";

	/**
	 * Spring Boot's auto-configuration of the MVC error controller and error attributes.
	 */
	public static final String ERROR_MVC_AUTO_CONFIGURATION = "org.springframework.boot.webmvc.autoconfigure.error.ErrorMvcAutoConfiguration";

	/**
	 * Spring Boot's auto-configuration of Micrometer Tracing.
	 */
	public static final String MICROMETER_TRACING_AUTO_CONFIGURATION = "org.springframework.boot.micrometer.tracing.autoconfigure.MicrometerTracingAutoConfiguration";

	/**
	 * Spring Boot's auto-configuration of the meter registry.
	 */
	public static final String COMPOSITE_METER_REGISTRY_AUTO_CONFIGURATION = "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration";

	/**
	 * Spring Boot's auto-configuration of the DataSource.
	 */
	public static final String DATA_SOURCE_AUTO_CONFIGURATION = "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration";

	/**
	 * Spring Boot's error attributes of Spring MVC applications.
	 */
	public static final String ERROR_ATTRIBUTES = "org.springframework.boot.webmvc.error.ErrorAttributes";

	private SpringBootLine() {
	}

}
