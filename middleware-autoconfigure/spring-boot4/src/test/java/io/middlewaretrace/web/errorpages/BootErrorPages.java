package io.middlewaretrace.web.errorpages;

import org.springframework.boot.web.error.ErrorPage;
import org.springframework.boot.web.error.ErrorPageRegistrar;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.stereotype.Controller;

import io.middlewaretrace.web.errorpages.ErrorPagesTestApplication.OutOfStockException;

/**
 * The parts of {@link ErrorPageVariants} that name Spring Boot 4's error page types; each line's
 * test tree has its own copy.
 */
final class BootErrorPages {

	private BootErrorPages() {
	}

	/**
	 * An error page for one exception type, registered with the container.
	 */
	@Configuration(proxyBeanMethods = false)
	static class OutOfStockErrorPage {

		@Bean
		ErrorPageRegistrar outOfStockErrorPage() {
			return (registry) -> registry.addErrorPages(new ErrorPage(OutOfStockException.class, "/out-of-stock-page"));
		}

	}

	/**
	 * The application's own {@link ErrorController} in place of Spring Boot's.
	 */
	@Controller
	static class CustomErrorController extends ErrorPageVariants.CustomErrorPage implements ErrorController {

	}

}
