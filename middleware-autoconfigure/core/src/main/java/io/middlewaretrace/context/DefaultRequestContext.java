package io.middlewaretrace.context;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import java.util.function.Supplier;

/**
 * The starter's side of a {@link DefaultRequestContext}: the one implementation, with the mutators its
 * filter, response wrapper and features call as the request goes along (completion, response
 * bytes, deadline state, leases, stage bookkeeping) and the attachment slots features keep their
 * own state in.
 * <p>
 * Used internally by the starter; not intended for application code, which reads the request
 * through {@link RequestContext}. Its methods may change in any release.
 *
 * @since 0.1.0
 */
public final class DefaultRequestContext implements RequestContext {


	private static final AtomicIntegerFieldUpdater<DefaultRequestContext> COMPLETED = AtomicIntegerFieldUpdater
		.newUpdater(DefaultRequestContext.class, "completed");

	private static final VarHandle SLOT = MethodHandles.arrayElementVarHandle(Object[].class);

	private final String traceId;

	private final String spanId;

	private final Boolean sampled;

	private final String method;

	private final long startNanos;

	private final long startEpochMillis;

	private final Timeline timeline;

	private volatile String routePattern;

	private volatile boolean staticResource;

	private volatile long responseBytes;

	private volatile int status;

	private volatile long durationNanos = -1;

	private volatile int completed;

	// middleware bookkeeping, written on the request's own thread (one dispatch at a time)

	private int filterEntries;

	private boolean containerFilters;

	private int responseTouches;

	private boolean responseTouchedInDispatch;

	private String brokenChainCandidate;

	private String throwingFilter;

	private String[] anomalies;

	private volatile int anomalyCount;

	// deadline: set by the deadline filter, shortened by application code, read from any thread

	private volatile Deadline deadline;

	private volatile DeadlineOwner deadlineOwner;

	private volatile Phases phases;

	// what the client got if the deadline passed, decided by the deadline's owner
	private volatile DeadlineOutcome deadlineOutcome;

	// written by the request's thread without a fence, read by the deadline watchdog: a stale
	// value only blames a neighbouring stage
	private String currentStage;

	// open leases (connections, tasks), linked through the leases themselves; guarded by this

	private Lease leases;

	private boolean leasesEnded;

	// attachments, one slot per key; written under this, read without a lock
	private volatile Object[] attachments;

	DefaultRequestContext(String traceId, String spanId, Boolean sampled, String method, long startNanos,
			long startEpochMillis, Timeline timeline) {
		this.traceId = traceId;
		this.spanId = spanId;
		this.sampled = sampled;
		this.method = method;
		this.startNanos = startNanos;
		this.startEpochMillis = startEpochMillis;
		this.timeline = timeline;
	}

	/**
	 * Starts building the context of a request that begins now.
	 * @param method the HTTP method
	 * @return a builder
	 */
	public static Builder builder(String method) {
		return new Builder(method);
	}

	/**
	 * Returns the W3C trace id (32 lowercase hex characters), or {@code null} when no tracer was
	 * available for the request.
	 * @return the trace id or {@code null}
	 */
	@Override
	public String traceId() {
		return this.traceId;
	}

	/**
	 * Returns the id (16 lowercase hex characters) of the server span of this request, or
	 * {@code null} when no tracer was available.
	 * @return the span id or {@code null}
	 */
	@Override
	public String spanId() {
		return this.spanId;
	}

	/**
	 * Returns the trace's sampling decision, or {@code null} when there is no trace.
	 * @return whether the trace is sampled, or {@code null}
	 */
	@Override
	public Boolean sampled() {
		return this.sampled;
	}

	/**
	 * Returns the HTTP method of the request.
	 * @return the HTTP method
	 */
	@Override
	public String method() {
		return this.method;
	}

	/**
	 * Returns the route pattern (for example {@code /api/owners/{id}}) once handler mapping has
	 * resolved it, otherwise {@code null}. Never the raw request path.
	 * @return the route pattern or {@code null}
	 */
	@Override
	public String routePattern() {
		return this.routePattern;
	}

	/**
	 * Records the route pattern that handler mapping resolved for this request.
	 * @param routePattern the route pattern
	 */
	public void routePattern(String routePattern) {
		this.routePattern = routePattern;
	}

