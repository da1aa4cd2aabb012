package io.middlewaretrace.sample;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.scheduling.annotation.EnableAsync;

import io.middlewaretrace.EnableMiddlewareTrace;

/**
 * A small clinic service that shows what middleware-trace adds to a Spring MVC application.
 */
@SpringBootApplication
@EnableMiddlewareTrace
@EnableAsync
@ConfigurationPropertiesScan
public class ClinicApplication {

	public static void main(String[] args) {
		SpringApplication.run(ClinicApplication.class, args);
	}

}
