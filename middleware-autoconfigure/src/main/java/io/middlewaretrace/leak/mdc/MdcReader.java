package io.middlewaretrace.leak.mdc;

import java.util.Map;

import ch.qos.logback.classic.util.LogbackMDCAdapter;
import org.slf4j.MDC;
import org.slf4j.spi.MDCAdapter;

import org.springframework.util.ClassUtils;

/**
 * Reads the current thread's MDC without copying it where the binding allows: Logback's
 * read-only property map is shared with its logging events (Logback copies it once after a
 * change, for the next event to log, and the check reuses that copy). Other SLF4J bindings get
 * the copy {@link MDC#getCopyOfContextMap()} makes.
 */
abstract class MdcReader {

	private static final boolean LOGBACK_PRESENT = ClassUtils
		.isPresent("ch.qos.logback.classic.util.LogbackMDCAdapter", MdcReader.class.getClassLoader());

	/**
	 * Returns the current thread's MDC, read-only.
	 * @return the entries, or {@code null} when there are none
	 */
	abstract Map<String, String> entries();

	static MdcReader get() {
		MDCAdapter adapter = MDC.getMDCAdapter();
		if (LOGBACK_PRESENT && Logback.supports(adapter)) {
			return new Logback((LogbackMDCAdapter) adapter);
		}
		return new Copying();
	}

	private static final class Logback extends MdcReader {

		private final LogbackMDCAdapter adapter;

		Logback(LogbackMDCAdapter adapter) {
			this.adapter = adapter;
		}

		static boolean supports(MDCAdapter adapter) {
			return adapter instanceof LogbackMDCAdapter;
		}

		@Override
		Map<String, String> entries() {
			return this.adapter.getPropertyMap();
		}

	}

	private static final class Copying extends MdcReader {

		@Override
		Map<String, String> entries() {
			return MDC.getCopyOfContextMap();
		}

	}

}
