package io.middlewaretrace.deadline.http;

import java.io.IOException;

import org.apache.hc.client5.http.EndpointInfo;
import org.apache.hc.client5.http.HttpRoute;
import org.apache.hc.client5.http.classic.ExecRuntime;
import org.apache.hc.client5.http.protocol.HttpClientContext;
import org.apache.hc.core5.concurrent.CancellableDependency;
import org.apache.hc.core5.http.ClassicHttpRequest;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.HttpException;
import org.apache.hc.core5.http.io.HttpResponseInformationCallback;
import org.apache.hc.core5.util.TimeValue;

import io.middlewaretrace.context.Deadline;
import io.middlewaretrace.context.Phase;
import io.middlewaretrace.context.Phases;

/**
 * An {@link ExecRuntime} that records the pool lease and the connect of an exchange as phases
 * of the request it runs for, and otherwise delegates.
 */
final class TimedExecRuntime implements ExecRuntime {

	private final ExecRuntime delegate;

	private final Phases phases;

	private final Deadline deadline;

	TimedExecRuntime(ExecRuntime delegate, Phases phases, Deadline deadline) {
		this.delegate = delegate;
		this.phases = phases;
		this.deadline = deadline;
	}

	@Override
	public void acquireEndpoint(String id, HttpRoute route, Object state, HttpClientContext context)
			throws IOException {
		Phase phase = this.phases.start(DeadlineExecChainHandler.LEASE_PHASE, route.getTargetHost().toURI());
		try {
			this.delegate.acquireEndpoint(id, route, state, context);
			phase.end(Phase.OK);
		}
		finally {
			phase.end(failure());
		}
	}

	@Override
	public void connectEndpoint(HttpClientContext context) throws IOException {
		Phase phase = this.phases.start(DeadlineExecChainHandler.CONNECT_PHASE, null);
		try {
			this.delegate.connectEndpoint(context);
			phase.end(Phase.OK);
		}
		finally {
			phase.end(failure());
		}
	}

	@Override
	public void upgradeTls(HttpClientContext context) throws IOException {
		Phase phase = this.phases.start(DeadlineExecChainHandler.CONNECT_PHASE, "tls upgrade");
		try {
			this.delegate.upgradeTls(context);
			phase.end(Phase.OK);
		}
		finally {
			phase.end(failure());
		}
	}

	private String failure() {
		return this.deadline.isExpired() ? Phase.DEADLINE : Phase.FAILED;
	}

	@Override
	public boolean isExecutionAborted() {
		return this.delegate.isExecutionAborted();
	}

	@Override
	public boolean isEndpointAcquired() {
		return this.delegate.isEndpointAcquired();
	}

	@Override
	public void releaseEndpoint() {
		this.delegate.releaseEndpoint();
	}

	@Override
	public void discardEndpoint() {
		this.delegate.discardEndpoint();
	}

	@Override
	public boolean isEndpointConnected() {
		return this.delegate.isEndpointConnected();
	}

	@Override
	public void disconnectEndpoint() throws IOException {
		this.delegate.disconnectEndpoint();
	}

	@Override
	public EndpointInfo getEndpointInfo() {
		return this.delegate.getEndpointInfo();
	}

	@Override
	public ClassicHttpResponse execute(String id, ClassicHttpRequest request, HttpClientContext context)
			throws IOException, HttpException {
		return this.delegate.execute(id, request, context);
	}

	@Override
	public ClassicHttpResponse execute(String id, ClassicHttpRequest request,
			HttpResponseInformationCallback informationCallback, HttpClientContext context)
			throws IOException, HttpException {
		return this.delegate.execute(id, request, informationCallback, context);
	}

	@Override
	public boolean isConnectionReusable() {
		return this.delegate.isConnectionReusable();
	}

	@Override
	public void markConnectionReusable(Object state, TimeValue validityTime) {
		this.delegate.markConnectionReusable(state, validityTime);
	}

	@Override
	public void markConnectionNonReusable() {
		this.delegate.markConnectionNonReusable();
	}

	@Override
	public ExecRuntime fork(CancellableDependency cancellableDependency) {
		return new TimedExecRuntime(this.delegate.fork(cancellableDependency), this.phases, this.deadline);
	}

}
