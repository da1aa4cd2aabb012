package io.middlewaretrace.chain;

import org.apache.catalina.startup.Tomcat;

import org.springframework.boot.tomcat.TomcatWebServer;
import org.springframework.boot.web.server.servlet.context.ServletWebServerApplicationContext;
import org.springframework.context.ApplicationContext;

/**
 * The embedded Tomcat an application runs on, found through Spring Boot 4's web server types.
 * Only loaded when Tomcat is on the class path.
 */
final class EmbeddedTomcat {

	/**
	 * Spring Boot's embedded Tomcat web server on this line.
	 */
	static final String WEB_SERVER_CLASS = "org.springframework.boot.tomcat.TomcatWebServer";

	private EmbeddedTomcat() {
	}

	/**
	 * Returns the application's embedded Tomcat, or {@code null} when it runs on none.
	 */
	static Tomcat of(ApplicationContext context) {
		if (context instanceof ServletWebServerApplicationContext web
				&& web.getWebServer() instanceof TomcatWebServer tomcat) {
			return tomcat.getTomcat();
		}
		return null;
	}

}