	/**
	 * Returns the route to report for this request: the route pattern when handler mapping
	 * resolved one, otherwise a fixed token: {@code NOT_FOUND} for a 404, {@code REDIRECTION}
	 * for a 3xx, {@code UNKNOWN} otherwise. Never the raw request path, so it is safe as a log
	 * field and a metric tag.
	 * @return the route pattern or token
	 */
	@Override
	public String route() {
		String pattern = this.routePattern;
		int status = this.status;
		if (pattern != null && !(status == 404 && "/**".equals(pattern))) {
			return pattern;
		}
		if (status == 404) {
			return NOT_FOUND;
		}
		return (status >= 300 && status < 400) ? REDIRECTION : UNKNOWN;
	}

	/**
	 * Returns the {@link System#nanoTime()} reading taken when the request started.
	 * @return the monotonic start time
	 */
	@Override
	public long startNanos() {
		return this.startNanos;
	}

	/**
	 * Returns the wall-clock time, in epoch milliseconds, when the request started.
	 * @return the wall-clock start time
	 */
	@Override
	public long startEpochMillis() {
		return this.startEpochMillis;
	}

	/**
	 * Returns how long the request has run so far, or its total duration once completed.
	 * @return the elapsed time
	 */
	@Override
	public Duration elapsed() {
		long duration = this.durationNanos;
		return Duration.ofNanos((duration >= 0) ? duration : System.nanoTime() - this.startNanos);
	}

	/**
	 * Returns the stage timeline, present when deep tracing is on.
	 * @return the timeline, or {@code null} when deep tracing is off
	 */
	public Timeline timeline() {
		return this.timeline;
	}

	/**
	 * Returns whether the request has completed.
	 * @return whether the request completed
	 */
	@Override
	public boolean isCompleted() {
		return this.completed != 0;
	}

	/**
	 * Returns the response status, known once the request completed (0 before).
	 * @return the response status
	 */
	@Override
	public int status() {
		return this.status;
	}

	/**
	 * Returns the number of response body bytes written so far.
	 * @return the response size in bytes
	 */
	@Override
	public long responseBytes() {
		return this.responseBytes;
	}

	/**
	 * Returns the total duration in nanoseconds, or -1 before the request completed.
	 * @return the duration in nanoseconds
	 */
	@Override
	public long durationNanos() {
		return this.durationNanos;
	}

	/**
	 * Adds to the count of response body bytes written (used by the starter's response
	 * wrapper).
	 * @param bytes bytes just written
	 */
	public void recordResponseBytes(long bytes) {
		// one writer at a time: the servlet container serialises writes to a response
		this.responseBytes += bytes;
	}

	/**
	 * Forgets the response body bytes counted so far: the container discarded them unsent (a
	 * reset of the uncommitted response, the body replaced by an error page).
	 */
	public void discardResponseBytes() {
		this.responseBytes = 0;
	}

	/**
	 * Marks the request as served by a static resource handler.
	 * @param staticResource whether a static resource handler served the request
	 */
	public void staticResource(boolean staticResource) {
		this.staticResource = staticResource;
	}

	/**
	 * Returns whether a static resource handler served the request.
	 * @return whether the request was for a static resource
	 */
	public boolean isStaticResource() {
		return this.staticResource;
	}

	/**
	 * Completes the request once: records status and duration. Later calls do nothing.
	 * @param status the final response status
	 * @param endNanos the {@link System#nanoTime()} reading at completion
	 * @return {@code true} for the call that completed the request
	 */
	public boolean complete(int status, long endNanos) {
		if (!COMPLETED.compareAndSet(this, 0, 1)) {
			return false;
		}
		this.status = status;
		this.durationNanos = endNanos - this.startNanos;
		return true;
	}

	/**
	 * Notes that a filter was entered during the current dispatch (used by the starter's
	 * stage-recording filter wrappers).
	 * @return the number of filters entered so far in this dispatch, this one included
	 */
	public int enterFilter() {
		return ++this.filterEntries;
	}

	/**
	 * Returns the number of filters entered so far in this dispatch.
	 * @return the number of filters entered
	 */
	public int filterEntries() {
		return this.filterEntries;
	}

	/**
	 * Starts a new dispatch (request, async or error) for the filter bookkeeping.
	 */
	public void beginDispatch() {
		this.filterEntries = 0;
		this.containerFilters = false;
		this.brokenChainCandidate = null;
		this.responseTouchedInDispatch = false;
	}

	/**
	 * Returns whether anything touched the response (status, headers, body) since the current
	 * dispatch began.
	 * @return whether the response was touched in this dispatch
	 */
	public boolean responseTouchedInDispatch() {
		return this.responseTouchedInDispatch;
	}

