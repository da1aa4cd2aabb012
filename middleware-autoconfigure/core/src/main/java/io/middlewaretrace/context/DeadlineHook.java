package io.middlewaretrace.context;

/**
 * A registration made with {@link DefaultRequestContext#onDeadline(Runnable)}; closing it withdraws
 * the action.
 *
 * @since 0.1.0
 */
@FunctionalInterface
public interface DeadlineHook extends AutoCloseable {

	/**
	 * A registration with nothing to withdraw.
	 */
	DeadlineHook NONE = () -> {
	};

	@Override
	void close();

}
