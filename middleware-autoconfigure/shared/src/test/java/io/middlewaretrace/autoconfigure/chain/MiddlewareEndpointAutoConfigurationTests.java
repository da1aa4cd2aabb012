package io.middlewaretrace.autoconfigure.chain;

import java.security.Principal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import org.springframework.boot.actuate.endpoint.SecurityContext;
import org.springframework.boot.actuate.endpoint.Show;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;

import io.middlewaretrace.chain.MiddlewareChainDescriber;
import io.middlewaretrace.chain.MiddlewareChainDescriptor;
import io.middlewaretrace.context.Snapshot;
import io.middlewaretrace.endpoint.MiddlewareEndpoint;
import io.middlewaretrace.stage.StageTrace;
import io.middlewaretrace.stage.StageTraceRepository;

import static org.assertj.core.api.Assertions.assertThat;

class MiddlewareEndpointAutoConfigurationTests {

	private static final String TRACE_ID = "0af7651916cd43dd8448eb211c80319c";

	private final WebApplicationContextRunner runner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(MiddlewareEndpointAutoConfiguration.class));

	private final WebApplicationContextRunner exposed = this.runner
		.withPropertyValues("management.endpoints.web.exposure.include=middleware");

	@Test
	void providesTheEndpointWhenExposed() {
		this.exposed.run((context) -> assertThat(context).hasSingleBean(MiddlewareEndpoint.class));
	}

	@Test
	void isNotConfiguredWhenNotExposed() {
		this.runner.run((context) -> assertThat(context).doesNotHaveBean(MiddlewareEndpoint.class));
		this.runner.withPropertyValues("management.endpoints.web.exposure.include=health,info")
			.run((context) -> assertThat(context).doesNotHaveBean(MiddlewareEndpoint.class));
	}

	@Test
	void isOffWhenTheWholeStarterIsOff() {
		this.exposed.withPropertyValues("middleware.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(MiddlewareEndpoint.class));
	}

	@Test
	void isOffWhenTheEndpointAccessIsNone() {
		this.exposed.withPropertyValues("management.endpoint.middleware.access=NONE")
			.run((context) -> assertThat(context).doesNotHaveBean(MiddlewareEndpoint.class));
	}

	@Test
	void backsOffWhenUserDefinesEndpoint() {
		MiddlewareEndpoint own = new MiddlewareEndpoint(null, null, Show.ALWAYS, Set.of());
		this.exposed.withBean(MiddlewareEndpoint.class, () -> own)
			.run((context) -> assertThat(context.getBean(MiddlewareEndpoint.class)).isSameAs(own));
	}

	@Test
	void isNotConfiguredInANonWebApplication() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(MiddlewareEndpointAutoConfiguration.class))
			.withPropertyValues("management.endpoints.web.exposure.include=middleware")
			.run((context) -> assertThat(context).doesNotHaveBean(MiddlewareEndpoint.class));
	}

	@Test
	void needsSpringBootActuator() {
		this.exposed.withClassLoader(new FilteredClassLoader(Endpoint.class))
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(MiddlewareEndpoint.class));
	}

	@Test
	void describesTheChainFromTheApplicationContextWithoutAServer() {
		this.exposed.run((context) -> {
			Object chain = context.getBean(MiddlewareEndpoint.class).chain(null, null);
			assertThat(chain).isInstanceOf(MiddlewareChainDescriptor.class);
			assertThat(((MiddlewareChainDescriptor) chain).source())
				.isEqualTo(MiddlewareChainDescriber.SOURCE_REGISTRATION);
		});
	}

	@Test
	void bindsShowValuesAndRoles() {
		this.exposed
			.withPropertyValues("management.endpoint.middleware.show-values=when-authorized",
					"management.endpoint.middleware.roles=ops,admin")
			.run((context) -> {
				MiddlewareEndpointProperties properties = context.getBean(MiddlewareEndpointProperties.class);
				assertThat(properties.getShowValues()).isEqualTo(Show.WHEN_AUTHORIZED);
				assertThat(properties.getRoles()).containsExactly("ops", "admin");
			});
	}

	@Test
	void masksSnapshotValuesByDefault() {
		this.exposed.withBean(StageTraceRepository.class, MiddlewareEndpointAutoConfigurationTests::traces)
			.run((context) -> assertThat(uri(context.getBean(MiddlewareEndpoint.class), SecurityContext.NONE))
				.isEqualTo("/api/owners/7?token=" + Snapshot.MASK));
	}

	@Test
	void showsSnapshotValuesWhenAlwaysAllowed() {
		this.exposed.withBean(StageTraceRepository.class, MiddlewareEndpointAutoConfigurationTests::traces)
			.withPropertyValues("management.endpoint.middleware.show-values=always")
			.run((context) -> assertThat(uri(context.getBean(MiddlewareEndpoint.class), SecurityContext.NONE))
				.isEqualTo("/api/owners/7?token=abc"));
	}

	@Test
	void showsSnapshotValuesOnlyToUsersInAConfiguredRole() {
		this.exposed.withBean(StageTraceRepository.class, MiddlewareEndpointAutoConfigurationTests::traces)
			.withPropertyValues("management.endpoint.middleware.show-values=when-authorized",
					"management.endpoint.middleware.roles=ops")
			.run((context) -> {
				MiddlewareEndpoint endpoint = context.getBean(MiddlewareEndpoint.class);
				assertThat(uri(endpoint, user("ops"))).isEqualTo("/api/owners/7?token=abc");
				assertThat(uri(endpoint, user("dev"))).isEqualTo("/api/owners/7?token=" + Snapshot.MASK);
				assertThat(uri(endpoint, SecurityContext.NONE)).isEqualTo("/api/owners/7?token=" + Snapshot.MASK);
			});
	}

	@Test
	void answersNullForATraceWithoutARepository() {
		this.exposed.run((context) -> assertThat(
				context.getBean(MiddlewareEndpoint.class).trace(SecurityContext.NONE, TRACE_ID))
			.isNull());
	}

	private static String uri(MiddlewareEndpoint endpoint, SecurityContext securityContext) {
		return endpoint.trace(securityContext, TRACE_ID).snapshot().uri();
	}

	private static StageTraceRepository traces() {
		StageTraceRepository traces = new StageTraceRepository(10, 10);
		Snapshot snapshot = new Snapshot("GET", "/api/owners/7?token=abc", Map.of(), null, Map.of(), 500, Map.of(),
				null);
		traces.add(new StageTrace(TRACE_ID, "b7ad6b7169203331", "GET", "/api/owners/{id}", 500, Instant.now(), 3.0, 0, null,
				Set.of(StageTrace.Reason.FAILED), List.of(), 0, List.of(), snapshot));
		return traces;
	}

	private static SecurityContext user(String role) {
		return new SecurityContext() {

			@Override
			public Principal getPrincipal() {
				return () -> "user";
			}

			@Override
			public boolean isUserInRole(String candidate) {
				return role.equals(candidate);
			}

		};
	}

}