	/**
	 * Notes that the container's filters are wrapped for stage recording in this dispatch (the
	 * wrapper of a container-registered filter was entered), so every filter is seen and the
	 * innermost one that did not continue can be named.
	 */
	public void containerFiltersWrapped() {
		this.containerFilters = true;
	}

	/**
	 * Returns whether {@link #containerFiltersWrapped()} was noted in this dispatch.
	 * @return whether the container's filters are wrapped
	 */
	public boolean areContainerFiltersWrapped() {
		return this.containerFilters;
	}

	/**
	 * Notes that the application changed the response (status, header, body, error), through
	 * the starter's response wrapper.
	 */
	public void touchResponse() {
		this.responseTouches++;
		this.responseTouchedInDispatch = true;
	}

	/**
	 * Returns how many times the application changed the response so far.
	 * @return the number of response changes
	 */
	public int responseTouches() {
		return this.responseTouches;
	}

	/**
	 * Names the innermost filter of this dispatch that returned without calling the chain and
	 * without changing the response: the filter at fault if the request ends as an empty 200.
	 * @param filterName the filter name
	 */
	public void brokenChainCandidate(String filterName) {
		if (this.brokenChainCandidate == null) {
			this.brokenChainCandidate = filterName;
		}
	}

	/**
	 * Returns the filter noted by {@link #brokenChainCandidate(String)} in this dispatch, if any.
	 * @return the filter name or {@code null}
	 */
	public String brokenChainCandidate() {
		return this.brokenChainCandidate;
	}

	/**
	 * Names the innermost filter an exception escaped from; the first call wins, since the
	 * exception then passes the outer filters too.
	 * @param filterName the filter name
	 */
	public void throwingFilter(String filterName) {
		if (this.throwingFilter == null) {
			this.throwingFilter = filterName;
		}
	}

	/**
	 * Returns the filter noted by {@link #throwingFilter(String)}, if any.
	 * @return the filter name or {@code null}
	 */
	public String throwingFilter() {
		return this.throwingFilter;
	}

	/**
	 * Records that this request caused an anomaly of the given type (at most 8 are kept per
	 * request).
	 * @param type the anomaly type
	 */
	public synchronized void anomaly(String type) {
		if (this.anomalies == null) {
			this.anomalies = new String[8];
		}
		if (this.anomalyCount < this.anomalies.length) {
			this.anomalies[this.anomalyCount++] = type;
		}
	}

	/**
	 * Returns whether this request caused an anomaly (without copying the list).
	 * @return whether an anomaly was recorded
	 */
	public boolean hasAnomalies() {
		return this.anomalyCount > 0;
	}

	/**
	 * Returns the anomaly types this request caused, in order.
	 * @return the anomaly types (empty when none)
	 */
	public synchronized List<String> anomalies() {
		return (this.anomalyCount == 0) ? java.util.List.of()
				: java.util.List.of(java.util.Arrays.copyOf(this.anomalies, this.anomalyCount));
	}

	/**
	 * Returns the request's deadline, or {@code null} when deadlines are off.
	 * @return the deadline or {@code null}
	 */
	@Override
	public Deadline deadline() {
		return this.deadline;
	}

	/**
	 * Sets the request's first deadline (the starter's deadline filter does this).
	 * @param deadline the deadline
	 * @param owner keeps what happens when it passes, or {@code null} for a deadline nobody
	 * watches
	 */
	public void startDeadline(Deadline deadline, DeadlineOwner owner) {
		this.deadlineOwner = owner;
		this.deadline = deadline;
	}

	/**
	 * Returns the owner given with the deadline: the starter's deadline state of this request.
	 * @return the owner or {@code null}
	 */
	public DeadlineOwner deadlineOwner() {
		return this.deadlineOwner;
	}

	/**
	 * Shortens the request's deadline to {@code budget} from now, if that is earlier than the
	 * current one; a deadline is never extended. Without a deadline (deadlines off), sets one.
	 * @param budget the budget from now, positive
	 * @return the request's deadline afterwards
	 */
	@Override
	public Deadline shortenDeadline(Duration budget) {
		Deadline candidate = Deadline.of(System.nanoTime(), budget, "code");
		Deadline result;
		synchronized (this) {
			Deadline current = this.deadline;
			result = candidate.earliest(current);
			if (result == current) {
				return current;
			}
			this.deadline = result;
		}
		DeadlineOwner owner = this.deadlineOwner;
		if (owner != null) {
			owner.deadlineShortened(this, result);
		}
		return result;
	}

