package io.middlewaretrace.web.errorpages;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;

import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.RequestMapping;

import io.middlewaretrace.web.errorpages.ErrorPagesTestApplication.OutOfStockException;

import static io.middlewaretrace.web.errorpages.ErrorPagesTestApplication.className;

/**
 * The error handling an application may choose, each added as a source of
 * {@link ErrorPagesTestApplication} (this holder is no configuration, so none comes along
 * unasked).
 */
final class ErrorPageVariants {

	private ErrorPageVariants() {
	}

	/**
	 * Thymeleaf error views: {@code error.html}, plus an error page for one exception type
	 * registered with the container.
	 */
	@Configuration(proxyBeanMethods = false)
	@Import({ OutOfStockPage.class, BootErrorPages.OutOfStockErrorPage.class })
	static class ErrorTemplate {

	}

	/**
	 * Where the container sends an {@link OutOfStockException}: shows what the container told
	 * it.
	 */
	@Controller
	static class OutOfStockPage {

		@RequestMapping(path = "/out-of-stock-page", produces = MediaType.TEXT_PLAIN_VALUE)
		ResponseEntity<String> page(HttpServletRequest request) {
			return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
				.body("Out of stock: status=" + request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE)
						+ ", message=" + request.getAttribute(RequestDispatcher.ERROR_MESSAGE) + ", exception="
						+ className(request.getAttribute(RequestDispatcher.ERROR_EXCEPTION)) + ", type="
						+ request.getAttribute(RequestDispatcher.ERROR_EXCEPTION_TYPE));
		}

	}

	/**
	 * The error page of the application's own {@code ErrorController} in place of Spring
	 * Boot's ({@link BootErrorPages.CustomErrorController}), reading the container's error
	 * attributes itself, and failing for one path.
	 */
	static class CustomErrorPage {

		@RequestMapping(path = "/error", produces = MediaType.TEXT_PLAIN_VALUE)
		ResponseEntity<String> error(HttpServletRequest request) {
			Object uri = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
			if ("/broken-error-page".equals(uri)) {
				throw new IllegalStateException("the error page failed too");
			}
			Object exception = request.getAttribute(RequestDispatcher.ERROR_EXCEPTION);
			Object status = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
			return ResponseEntity.status((status instanceof Integer code) ? code : 500)
				.body("Sorry: status=" + status + ", uri=" + uri + ", message="
						+ request.getAttribute(RequestDispatcher.ERROR_MESSAGE) + ", exception="
						+ className(exception) + ", cause="
						+ ((exception instanceof Throwable ex) ? className(ex.getCause()) : null) + ", type="
						+ request.getAttribute(RequestDispatcher.ERROR_EXCEPTION_TYPE) + ", servlet="
						+ request.getAttribute(RequestDispatcher.ERROR_SERVLET_NAME));
		}

	}

}
