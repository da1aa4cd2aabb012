package io.middlewaretrace.sample;

import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * An owner of pets, as stored in the clinic's database.
 */
record Owner(long id, String firstName, String lastName, String city) {

	/**
	 * Reads an owner from a row of {@code select id, first_name, last_name, city from owners}.
	 */
	static Owner fromRow(ResultSet rs, int row) throws SQLException {
		return new Owner(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4));
	}

}
