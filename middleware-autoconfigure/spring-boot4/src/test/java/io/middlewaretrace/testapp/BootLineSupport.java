package io.middlewaretrace.testapp;

import java.util.Collection;
import java.util.function.Consumer;

import org.apache.catalina.Valve;
import org.apache.catalina.connector.Connector;

import org.springframework.boot.http.client.ClientHttpRequestFactoryBuilder;
import org.springframework.boot.http.client.HttpComponentsClientHttpRequestFactoryBuilder;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.ApplicationContext;
import org.springframework.http.client.ClientHttpRequestFactory;

import org.springframework.boot.http.client.autoconfigure.ClientHttpRequestFactoryBuilderCustomizer;
import org.springframework.boot.http.client.HttpClientSettings;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;

/**
 * What the shared tests do with Spring Boot types that are in other packages on each line:
 * the embedded Tomcat's factory and Boot's HTTP client settings, as Spring Boot 4 has them. Each
 * line's test tree has its own copy, with the same methods.
 */
public final class BootLineSupport {

	/**
	 * The property that chooses the HTTP client of Boot-built RestClients.
	 */
	public static final String HTTP_CLIENT_FACTORY = "spring.http.clients.imperative.factory";

	/**
	 * The property that names the SSL bundle of Boot-built HTTP clients.
	 */
	public static final String HTTP_CLIENT_SSL_BUNDLE = "spring.http.clients.ssl.bundle";

	/**
	 * The prefix of Spring Boot's error page properties ({@code include-message}, ...).
	 */
	public static final String ERROR = "spring.web.error";

	/**
	 * The prefix of Spring Boot's servlet request and response encoding properties.
	 */
	public static final String SERVLET_ENCODING = "spring.servlet.encoding";

	private BootLineSupport() {
	}

	/**
	 * Returns the context customizers a Tomcat web server factory gets from every
	 * {@code WebServerFactoryCustomizer} bean of the context.
	 */
	@SuppressWarnings("unchecked")
	public static Collection<?> tomcatContextCustomizers(ApplicationContext context) {
		TomcatServletWebServerFactory factory = new TomcatServletWebServerFactory();
		context.getBeanProvider(WebServerFactoryCustomizer.class).forEach((customizer) -> customizer.customize(factory));
		return factory.getContextCustomizers();
	}

	/**
	 * Returns the context valves a Tomcat web server factory gets from the customizer.
	 */
	@SuppressWarnings({ "unchecked", "rawtypes" })
	public static Collection<Valve> tomcatContextValves(WebServerFactoryCustomizer customizer) {
		TomcatServletWebServerFactory factory = new TomcatServletWebServerFactory();
		customizer.customize(factory);
		return factory.getContextValves();
	}

	/**
	 * Returns a customizer bean that customizes the embedded Tomcat's connectors.
	 */
	public static WebServerFactoryCustomizer<TomcatServletWebServerFactory> tomcatConnectors(
			Consumer<Connector> customizer) {
		return (factory) -> factory.addConnectorCustomizers(customizer::accept);
	}

	/**
	 * Returns a JDK HttpClient request factory with Boot's default settings.
	 */
	public static ClientHttpRequestFactory jdkRequestFactory() {
		return ClientHttpRequestFactoryBuilder.jdk().build(HttpClientSettings.defaults());
	}

	/**
	 * Applies a {@code ClientHttpRequestFactoryBuilderCustomizer} bean to an Apache HttpClient 5
	 * builder.
	 */
	@SuppressWarnings("unchecked")
	public static HttpComponentsClientHttpRequestFactoryBuilder customize(Object customizer,
			HttpComponentsClientHttpRequestFactoryBuilder builder) {
		return ((ClientHttpRequestFactoryBuilderCustomizer<HttpComponentsClientHttpRequestFactoryBuilder>) customizer)
			.customize(builder);
	}

	/**
	 * Builds a request factory with Boot's default settings and the SSL bundle.
	 */
	public static ClientHttpRequestFactory build(HttpComponentsClientHttpRequestFactoryBuilder builder,
			SslBundle sslBundle) {
		return builder.build(HttpClientSettings.defaults().withSslBundle(sslBundle));
	}

}