	/**
	 * Returns the request's phases (database, outbound HTTP, async tasks), created on first use.
	 * @return the phases
	 */
	@Override
	public Phases phases() {
		Phases phases = this.phases;
		if (phases == null) {
			synchronized (this) {
				phases = this.phases;
				if (phases == null) {
					phases = new Phases(Phases.DEFAULT_CAPACITY);
					this.phases = phases;
				}
			}
		}
		return phases;
	}

	/**
	 * Returns the request's phases if any was started, without creating them.
	 * @return the phases or {@code null}
	 */
	public Phases phasesIfAny() {
		return this.phases;
	}

	/**
	 * Registers an action to run, on the deadline watchdog's thread, if the request's deadline
	 * passes while it is registered: cancel a running statement, abort an outbound call. Runs at
	 * once if the request already timed out; never runs for a deadline nobody watches.
	 * @param action what to do when the deadline passes; must not block for long
	 * @return closed by the caller when the guarded work ended
	 */
	@Override
	public DeadlineHook onDeadline(Runnable action) {
		DeadlineOwner owner = this.deadlineOwner;
		return (owner != null) ? owner.onDeadline(action) : DeadlineHook.NONE;
	}

	/**
	 * Notes that the application produced the whole response: the handler returned and its body
	 * was written or its view rendered, the body reached its declared {@code Content-Length},
	 * the application closed the response stream, or sent an error or a redirect. From here on a
	 * deadline passing cannot cut the response: it is delivered whole and reported as
	 * {@link DeadlineOutcome#LATE}. Tells the deadline's owner, which counts only the first call
	 * (used by the starter's response wrapper and interceptors).
	 */
	public void responseProduced() {
		DeadlineOwner owner = this.deadlineOwner;
		if (owner != null) {
			owner.responseProduced(this);
		}
	}

	/**
	 * Records what the client got of a request whose deadline passed (used by the starter's
	 * deadline filter).
	 * @param outcome the outcome
	 */
	public void deadlineOutcome(DeadlineOutcome outcome) {
		this.deadlineOutcome = outcome;
	}

	/**
	 * Returns what the client got of a request whose deadline passed before it ended, or
	 * {@code null} if it did not.
	 * @return the outcome or {@code null}
	 */
	public DeadlineOutcome deadlineOutcome() {
		return this.deadlineOutcome;
	}

	/**
	 * Notes the middleware stage the request's thread is in (filter name or {@code handler}).
	 * @param stage the stage
	 * @return the stage it replaces, to be restored when this one ends
	 */
	public String enterStage(String stage) {
		String previous = this.currentStage;
		this.currentStage = stage;
		return previous;
	}

	/**
	 * Restores the stage replaced by {@link #enterStage(String)}.
	 * @param previous the stage to restore
	 */
	public void restoreStage(String previous) {
		this.currentStage = previous;
	}

	/**
	 * Returns the middleware stage the request's thread was last seen in, or {@code null}.
	 * @return the current stage or {@code null}
	 */
	public String currentStage() {
		return this.currentStage;
	}

	/**
	 * Attaches a lease borrowed on this request's behalf. When the request already completed,
	 * the lease is not attached and is told at once that it outlived the request.
	 * @param lease the lease, not attached to any request
	 */
	public void attach(Lease lease) {
		synchronized (this) {
			if (lease.owner != null) {
				throw new IllegalStateException("Lease already attached to " + lease.owner);
			}
			if (!this.leasesEnded) {
				lease.owner = this;
				lease.next = this.leases;
				if (this.leases != null) {
					this.leases.previous = lease;
				}
				this.leases = lease;
				return;
			}
		}
		lease.requestEnded(this);
	}

	/**
	 * Detaches a lease that was released; does nothing if it is not attached to this request.
	 * @param lease the lease
	 */
	public synchronized void detach(Lease lease) {
		if (lease.owner != this) {
			return;
		}
		if (lease.previous != null) {
			lease.previous.next = lease.next;
		}
		else {
			this.leases = lease.next;
		}
		if (lease.next != null) {
			lease.next.previous = lease.previous;
		}
		lease.owner = null;
		lease.previous = null;
		lease.next = null;
	}

	/**
	 * Returns how many leases are attached now.
	 * @return the number of open leases
	 */
	public synchronized int openLeases() {
		int count = 0;
		for (Lease lease = this.leases; lease != null; lease = lease.next) {
			count++;
		}
		return count;
	}

