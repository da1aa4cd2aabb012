package io.middlewaretrace.deadline.jdbc;

/**
 * How statements are bounded, shared by every connection of one {@link DeadlineAwareDataSource}.
 *
 * @param queryTimeoutBackstop whether the driver's query timeout is set from the remaining
 * budget as a backstop to cancellation
 * @param maxSqlLength characters of SQL kept in a {@code jdbc.execute} phase
 */
record JdbcDeadlineSettings(boolean queryTimeoutBackstop, int maxSqlLength) {
}
