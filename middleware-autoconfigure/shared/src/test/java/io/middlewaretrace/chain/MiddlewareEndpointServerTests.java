package io.middlewaretrace.chain;

import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;

import io.middlewaretrace.testapp.LocalServer;
import io.middlewaretrace.web.MiddlewareTraceFilter;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code /actuator/middleware} end to end on a real embedded Tomcat: the order it shows is the
 * order the filters really run in, and the chain it simulates for a path is the one a request
 * to it takes.
 */
@SpringBootTest(classes = ChainTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = "management.endpoints.web.exposure.include=*")
class MiddlewareEndpointServerTests {

	private static final ObjectMapper JSON = new ObjectMapper();

	private static final List<String> APPLICATION_FILTERS = List.of("annotatedFilter", "tenFilter", "alphaFilter",
			"betaFilter", "unorderedFilter");

	@LocalServerPort
	private int port;

	@Autowired
	private ApplicationContext context;

	@Test
	void listsFiltersInTheOrderTheyReallyRun() throws Exception {
		List<String> ran = strings(json("/api/public/filters"));
		assertThat(ran).containsExactlyInAnyOrderElementsOf(APPLICATION_FILTERS);
		JsonNode middleware = json("/actuator/middleware");
		assertThat(middleware.path("source").asText()).isEqualTo(MiddlewareChainDescriber.SOURCE_TOMCAT);
		List<String> shown = new ArrayList<>();
		for (JsonNode filter : middleware.path("filters")) {
			if (ran.contains(filter.path("name").asText()) && filter.path("enabled").asBoolean()) {
				shown.add(filter.path("name").asText());
			}
		}
		assertThat(shown).isEqualTo(ran);
	}

	@Test
	void showsTheStarterFilterBeforeSecurityAndSecurityBeforeApplicationFilters() throws Exception {
		List<String> classNames = new ArrayList<>();
		for (JsonNode filter : json("/actuator/middleware").path("filters")) {
			classNames.add(filter.path("className").asText());
		}
		int starter = classNames.indexOf(MiddlewareTraceFilter.class.getName());
		int security = indexOfSuffix(classNames, "FilterChainProxy");
		int annotated = classNames.indexOf(ChainTestApplication.AnnotatedFilter.class.getName());
		assertThat(starter).isNotNegative();
		assertThat(security).isGreaterThan(starter);
		assertThat(annotated).isGreaterThan(security);
	}

	@Test
	void showsWhereEachOrderComesFromAndWhichOrdersCollide() throws Exception {
		JsonNode middleware = json("/actuator/middleware");
		assertFilter(filter(middleware, "annotatedFilter"), 5, FilterDescriptor.ORDER_SOURCE_ANNOTATION);
		assertFilter(filter(middleware, "tenFilter"), 10, FilterDescriptor.ORDER_SOURCE_REGISTRATION_BEAN);
		assertFilter(filter(middleware, "unorderedFilter"), Integer.MAX_VALUE, FilterDescriptor.ORDER_SOURCE_DEFAULT);
		assertFilter(filter(middleware, "characterEncodingFilter"), Integer.MIN_VALUE,
				FilterDescriptor.ORDER_SOURCE_ORDERED);
		JsonNode alpha = filter(middleware, "alphaFilter");
		JsonNode beta = filter(middleware, "betaFilter");
		assertThat(alpha.path("orderCollision").asBoolean()).isTrue();
		assertThat(strings(alpha.path("collidesWith"))).containsExactly("betaFilter");
		assertThat(strings(beta.path("collidesWith"))).containsExactly("alphaFilter");
		assertThat(strings(beta.path("urlPatterns"))).containsExactly("/api/*");
		assertThat(filter(middleware, "tenFilter").path("orderCollision").asBoolean()).isFalse();
		assertThat(middleware.path("orderCollisions")).hasSize(1);
		assertThat(middleware.path("orderCollisions").get(0).path("order").asInt()).isEqualTo(20);
		assertThat(strings(middleware.path("orderCollisions").get(0).path("filters")))
			.containsExactlyInAnyOrder("alphaFilter", "betaFilter");
		assertThat(new MiddlewareChainDescriber(this.context).orderCollisions())
			.extracting(OrderCollision::order)
			.containsExactly(20);
	}

	@Test
	void listsContainerFiltersWithoutOrderAndDisabledRegistrationsLast() throws Exception {
		JsonNode filters = json("/actuator/middleware").path("filters");
		JsonNode webSocket = null;
		for (JsonNode filter : filters) {
			if (filter.path("className").asText().equals("org.apache.tomcat.websocket.server.WsFilter")) {
				webSocket = filter;
			}
		}
		assertThat(webSocket).isNotNull();
		assertThat(webSocket.path("orderSource").asText()).isEqualTo(FilterDescriptor.ORDER_SOURCE_CONTAINER);
		assertAbsent(webSocket.path("order"));
		JsonNode last = filters.get(filters.size() - 1);
		assertThat(last.path("name").asText()).isEqualTo("disabledFilter");
		assertThat(last.path("enabled").asBoolean()).isFalse();
		assertThat(last.path("orderCollision").asBoolean()).isFalse();
	}

