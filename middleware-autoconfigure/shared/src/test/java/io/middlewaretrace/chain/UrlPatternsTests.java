package io.middlewaretrace.chain;

import java.util.List;

import jakarta.servlet.http.MappingMatch;
import org.apache.catalina.util.FilterUtil;
import org.apache.tomcat.util.descriptor.web.FilterMap;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * URL-pattern matching agrees with Tomcat's own, and a path goes to the servlet the servlet
 * specification picks.
 */
class UrlPatternsTests {

	private static final List<String> PATTERNS = List.of("/*", "*", "/", "", "/api/*", "/api", "/api/admin/*",
			"*.json", "*.j", "/exact/path", "/api/*.json");

	private static final List<String> PATHS = List.of("/", "/api", "/api/", "/apix", "/api/admin", "/api/admin/x",
			"/a.json", "/dir.json/file", "/file.", "/exact/path", "/exact/path/more", "/x.j", "/x.jso");

	@Test
	void matchesFilterPatternsExactlyAsTomcatDoes() {
		for (String pattern : PATTERNS) {
			FilterMap filterMap = new FilterMap();
			filterMap.addURLPatternDecoded(pattern);
			for (String path : PATHS) {
				assertThat(UrlPatterns.matches(pattern, path)).as("'%s' matches '%s'", pattern, path)
					.isEqualTo(FilterUtil.matchFiltersURL(filterMap, path));
			}
		}
	}

	@Test
	void picksTheServletBySpecificationPrecedence() {
		ServletMappings servlets = new ServletMappings();
		servlets.add("/", "dispatcherServlet");
		servlets.add("/legacy/*", "legacy");
		servlets.add("/legacy/reports/*", "reports");
		servlets.add("*.jsp", "jsp");
		servlets.add("/health", "health");
		assertThat(servlets.match("/health").servletName()).isEqualTo("health");
		assertThat(servlets.match("/health").mappingMatch()).isEqualTo(MappingMatch.EXACT);
		ServletMappings.ServletMatch reports = servlets.match("/legacy/reports/q1.jsp");
		assertThat(reports.servletName()).isEqualTo("reports");
		assertThat(reports.servletPath()).isEqualTo("/legacy/reports");
		assertThat(reports.pathInfo()).isEqualTo("/q1.jsp");
		assertThat(servlets.match("/legacy").pathInfo()).isNull();
		assertThat(servlets.match("/legacy").servletName()).isEqualTo("legacy");
		assertThat(servlets.match("/views/home.jsp").servletName()).isEqualTo("jsp");
		ServletMappings.ServletMatch fallback = servlets.match("/api/owners/7");
		assertThat(fallback.servletName()).isEqualTo("dispatcherServlet");
		assertThat(fallback.mappingMatch()).isEqualTo(MappingMatch.DEFAULT);
		assertThat(fallback.servletPath()).isEqualTo("/api/owners/7");
		assertThat(new ServletMappings().match("/anything")).isNull();
	}

}
