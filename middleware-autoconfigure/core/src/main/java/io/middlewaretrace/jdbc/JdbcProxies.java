package io.middlewaretrace.jdbc;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.sql.SQLException;
import java.sql.Wrapper;

/**
 * What the connection and statement proxies answer alike: {@link Wrapper} methods that see the
 * proxy as well as the target, identity-based {@code equals}/{@code hashCode}, and calls passed
 * on to the target with its own exception.
 */
final class JdbcProxies {

	/**
	 * Returned by {@link #common} for a method the caller handles itself.
	 */
	static final Object NOT_COMMON = new Object();

	private JdbcProxies() {
	}

	static Object common(Object proxy, Wrapper target, String name, Object[] args) throws SQLException {
		switch (name) {
			case "unwrap":
				return ((Class<?>) args[0]).isInstance(proxy) ? proxy : target.unwrap((Class<?>) args[0]);
			case "isWrapperFor":
				return ((Class<?>) args[0]).isInstance(proxy) || target.isWrapperFor((Class<?>) args[0]);
			case "equals":
				return proxy == args[0];
			case "hashCode":
				return System.identityHashCode(proxy);
			case "toString":
				return "Observed[" + target + "]";
			default:
				return NOT_COMMON;
		}
	}

	static Object invoke(Object target, Method method, Object[] args) throws Throwable {
		try {
			return method.invoke(target, args);
		}
		catch (InvocationTargetException ex) {
			throw ex.getCause();
		}
	}

}