	/**
	 * Ends the request's leases: detaches every lease still attached and tells it, outside the
	 * lock, that it outlived the request. Leases attached later are told at once. Called by the
	 * starter when the request completes; only the first call does anything.
	 */
	public void endLeases() {
		Lease open;
		synchronized (this) {
			if (this.leasesEnded) {
				return;
			}
			this.leasesEnded = true;
			open = this.leases;
			this.leases = null;
		}
		while (open != null) {
			Lease lease = open;
			synchronized (this) {
				open = lease.next;
				lease.owner = null;
				lease.previous = null;
				lease.next = null;
			}
			try {
				lease.requestEnded(this);
			}
			catch (RuntimeException ex) {
				// a lease's own failure must not keep the others from being checked
			}
		}
	}

	@Override
	public <T> T attachment(AttachmentKey<T> key) {
		Object[] slots = this.attachments;
		int slot = key.slot();
		if (slots == null || slot >= slots.length) {
			return null;
		}
		return key.type().cast(SLOT.getAcquire(slots, slot));
	}

	@Override
	public <T> void attach(AttachmentKey<T> key, T value) {
		synchronized (this) {
			SLOT.setRelease(slots(key.slot()), key.slot(), key.type().cast(value));
		}
	}

	/**
	 * Returns the value attached under {@code key}, attaching the one {@code initial} supplies
	 * first if there is none: how a feature creates its per-request state on first use.
	 * @param <T> the value's type
	 * @param key the key
	 * @param initial supplies the value to attach, called at most once per request and key
	 * @return the attached value
	 */
	public <T> T attachmentIfAbsent(AttachmentKey<T> key, Supplier<? extends T> initial) {
		T value = attachment(key);
		if (value != null) {
			return value;
		}
		synchronized (this) {
			Object[] slots = slots(key.slot());
			Object present = SLOT.getAcquire(slots, key.slot());
			if (present != null) {
				return key.type().cast(present);
			}
			value = initial.get();
			SLOT.setRelease(slots, key.slot(), value);
			return value;
		}
	}

	// called holding this
	private Object[] slots(int slot) {
		Object[] slots = this.attachments;
		if (slots == null || slot >= slots.length) {
			Object[] grown = new Object[Math.max(slot + 1, AttachmentKey.slotsTaken())];
			if (slots != null) {
				for (int i = 0; i < slots.length; i++) {
					grown[i] = SLOT.getAcquire(slots, i);
				}
			}
			this.attachments = grown;
			slots = grown;
		}
		return slots;
	}

	@Override
	public String toString() {
		return "DefaultRequestContext[traceId=" + this.traceId + ", route=" + this.routePattern + "]";
	}

	/**
	 * Builds a {@link DefaultRequestContext}.
	 */
	public static final class Builder {

		private final String method;

		private String traceId;

		private String spanId;

		private Boolean sampled;

		private long startNanos = System.nanoTime();

		private int timelineCapacity;

		Builder(String method) {
			this.method = method;
		}

		/**
		 * Sets the trace of the request.
		 * @param traceId the trace id
		 * @param spanId the span id
		 * @param sampled the sampling decision, {@code null} when unknown
		 * @return this builder
		 */
		public Builder trace(String traceId, String spanId, Boolean sampled) {
			this.traceId = traceId;
			this.spanId = spanId;
			this.sampled = sampled;
			return this;
		}

		/**
		 * Sets the monotonic start time (defaults to when the builder was created).
		 * @param startNanos a {@link System#nanoTime()} reading
		 * @return this builder
		 */
		public Builder startNanos(long startNanos) {
			this.startNanos = startNanos;
			return this;
		}

		/**
		 * Turns deep tracing on, with a timeline holding at most {@code capacity} events.
		 * @param capacity the timeline's capacity; 0 keeps deep tracing off
		 * @return this builder
		 */
		public Builder timeline(int capacity) {
			this.timelineCapacity = capacity;
			return this;
		}

		/**
		 * Builds the context.
		 * @return the request context
		 */
		public DefaultRequestContext build() {
			Timeline timeline = (this.timelineCapacity > 0) ? new Timeline(this.timelineCapacity) : null;
			return new DefaultRequestContext(this.traceId, this.spanId, this.sampled, this.method, this.startNanos,
					System.currentTimeMillis(), timeline);
		}

	}

}
