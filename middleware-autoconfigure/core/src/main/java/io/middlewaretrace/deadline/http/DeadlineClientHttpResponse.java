package io.middlewaretrace.deadline.http;

import java.io.IOException;
import java.io.InputStream;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.client.ClientHttpResponse;

import io.middlewaretrace.context.Phase;

/**
 * A response whose closing ends its {@link OutboundCall}: the body is read within the call's
 * deadline watch and phases.
 */
final class DeadlineClientHttpResponse implements ClientHttpResponse {

	private final ClientHttpResponse delegate;

	private final OutboundCall call;

	DeadlineClientHttpResponse(ClientHttpResponse delegate, OutboundCall call) {
		this.delegate = delegate;
		this.call = call;
	}

	@Override
	public HttpStatusCode getStatusCode() throws IOException {
		return this.delegate.getStatusCode();
	}

	@Override
	public String getStatusText() throws IOException {
		return this.delegate.getStatusText();
	}

	@Override
	public HttpHeaders getHeaders() {
		return this.delegate.getHeaders();
	}

	@Override
	public InputStream getBody() throws IOException {
		return this.delegate.getBody();
	}

	@Override
	public void close() {
		try {
			this.delegate.close();
		}
		finally {
			this.call.end(Phase.OK);
		}
	}

}