	@Test
	void listsSecurityFilterChainsInOrderWithTheirFilters() throws Exception {
		JsonNode chains = json("/actuator/middleware").path("securityFilterChains");
		assertThat(chains).hasSize(2);
		assertThat(chains.get(0).path("requestMatcher").asText()).contains("/api/admin/**");
		List<String> adminFilters = strings(chains.get(0).path("filters"));
		assertThat(adminFilters).contains(
				"org.springframework.security.web.authentication.www.BasicAuthenticationFilter");
		assertThat(adminFilters.indexOf("org.springframework.security.web.context.SecurityContextHolderFilter"))
			.isLessThan(adminFilters.indexOf("org.springframework.security.web.access.ExceptionTranslationFilter"));
		assertThat(adminFilters).last()
			.isEqualTo("org.springframework.security.web.access.intercept.AuthorizationFilter");
		assertThat(chains.get(1).path("requestMatcher").asText()).isEqualTo("any request");
		assertThat(strings(chains.get(1).path("filters")))
			.doesNotContain("org.springframework.security.web.authentication.www.BasicAuthenticationFilter");
	}

	@Test
	void listsHandlerMappingsWithTheirInterceptorsAndPatterns() throws Exception {
		JsonNode mappings = json("/actuator/middleware").path("handlerMappings");
		JsonNode requestMappings = null;
		int previousOrder = Integer.MIN_VALUE;
		for (JsonNode mapping : mappings) {
			assertThat(mapping.path("order").asInt()).isGreaterThanOrEqualTo(previousOrder);
			previousOrder = mapping.path("order").asInt();
			if ("requestMappingHandlerMapping".equals(mapping.path("beanName").asText())) {
				requestMappings = mapping;
			}
		}
		assertThat(requestMappings).isNotNull();
		List<String> classNames = new ArrayList<>();
		JsonNode audit = null;
		for (JsonNode interceptor : requestMappings.path("interceptors")) {
			classNames.add(interceptor.path("className").asText());
			if (interceptor.path("className").asText().endsWith("AuditInterceptor")) {
				audit = interceptor;
			}
		}
		assertThat(classNames).first().isEqualTo("io.middlewaretrace.web.RoutePatternInterceptor");
		assertThat(classNames.indexOf(ChainTestApplication.AuditInterceptor.class.getName()))
			.isLessThan(classNames.indexOf(ChainTestApplication.TimingInterceptor.class.getName()));
		assertThat(audit.path("allPaths").asBoolean()).isFalse();
		assertThat(strings(audit.path("includePatterns"))).containsExactly("/api/**");
		assertThat(strings(audit.path("excludePatterns"))).containsExactly("/api/public/**");
		JsonNode timing = requestMappings.path("interceptors")
			.get(classNames.indexOf(ChainTestApplication.TimingInterceptor.class.getName()));
		assertThat(timing.path("allPaths").asBoolean()).isTrue();
	}

	@Test
	void showsTheAdminSecurityChainAndInterceptorsForAnAdminPath() throws Exception {
		JsonNode chain = json("/actuator/middleware?path=/api/admin/x");
		assertThat(chain.path("securityFilterChain").asText()).contains("/api/admin/**");
		assertThat(chain.path("handler").asText()).isEqualTo("ChainTestApplication.AdminController#x()");
		assertAbsent(chain.path("error"));
		List<String> steps = steps(chain);
		assertThat(steps).contains("SECURITY_FILTER BasicAuthenticationFilter",
				"INTERCEPTOR ChainTestApplication.AuditInterceptor");
		assertThat(steps.get(steps.indexOf("FILTER springSecurityFilterChain") + 1)).startsWith("SECURITY_FILTER");
		assertThat(steps.indexOf("INTERCEPTOR ChainTestApplication.AuditInterceptor"))
			.isLessThan(steps.indexOf("INTERCEPTOR ChainTestApplication.TimingInterceptor"));
		assertThat(steps).last().isEqualTo("HANDLER ChainTestApplication.AdminController#x()");
	}

	@Test
	void showsTheCatchAllChainAndNoExcludedInterceptorForAPublicPath() throws Exception {
		JsonNode chain = json("/actuator/middleware?path=/api/public/y");
		assertThat(chain.path("securityFilterChain").asText()).isEqualTo("any request");
		assertThat(chain.path("handlerMapping").asText()).isEqualTo("requestMappingHandlerMapping");
		List<String> steps = steps(chain);
		assertThat(steps).doesNotContain("SECURITY_FILTER BasicAuthenticationFilter",
				"INTERCEPTOR ChainTestApplication.AuditInterceptor");
		assertThat(steps).contains("INTERCEPTOR ChainTestApplication.TimingInterceptor");
		assertThat(steps).last().isEqualTo("HANDLER ChainTestApplication.PublicController#y()");
	}

