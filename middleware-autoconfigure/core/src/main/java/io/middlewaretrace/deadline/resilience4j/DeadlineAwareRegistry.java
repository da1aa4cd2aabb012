package io.middlewaretrace.deadline.resilience4j;

import java.lang.reflect.Method;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.UnaryOperator;

import io.github.resilience4j.core.Registry;

/**
 * A Resilience4j registry that hands out deadline-aware wrappers of the instances the real
 * registry holds, one wrapper per instance, forgotten when the instance is removed or replaced:
 * the Resilience4j aspects and programmatic users alike get them. Everything else, including
 * the registry's events (which carry the real instances), is the real registry's.
 *
 * @param <E> the type of the instances
 */
final class DeadlineAwareRegistry<E> extends DelegatingHandler<Registry<E, ?>> {

	private final Class<E> entryType;

	private final UnaryOperator<E> wrapper;

	private final ConcurrentMap<E, E> wrappers = new ConcurrentHashMap<>();

	private DeadlineAwareRegistry(Registry<E, ?> delegate, Class<E> entryType, UnaryOperator<E> wrapper) {
		super(delegate);
		this.entryType = entryType;
		this.wrapper = wrapper;
		delegate.getEventPublisher()
			.onEntryRemoved((event) -> this.wrappers.remove(event.getRemovedEntry()))
			.onEntryReplaced((event) -> this.wrappers.remove(event.getOldEntry()));
	}

	@SuppressWarnings("unchecked")
	static <R extends Registry<E, ?>, E> R wrap(Class<R> registryType, R registry, Class<E> entryType,
			UnaryOperator<E> wrapper) {
		if (registry == null || isProxy(registry)) {
			return registry;
		}
		DelegatingHandler<R> handler = (DelegatingHandler<R>) (DelegatingHandler<?>) new DeadlineAwareRegistry<>(
				registry, entryType, wrapper);
		return proxy(registryType, handler);
	}

	@Override
	public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
		String name = method.getName();
		boolean leaving = name.equals("remove") || name.equals("replace");
		if (args != null && leaving) {
			// never let the real registry hold one of our wrappers
			for (int i = 0; i < args.length; i++) {
				args[i] = unwrap(args[i]);
			}
		}
		Object result = forward(proxy, method, args);
		if (leaving) {
			// the entry that left is no longer cached (see the constructor): wrap it once more
			return (result instanceof Optional<?> optional && optional.isPresent()
					&& this.entryType.isInstance(optional.get()))
							? Optional.of(this.wrapper.apply(this.entryType.cast(optional.get()))) : result;
		}
		return wrapped(result);
	}

	private Object wrapped(Object result) {
		if (result == null || isProxy(result)) {
			return result;
		}
		if (this.entryType.isInstance(result)) {
			return wrapperOf(this.entryType.cast(result));
		}
		if (result instanceof Optional<?> optional) {
			return (optional.isPresent() && this.entryType.isInstance(optional.get()))
					? Optional.of(wrapperOf(this.entryType.cast(optional.get()))) : optional;
		}
		if (result instanceof Set<?> set) {
			return wrappedAll(set);
		}
		return result;
	}

	private Set<Object> wrappedAll(Collection<?> entries) {
		Set<Object> wrapped = new LinkedHashSet<>();
		for (Object entry : entries) {
			wrapped.add(this.entryType.isInstance(entry) ? wrapperOf(this.entryType.cast(entry)) : entry);
		}
		return Collections.unmodifiableSet(wrapped);
	}

	private E wrapperOf(E entry) {
		return this.wrappers.computeIfAbsent(entry, this.wrapper);
	}

}
