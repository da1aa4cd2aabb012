package io.middlewaretrace.autoconfigure;

import java.io.IOException;
import java.lang.annotation.Annotation;
import java.io.InputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigureAfter;
import org.springframework.boot.autoconfigure.AutoConfigureBefore;
import org.springframework.core.annotation.MergedAnnotations;
import org.springframework.util.ClassUtils;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every ordering name of the starter's auto-configurations ({@code afterName},
 * {@code beforeName}) names a class of this Spring Boot line. Boot ignores a name that does not
 * resolve, so a class that moved between lines would silently lose its ordering; this test is
 * what notices. The test class path has every integration the names refer to.
 */
class AutoConfigurationOrderingTests {

	private static final String IMPORTS = "META-INF/spring/org.springframework.boot.autoconfigure.AutoConfiguration.imports";

	@Test
	void everyOrderingNameResolvesOnThisLine() throws Exception {
		List<String> configurations = autoConfigurations();
		assertThat(configurations).as("the starter's auto-configurations").hasSizeGreaterThanOrEqualTo(9);
		List<String> names = new ArrayList<>();
		for (String configuration : configurations) {
			Class<?> type = ClassUtils.forName(configuration, getClass().getClassLoader());
			MergedAnnotations annotations = MergedAnnotations.from(type);
			collect(names, configuration, annotations, AutoConfiguration.class, "afterName");
			collect(names, configuration, annotations, AutoConfiguration.class, "beforeName");
			collect(names, configuration, annotations, AutoConfigureAfter.class, "name");
			collect(names, configuration, annotations, AutoConfigureBefore.class, "name");
		}
		assertThat(names).as("ordering names in use").isNotEmpty();
		for (String entry : names) {
			String name = entry.substring(entry.indexOf(" -> ") + 4);
			assertThat(ClassUtils.isPresent(name, getClass().getClassLoader())).as(entry).isTrue();
		}
	}

	private static void collect(List<String> names, String configuration, MergedAnnotations annotations,
			Class<? extends Annotation> annotation, String attribute) {
		for (String value : annotations.get(annotation).getValue(attribute, String[].class).orElse(new String[0])) {
			names.add(configuration + " -> " + value);
		}
	}

	private List<String> autoConfigurations() throws IOException {
		// every jar has its own imports file: the starter's are the names in its package
		List<String> names = new ArrayList<>();
		Enumeration<URL> files = getClass().getClassLoader().getResources(IMPORTS);
		while (files.hasMoreElements()) {
			try (InputStream in = files.nextElement().openStream()) {
				for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
					String name = line.strip();
					if (name.startsWith("io.middlewaretrace.")) {
						names.add(name);
					}
				}
			}
		}
		return names;
	}

}