	@Test
	void simulatesTheFiltersARealRequestRuns() throws Exception {
		List<String> ran = strings(json("/api/public/filters"));
		List<String> simulated = new ArrayList<>();
		for (String step : steps(json("/actuator/middleware?path=/api/public/filters"))) {
			String name = step.substring(step.indexOf(' ') + 1);
			if (step.startsWith("FILTER ") && APPLICATION_FILTERS.contains(name)) {
				simulated.add(name);
			}
		}
		assertThat(simulated).isEqualTo(ran);
		List<String> outsideApi = steps(json("/actuator/middleware?path=/elsewhere"));
		assertThat(outsideApi).contains("FILTER alphaFilter").doesNotContain("FILTER betaFilter");
		assertThat(json("/actuator/middleware?path=/elsewhere").path("handler").asText())
			.isEqualTo("ResourceHttpRequestHandler");
	}

	@Test
	void reportsWhatStopsTheDispatchInsteadOfFailing() throws Exception {
		HttpResponse<String> response = server().get("/actuator/middleware?path=/api/public/y&method=DELETE");
		assertThat(response.statusCode()).isEqualTo(200);
		JsonNode chain = JSON.readTree(response.body());
		assertThat(chain.path("method").asText()).isEqualTo("DELETE");
		assertThat(chain.path("error").asText()).contains("HttpRequestMethodNotSupportedException");
		assertAbsent(chain.path("handler"));
	}

	@Test
	void rejectsABadPathOrMethodWith400() throws Exception {
		assertThat(status("/actuator/middleware?path=relative")).isEqualTo(400);
		assertThat(status("/actuator/middleware?path=" + encode("/a\u0001b"))).isEqualTo(400);
		assertThat(status("/actuator/middleware?path=/" + "a".repeat(2048))).isEqualTo(400);
		assertThat(status("/actuator/middleware?path=/a&method=" + encode("GE T"))).isEqualTo(400);
		assertThat(status("/actuator/middleware?path=/a&method=" + "A".repeat(17))).isEqualTo(400);
		assertThat(status("/actuator/middleware?method=GET")).isEqualTo(400);
		assertThat(status("/actuator/middleware?path=/a&method=PATCH")).isEqualTo(200);
	}

	@Test
	void answers404ForATraceNotKeptAnd400ForAMalformedTraceId() throws Exception {
		assertThat(status("/actuator/middleware/4bf92f3577b34da6a3ce929d0e0e4736")).isEqualTo(404);
		assertThat(status("/actuator/middleware/not-a-trace")).isEqualTo(400);
		assertThat(status("/actuator/middleware/" + "a".repeat(65))).isEqualTo(400);
	}

	private static void assertAbsent(JsonNode value) {
		assertThat(value.isMissingNode() || value.isNull()).as("absent: %s", value).isTrue();
	}

	private static void assertFilter(JsonNode filter, int order, String orderSource) {
		assertThat(filter.path("order").asInt()).as(filter.path("name").asText()).isEqualTo(order);
		assertThat(filter.path("orderSource").asText()).as(filter.path("name").asText()).isEqualTo(orderSource);
		assertThat(filter.path("enabled").asBoolean()).isTrue();
	}

	private static JsonNode filter(JsonNode middleware, String name) {
		for (JsonNode filter : middleware.path("filters")) {
			if (name.equals(filter.path("name").asText())) {
				return filter;
			}
		}
		throw new AssertionError("No filter " + name + " in " + middleware);
	}

	private static int indexOfSuffix(List<String> values, String suffix) {
		for (int i = 0; i < values.size(); i++) {
			if (values.get(i).endsWith(suffix)) {
				return i;
			}
		}
		return -1;
	}

	private static List<String> steps(JsonNode chain) {
		List<String> steps = new ArrayList<>();
		for (JsonNode step : chain.path("chain")) {
			steps.add(step.path("type").asText() + " " + step.path("name").asText());
		}
		return steps;
	}

	private static List<String> strings(JsonNode array) {
		List<String> values = new ArrayList<>();
		array.forEach((value) -> values.add(value.asText()));
		return values;
	}

	private static String encode(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8);
	}

	private JsonNode json(String path) throws Exception {
		HttpResponse<String> response = server().get(path);
		assertThat(response.statusCode()).as(path).isEqualTo(200);
		return JSON.readTree(response.body());
	}

	private int status(String path) throws Exception {
		return server().get(path).statusCode();
	}

	private LocalServer server() {
		return new LocalServer(this.port);
	}

}
