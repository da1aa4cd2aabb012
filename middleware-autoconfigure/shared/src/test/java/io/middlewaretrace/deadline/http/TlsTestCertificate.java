package io.middlewaretrace.deadline.http;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.KeyStore;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * A self-signed certificate for {@code localhost} (and no other name), made once per JVM with the
 * JDK's {@code keytool}: a PKCS12 key store for the test server and the certificate in PEM for
 * the client's SSL bundle.
 */
final class TlsTestCertificate {

	static final String PASSWORD = "test-secret";

	private static final TlsTestCertificate INSTANCE = create();

	private final Path keyStore;

	private final Path certificate;

	private TlsTestCertificate(Path keyStore, Path certificate) {
		this.keyStore = keyStore;
		this.certificate = certificate;
	}

	static TlsTestCertificate get() {
		return INSTANCE;
	}

	/**
	 * Returns the certificate in PEM, for a trust store.
	 */
	Path certificate() {
		return this.certificate;
	}

	SSLContext serverContext() {
		try (InputStream in = Files.newInputStream(this.keyStore)) {
			KeyStore store = KeyStore.getInstance("PKCS12");
			store.load(in, PASSWORD.toCharArray());
			KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
			keys.init(store, PASSWORD.toCharArray());
			SSLContext context = SSLContext.getInstance("TLS");
			context.init(keys.getKeyManagers(), null, null);
			return context;
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static TlsTestCertificate create() {
		try {
			Path dir = Files.createTempDirectory("middleware-tls");
			dir.toFile().deleteOnExit();
			Path keyStore = dir.resolve("server.p12");
			Path certificate = dir.resolve("server.pem");
			keytool("-genkeypair", "-alias", "server", "-keyalg", "EC", "-groupname", "secp256r1", "-validity", "2",
					"-dname", "CN=localhost", "-ext", "san=dns:localhost", "-storetype", "PKCS12", "-keystore",
					keyStore.toString(), "-storepass", PASSWORD, "-keypass", PASSWORD);
			keytool("-exportcert", "-rfc", "-alias", "server", "-keystore", keyStore.toString(), "-storepass", PASSWORD,
					"-file", certificate.toString());
			keyStore.toFile().deleteOnExit();
			certificate.toFile().deleteOnExit();
			return new TlsTestCertificate(keyStore, certificate);
		}
		catch (IOException | InterruptedException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static void keytool(String... arguments) throws IOException, InterruptedException {
		String[] command = new String[arguments.length + 1];
		command[0] = Paths.get(System.getProperty("java.home"), "bin", "keytool").toString();
		System.arraycopy(arguments, 0, command, 1, arguments.length);
		Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
		String output = new String(process.getInputStream().readAllBytes());
		if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
			throw new IllegalStateException("keytool failed: " + output);
		}
	}

}
