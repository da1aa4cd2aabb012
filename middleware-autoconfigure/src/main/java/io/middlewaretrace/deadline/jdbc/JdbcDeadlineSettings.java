package io.middlewaretrace.deadline.jdbc;

import io.middlewaretrace.deadline.DeadlineWatchdog;

/**
 * How statements are bounded, shared by every connection of one {@link DeadlineAwareDataSource}.
 *
 * @param queryTimeoutBackstop whether the driver's query timeout is set from the remaining
 * budget as a backstop to cancellation
 * @param maxSqlLength characters of SQL kept in a {@code jdbc.execute} phase
 * @param watchdog the shared timer that repeats a cancel the driver ignored because the
 * statement had not reached it yet, or {@code null} to cancel once
 */
record JdbcDeadlineSettings(boolean queryTimeoutBackstop, int maxSqlLength, DeadlineWatchdog watchdog) {
}
