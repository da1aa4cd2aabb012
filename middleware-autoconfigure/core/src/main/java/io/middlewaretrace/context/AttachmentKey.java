package io.middlewaretrace.context;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * The typed key of per-request data attached to a {@link RequestContext}. Whoever holds a key
 * reads and writes what is attached under it; a key kept private keeps its data private, as with
 * gRPC's {@code Context.Key} or Armeria's {@code AttributeKey}.
 * <p>
 * Keys are meant to be constants ({@code static final}): each one takes a slot, numbered when it
 * is created, in every request's attachment array, so a lookup is an array read rather than a
 * hash lookup.
 * <pre class="code">
 * private static final AttachmentKey&lt;Tenant&gt; TENANT = AttachmentKey.of("tenant", Tenant.class);
 * </pre>
 *
 * @param <T> the type of the attached value
 * @since 0.1.0
 */
public final class AttachmentKey<T> {

	private static final AtomicInteger SLOTS = new AtomicInteger();

	private final String name;

	private final Class<T> type;

	private final int slot;

	private AttachmentKey(String name, Class<T> type, int slot) {
		this.name = name;
		this.type = type;
		this.slot = slot;
	}

	/**
	 * Creates a key. Keep it in a constant: every key created takes a slot for good.
	 * @param <T> the type of the attached value
	 * @param name the key's name, for diagnostics
	 * @param type the type of the attached value
	 * @return a new key, equal to no other
	 */
	public static <T> AttachmentKey<T> of(String name, Class<T> type) {
		return new AttachmentKey<>(name, type, SLOTS.getAndIncrement());
	}

	/**
	 * Returns the key's name.
	 * @return the name
	 */
	public String name() {
		return this.name;
	}

	/**
	 * Returns the type of the value attached under this key.
	 * @return the type
	 */
	public Class<T> type() {
		return this.type;
	}

	int slot() {
		return this.slot;
	}

	static int slotsTaken() {
		return SLOTS.get();
	}

	@Override
	public String toString() {
		return "AttachmentKey[" + this.name + "]";
	}

}
