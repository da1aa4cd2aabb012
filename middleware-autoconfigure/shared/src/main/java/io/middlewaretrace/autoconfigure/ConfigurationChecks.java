package io.middlewaretrace.autoconfigure;

import java.time.Duration;
import java.util.Collection;

import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.util.StringUtils;
import org.springframework.util.unit.DataSize;

/**
 * Checks the auto-configurations make on property values before they build a runtime class from
 * them. A bad value fails startup with Spring Boot's
 * {@link InvalidConfigurationPropertyValueException}, which Boot's failure analyzer reports with
 * the property, its value, where it was set and the reason. The runtime classes check their
 * arguments too, but know no property names.
 * <p>
 * For this starter's auto-configurations only, not part of its API: public because Java has no
 * visibility for sub-packages.
 */
public final class ConfigurationChecks {

	private ConfigurationChecks() {
	}

	/**
	 * Fails unless a value is valid.
	 * @param valid whether the value is valid
	 * @param name the property, in canonical form ({@code middleware.leaks.recent})
	 * @param value its value
	 * @param reason why it is invalid, a sentence
	 * @throws InvalidConfigurationPropertyValueException if it is not valid
	 */
	public static void require(boolean valid, String name, Object value, String reason) {
		if (!valid) {
			throw new InvalidConfigurationPropertyValueException(name, value, reason);
		}
	}

	/**
	 * Returns a count that must not be negative.
	 * @param name the property
	 * @param value its value
	 * @return the value
	 * @throws InvalidConfigurationPropertyValueException if it is negative
	 */
	public static int requireNotNegative(String name, int value) {
		require(value >= 0, name, value, "Must not be negative.");
		return value;
	}

	/**
	 * Returns a duration that must be set and not negative.
	 * @param name the property
	 * @param value its value
	 * @return the value
	 * @throws InvalidConfigurationPropertyValueException if it is missing or negative
	 */
	public static Duration requireNotNegative(String name, Duration value) {
		require(value != null && !value.isNegative(), name, value, "Must not be negative.");
		return value;
	}

	/**
	 * Returns a size that must be set and not negative.
	 * @param name the property
	 * @param value its value
	 * @return the value
	 * @throws InvalidConfigurationPropertyValueException if it is missing or negative
	 */
	public static DataSize requireNotNegative(String name, DataSize value) {
		require(value != null && !value.isNegative(), name, value, "Must not be negative.");
		return value;
	}

	/**
	 * Returns a count that must be at least 1.
	 * @param name the property
	 * @param value its value
	 * @return the value
	 * @throws InvalidConfigurationPropertyValueException if it is 0 or negative
	 */
	public static int requirePositive(String name, int value) {
		require(value > 0, name, value, "Must be positive.");
		return value;
	}

	/**
	 * Returns a duration that must be set and positive.
	 * @param name the property
	 * @param value its value
	 * @return the value
	 * @throws InvalidConfigurationPropertyValueException if it is missing, 0 or negative
	 */
	public static Duration requirePositive(String name, Duration value) {
		require(value != null && value.compareTo(Duration.ZERO) > 0, name, value, "Must be positive.");
		return value;
	}

	/**
	 * Returns a list of names or patterns none of which may be blank.
	 * @param <C> the type of the collection
	 * @param name the property
	 * @param values its value
	 * @return the value
	 * @throws InvalidConfigurationPropertyValueException if an entry is blank
	 */
	public static <C extends Collection<String>> C requireNoBlank(String name, C values) {
		for (String value : values) {
			require(StringUtils.hasText(value), name, values, "Must not contain a blank entry.");
		}
		return values;
	}

}
