package io.middlewaretrace;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.CompositeArchRule;
import org.junit.jupiter.api.Test;

import io.middlewaretrace.context.RequestContext;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.methods;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The starter's architecture, checked against its compiled classes (docs/architecture.md draws
 * it): four layers whose arrows point one way, features that do not know each other, runtime
 * code free of Spring Boot, and a request context applications can only read.
 */
class ArchitectureTests {

	private static final String BASE = "io.middlewaretrace";

	/**
	 * The features: each plugs into the instrumentation and the core, and knows no other.
	 */
	static final List<String> FEATURES = List.of("accesslog", "anomaly", "chain", "deadline", "leak", "snapshot",
			"stage");

	/**
	 * What the read-only face of the request context may declare, besides its static accessors.
	 */
	static final Set<String> REQUEST_CONTEXT_API = Set.of("traceId", "spanId", "sampled", "method", "routePattern",
			"route", "startNanos", "startEpochMillis", "elapsed", "isCompleted", "status", "responseBytes",
			"durationNanos", "deadline", "shortenDeadline", "phases", "onDeadline", "attachment", "attach");

	// the core comes from its own module, a jar in a reactor build that packaged it: jars are
	// imported too, and only the starter's own package is
	private static final JavaClasses STARTER = new ClassFileImporter()
		.withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
		.importPackages(BASE);

	@Test
	void noPackageIsPartOfACycle() {
		slices().matching(BASE + ".(**)").should().beFreeOfCycles().check(STARTER);
	}

	@Test
	void layersPointOneWay() {
		layeredArchitecture().consideringOnlyDependenciesInLayers()
			.layer("Wiring")
			.definedBy(BASE, BASE + ".autoconfigure..", BASE + ".endpoint..")
			.layer("Features")
			.definedBy(FEATURES.stream().map((feature) -> BASE + "." + feature + "..").toArray(String[]::new))
			.layer("Instrumentation")
			.definedBy(BASE + ".web..", BASE + ".jdbc..")
			.layer("Core")
			.definedBy(BASE + ".context..", BASE + ".support..")
			.whereLayer("Wiring")
			.mayNotBeAccessedByAnyLayer()
			.whereLayer("Features")
			.mayOnlyBeAccessedByLayers("Wiring")
			.whereLayer("Instrumentation")
			.mayOnlyBeAccessedByLayers("Features", "Wiring")
			.whereLayer("Core")
			.mayOnlyBeAccessedByLayers("Instrumentation", "Features", "Wiring")
			.check(STARTER);
	}

	@Test
	void noFeatureImportsAnotherFeature() {
		List<ArchRule> rules = new ArrayList<>();
		for (String feature : FEATURES) {
			String[] others = FEATURES.stream()
				.filter((other) -> !other.equals(feature))
				.map((other) -> BASE + "." + other + "..")
				.toArray(String[]::new);
			rules.add(noClasses().that()
				.resideInAPackage(BASE + "." + feature + "..")
				.should()
				.dependOnClassesThat()
				.resideInAnyPackage(others)
				.as("feature " + feature + " imports no other feature"));
		}
		CompositeArchRule.of(rules).check(STARTER);
	}

	/**
	 * Only the wiring (auto-configuration, actuator endpoints) knows Spring Boot, so that one
	 * runtime can serve more than one Boot line. The chain view is the exception: what it shows
	 * is Boot's own servlet registrations (their order, URL patterns and dispatcher types).
	 */
	@Test
	void runtimeCodeDoesNotImportSpringBoot() {
		List<String> runtime = new ArrayList<>(List.of(BASE + ".context..", BASE + ".support..", BASE + ".web..",
				BASE + ".jdbc.."));
		FEATURES.stream().filter((feature) -> !feature.equals("chain")).forEach((feature) -> runtime.add(BASE + "." + feature + ".."));
		noClasses().that()
			.resideInAnyPackage(runtime.toArray(String[]::new))
			.should()
			.dependOnClassesThat()
			.resideInAPackage("org.springframework.boot..")
			.check(STARTER);
	}

	@Test
	void applicationsCanOnlyReadTheRequestContext() {
		classes().that().belongToAnyOf(RequestContext.class).should().beInterfaces().check(STARTER);
		methods().that()
			.areDeclaredIn(RequestContext.class)
			.and()
			.areNotStatic()
			.should()
			.haveNameMatching(String.join("|", REQUEST_CONTEXT_API))
			.because("the mutators the starter needs live on DefaultRequestContext, not on the type applications see")
			.check(STARTER);
	}

}
