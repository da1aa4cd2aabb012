package io.middlewaretrace.sample;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The clinic's server-rendered pages (Thymeleaf): the list of owners, whose rendering can be made
 * slow to show a deadline passing while a view renders, and a page whose handler fails, to show
 * the clinic's own error page with the request's trace id.
 */
@Controller
class OwnerPagesController {

	static final long MAX_RENDER_DELAY_MS = 120_000;

	private final JdbcTemplate jdbc;

	OwnerPagesController(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * Lists every owner; {@code renderDelayMs} makes the template wait that long while it renders
	 * (the handler itself returns at once), so that a shorter deadline passes in phase
	 * {@code view.render}.
	 */
	@GetMapping("/owners")
	String owners(@RequestParam(defaultValue = "0") long renderDelayMs, Model model) {
		if (renderDelayMs < 0 || renderDelayMs > MAX_RENDER_DELAY_MS) {
			throw new ErrorResponseException(HttpStatus.BAD_REQUEST, ProblemDetail.forStatusAndDetail(
					HttpStatus.BAD_REQUEST, "renderDelayMs must be between 0 and " + MAX_RENDER_DELAY_MS), null);
		}
		model.addAttribute("owners", this.jdbc.query("select id, first_name, last_name, city from owners order by id",
				Owner::fromRow));
		model.addAttribute("rendering", new SlowRendering(renderDelayMs));
		return "owners";
	}

	/**
	 * Fails: the billing system is "unreachable". A browser gets the clinic's error page with the
	 * trace id, a JSON client Boot's error body with it; neither sees the exception's message.
	 */
	@GetMapping("/owners/balances")
	String balances() {
		throw new IllegalStateException("Simulated failure: the clinic's billing system is unreachable");
	}

	/**
	 * What the owners template calls while it renders: waits as long as the request asked.
	 *
	 * @param delayMs how long {@link #pause()} waits
	 */
	record SlowRendering(long delayMs) {

		/**
		 * Waits {@link #delayMs()} milliseconds; a deadline passing meanwhile interrupts the wait.
		 * @return an empty string, for the template to print
		 * @throws InterruptedException when the wait was interrupted
		 */
		public String pause() throws InterruptedException {
			if (this.delayMs > 0) {
				Thread.sleep(this.delayMs);
			}
			return "";
		}

	}

}
