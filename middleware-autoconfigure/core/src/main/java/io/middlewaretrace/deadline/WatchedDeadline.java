package io.middlewaretrace.deadline;

/**
 * Something the {@link DeadlineWatchdog} watches until it is unwatched: a node of the watchdog's
 * intrusive list, so that watching allocates nothing.
 */
abstract class WatchedDeadline {

	WatchedDeadline previous;

	WatchedDeadline next;

	boolean linked;

	/**
	 * Returns the {@link System#nanoTime()} reading at which the deadline passes. When it moves
	 * earlier, {@link DeadlineWatchdog#rescheduled(WatchedDeadline)} must be told, unless the
	 * deadline is {@link #polled()}.
	 */
	abstract long deadlineNanos();

	/**
	 * Whether the deadline can move earlier without the watchdog being told, so that the
	 * watchdog reads it on every tick; such a deadline keeps the watchdog ticking while it is
	 * watched.
	 * @return {@code false} unless overridden
	 */
	boolean polled() {
		return false;
	}

	/**
	 * Called once, on the watchdog's thread, when the deadline passed; the node is already
	 * unwatched.
	 */
	abstract void deadlinePassed();

}
