package io.middlewaretrace.autoconfigure;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootVersion;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.core.io.support.SpringFactoriesLoader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatNoException;

/**
 * A starter on the wrong Spring Boot line stops the application before its auto-configurations
 * load, with Spring Boot's failure report naming the starter to declare instead.
 */
class SpringBootLineCheckTests {

	// a version of the other line, and the starter built for it
	private static final String OTHER_VERSION = SpringBootLine.LINE.equals("3") ? "4.1.2" : "3.5.16";

	private static final String OTHER_LINE = OTHER_VERSION.substring(0, 1);

	private static final String OTHER_STARTER = "middleware-trace-spring-boot" + OTHER_LINE + "-starter";

	@Test
	void passesOnTheLineItIsBuiltFor() {
		assertThat(SpringBootVersion.getVersion()).startsWith(SpringBootLine.LINE + ".");
		assertThatNoException().isThrownBy(() -> new SpringBootLineCheck().initialize(new GenericApplicationContext()));
	}

	@Test
	void rejectsAnotherLineNamingItsStarter() {
		assertThatExceptionOfType(SpringBootLineMismatchException.class)
			.isThrownBy(() -> new SpringBootLineCheck(() -> OTHER_VERSION).initialize(new GenericApplicationContext()))
			.withMessage(SpringBootLine.STARTER + " is built for Spring Boot " + SpringBootLine.LINE
					+ ".x, but the application runs Spring Boot " + OTHER_VERSION + "; use " + OTHER_STARTER
					+ " instead");
	}

	@Test
	void leavesAnUnknownVersionAlone() {
		assertThatNoException()
			.isThrownBy(() -> new SpringBootLineCheck(() -> null).initialize(new GenericApplicationContext()));
	}

	@Test
	void isRegisteredAsAnInitializerOfEveryApplication() {
		assertThat(SpringFactoriesLoader.forDefaultResourceLocation().load(ApplicationContextInitializer.class))
			.hasAtLeastOneElementOfType(SpringBootLineCheck.class);
	}

	@Test
	@ExtendWith(OutputCaptureExtension.class)
	void theFailureReportNamesTheStarterToDeclare(CapturedOutput output) {
		// the registered analyzer explains the failure where a SpringApplication fails to start
		SpringApplication application = new SpringApplication(EmptyApplication.class);
		application.setWebApplicationType(WebApplicationType.NONE);
		application.addInitializers(new SpringBootLineCheck(() -> OTHER_VERSION));
		assertThatExceptionOfType(SpringBootLineMismatchException.class)
			.isThrownBy(() -> application.run("--spring.main.banner-mode=off"));
		assertThat(output).contains("APPLICATION FAILED TO START")
			.contains("The application runs Spring Boot " + OTHER_VERSION + ", but " + SpringBootLine.STARTER
					+ " is built for Spring Boot " + SpringBootLine.LINE + ".x.")
			.contains("Replace the dependency on io.middlewaretrace:" + SpringBootLine.STARTER + " with"
					+ " io.middlewaretrace:" + OTHER_STARTER);
	}

	@Configuration(proxyBeanMethods = false)
	static class EmptyApplication {

	}

}
