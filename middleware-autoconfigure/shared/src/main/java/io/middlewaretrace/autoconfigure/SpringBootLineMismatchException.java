package io.middlewaretrace.autoconfigure;

/**
 * The application runs a middleware-trace starter built for another Spring Boot line.
 *
 * @since 0.1.0
 */
public class SpringBootLineMismatchException extends RuntimeException {

	private final String starter;

	private final String line;

	private final String running;

	/**
	 * Creates the exception.
	 * @param starter the starter on the class path
	 * @param line the Spring Boot line it is built for ({@code 3}, {@code 4})
	 * @param running the Spring Boot version the application runs
	 */
	public SpringBootLineMismatchException(String starter, String line, String running) {
		super(starter + " is built for Spring Boot " + line + ".x, but the application runs Spring Boot " + running
				+ "; use " + starterFor(running) + " instead");
		this.starter = starter;
		this.line = line;
		this.running = running;
	}

	/**
	 * Returns the name of the starter of the line a Spring Boot version belongs to.
	 * @param version a Spring Boot version
	 * @return the starter's artifact id
	 */
	public static String starterFor(String version) {
		int dot = version.indexOf('.');
		String major = (dot > 0) ? version.substring(0, dot) : version;
		return "middleware-trace-spring-boot" + major + "-starter";
	}

	/**
	 * Returns the starter on the class path.
	 * @return its artifact id
	 */
	public String starter() {
		return this.starter;
	}

	/**
	 * Returns the Spring Boot line the starter is built for.
	 * @return the major version
	 */
	public String line() {
		return this.line;
	}

	/**
	 * Returns the Spring Boot version the application runs.
	 * @return the version
	 */
	public String running() {
		return this.running;
	}

}
