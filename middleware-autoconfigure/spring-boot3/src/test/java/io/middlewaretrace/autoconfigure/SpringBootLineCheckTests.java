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

	@Test
	void passesOnTheLineItIsBuiltFor() {
		assertThat(SpringBootVersion.getVersion()).startsWith(SpringBootLineCheck.LINE + ".");
		assertThatNoException().isThrownBy(() -> new SpringBootLineCheck().initialize(new GenericApplicationContext()));
	}

	@Test
	void rejectsAnotherLineNamingItsStarter() {
		assertThatExceptionOfType(SpringBootLineMismatchException.class)
			.isThrownBy(() -> new SpringBootLineCheck(() -> "4.1.2").initialize(new GenericApplicationContext()))
			.withMessage("middleware-trace-spring-boot3-starter is built for Spring Boot 3.x, but the application"
					+ " runs Spring Boot 4.1.2; use middleware-trace-spring-boot4-starter instead");
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
		application.addInitializers(new SpringBootLineCheck(() -> "4.1.2"));
		assertThatExceptionOfType(SpringBootLineMismatchException.class)
			.isThrownBy(() -> application.run("--spring.main.banner-mode=off"));
		assertThat(output).contains("APPLICATION FAILED TO START")
			.contains("The application runs Spring Boot 4.1.2, but middleware-trace-spring-boot3-starter is built"
					+ " for Spring Boot 3.x.")
			.contains("Replace the dependency on io.middlewaretrace:middleware-trace-spring-boot3-starter with"
					+ " io.middlewaretrace:middleware-trace-spring-boot4-starter");
	}

	@Configuration(proxyBeanMethods = false)
	static class EmptyApplication {

	}

}
