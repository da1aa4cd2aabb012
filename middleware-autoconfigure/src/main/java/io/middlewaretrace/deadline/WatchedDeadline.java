package io.middlewaretrace.deadline;

/**
 * Something the {@link DeadlineWatchdog} checks on every tick until it is unwatched: a node of
 * the watchdog's intrusive list, so that watching allocates nothing.
 */
abstract class WatchedDeadline {

	WatchedDeadline previous;

	WatchedDeadline next;

	boolean linked;

	/**
	 * Returns the {@link System#nanoTime()} reading at which the deadline passes; read on every
	 * tick, so a shortened deadline is seen without re-registering.
	 */
	abstract long deadlineNanos();

	/**
	 * Called once, on the watchdog's thread, when the deadline passed; the node is already
	 * unwatched.
	 */
	abstract void deadlinePassed();

}
