package io.middlewaretrace.snapshot;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.net.URL;
import java.nio.charset.Charset;
import java.util.Collection;
import java.util.List;

import io.middlewaretrace.context.Snapshot;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The redactor loads and redacts JSON in an application that has only one of the two Jacksons:
 * the starter's classes are loaded afresh by a class loader that cannot see the other one, as
 * they would be in a Spring Boot 3.5 application (Jackson 2 only) or a Spring Boot 4 one without
 * Jackson 2.
 */
class RedactorClassLoadingTests {

	@ParameterizedTest
	@ValueSource(strings = { "tools.jackson.", "com.fasterxml.jackson.core." })
	void jsonIsRedactedWithTheOnlyJacksonThereIs(String missingJackson) throws Exception {
		ClassLoader application = new StarterFirstClassLoader(missingJackson, getClass().getClassLoader());
		Class<?> redactorClass = application.loadClass(Redactor.class.getName());
		assertThat(redactorClass.getClassLoader()).isSameAs(application);
		Object redactor = redactorClass.getConstructor(Collection.class, Collection.class, Collection.class)
			.newInstance(List.of(), List.of(), List.of("password"));
		Method redactBody = redactorClass.getMethod("redactBody", byte[].class, boolean.class, String.class,
				Charset.class);
		Object body = redactBody.invoke(redactor, "{\"user\":\"ann\",\"password\":\"hunter2\"}".getBytes(), false,
				"application/json", null);
		Object text = body.getClass().getMethod("text").invoke(body);
		assertThat(text).isEqualTo("{\"user\":\"ann\",\"password\":\"" + Snapshot.MASK + "\"}");
	}

	/**
	 * Defines the starter's classes itself, so their linking is done again, and hides one
	 * package prefix.
	 */
	private static final class StarterFirstClassLoader extends ClassLoader {

		private final String hidden;

		StarterFirstClassLoader(String hidden, ClassLoader parent) {
			super(parent);
			this.hidden = hidden;
		}

		@Override
		protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
			if (name.startsWith(this.hidden)) {
				throw new ClassNotFoundException(name);
			}
			if (!name.startsWith("io.middlewaretrace.")) {
				return super.loadClass(name, resolve);
			}
			synchronized (getClassLoadingLock(name)) {
				Class<?> loaded = findLoadedClass(name);
				if (loaded == null) {
					loaded = define(name);
				}
				if (resolve) {
					resolveClass(loaded);
				}
				return loaded;
			}
		}

		@Override
		public URL getResource(String name) {
			return name.startsWith(this.hidden.replace('.', '/')) ? null : super.getResource(name);
		}

		private Class<?> define(String name) throws ClassNotFoundException {
			try (InputStream in = getParent().getResourceAsStream(name.replace('.', '/') + ".class")) {
				if (in == null) {
					throw new ClassNotFoundException(name);
				}
				byte[] bytes = in.readAllBytes();
				return defineClass(name, bytes, 0, bytes.length);
			}
			catch (IOException ex) {
				throw new ClassNotFoundException(name, ex);
			}
		}

	}

}
