package io.middlewaretrace.leak.mdc;

import java.lang.reflect.Field;
import java.util.Map;

import ch.qos.logback.classic.util.LogbackMDCAdapter;
import org.slf4j.MDC;
import org.slf4j.spi.MDCAdapter;

import org.springframework.util.ClassUtils;

/**
 * Reads the current thread's MDC without copying it where the binding allows. With Logback,
 * the check reads the adapter's own per-thread map (its {@code readWriteThreadLocalMap}, reached
 * once by reflection): no copy per request. Where that field cannot be reached (another Logback
 * version), Logback's read-only property map is used, which Logback rebuilds after every MDC
 * change (a small copy per request). Other SLF4J bindings get the copy
 * {@link MDC#getCopyOfContextMap()} makes. Callers only read the map, and finish iterating it
 * before they change the MDC.
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
			MdcReader live = LiveLogback.of((LogbackMDCAdapter) adapter);
			return (live != null) ? live : new Logback((LogbackMDCAdapter) adapter);
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

	private static final class LiveLogback extends MdcReader {

		private final ThreadLocal<Map<String, String>> maps;

		private LiveLogback(ThreadLocal<Map<String, String>> maps) {
			this.maps = maps;
		}

		@SuppressWarnings("unchecked")
		static MdcReader of(LogbackMDCAdapter adapter) {
			try {
				Field field = LogbackMDCAdapter.class.getDeclaredField("readWriteThreadLocalMap");
				field.setAccessible(true);
				Object maps = field.get(adapter);
				return (maps instanceof ThreadLocal<?> threadLocal)
						? new LiveLogback((ThreadLocal<Map<String, String>>) threadLocal) : null;
			}
			catch (ReflectiveOperationException | RuntimeException ex) {
				return null;
			}
		}

		@Override
		Map<String, String> entries() {
			return this.maps.get();
		}

	}

	private static final class Copying extends MdcReader {

		@Override
		Map<String, String> entries() {
			return MDC.getCopyOfContextMap();
		}

	}

}
