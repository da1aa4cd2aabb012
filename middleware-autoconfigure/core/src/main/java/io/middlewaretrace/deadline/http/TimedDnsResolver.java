package io.middlewaretrace.deadline.http;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.List;

import org.apache.hc.client5.http.DnsResolver;

import io.middlewaretrace.context.DefaultRequestContext;
import io.middlewaretrace.context.Phase;
import io.middlewaretrace.context.RequestContextHolder;

/**
 * A {@link DnsResolver} that records each lookup made on a request's behalf as the request's
 * {@value #DNS_PHASE} phase, and otherwise delegates.
 *
 * @since 0.1.0
 */
public class TimedDnsResolver implements DnsResolver {

	/**
	 * Phase of resolving the called host's name.
	 */
	public static final String DNS_PHASE = "http.dns";

	private final DnsResolver delegate;

	/**
	 * Creates a resolver.
	 * @param delegate the resolver doing the lookups
	 */
	public TimedDnsResolver(DnsResolver delegate) {
		this.delegate = delegate;
	}

	@Override
	public InetAddress[] resolve(String host) throws UnknownHostException {
		Phase phase = start(host);
		try {
			InetAddress[] addresses = this.delegate.resolve(host);
			end(phase, Phase.OK);
			return addresses;
		}
		finally {
			end(phase, Phase.FAILED);
		}
	}

	@Override
	public List<InetSocketAddress> resolve(String host, int port) throws UnknownHostException {
		Phase phase = start(host);
		try {
			List<InetSocketAddress> addresses = this.delegate.resolve(host, port);
			end(phase, Phase.OK);
			return addresses;
		}
		finally {
			end(phase, Phase.FAILED);
		}
	}

	@Override
	public String resolveCanonicalHostname(String host) throws UnknownHostException {
		return this.delegate.resolveCanonicalHostname(host);
	}

	private static Phase start(String host) {
		DefaultRequestContext context = RequestContextHolder.get();
		return (context != null && context.deadline() != null) ? context.phases().start(DNS_PHASE, host) : null;
	}

	private static void end(Phase phase, String outcome) {
		if (phase != null) {
			phase.end(outcome);
		}
	}

}
