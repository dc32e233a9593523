package com.example.logto.it;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * Debian's nginx terminating TLS in front of the app, as in production: a self-signed certificate for
 * {@code localhost} made with openssl, {@code https://localhost:<port>} forwarded to the app's direct port with
 * the headers in {@code server-config/nginx/proxy-headers.conf}. Everything it writes (certificate, config,
 * pid, logs) stays in {@code target/tls-proxy/}.
 *
 * <pre>
 * TlsProxy proxy = TlsProxy.start(8443, 8080);
 * HttpUser user = new HttpUser(proxy.trustingClient());
 * </pre>
 */
public final class TlsProxy implements AutoCloseable {

    private static final Path DIR = Path.of("target", "tls-proxy").toAbsolutePath();

    private final Nginx nginx;
    private final SSLContext trustingClient;

    private TlsProxy(Nginx nginx, SSLContext trustingClient) {
        this.nginx = nginx;
        this.trustingClient = trustingClient;
    }

    /** Starts nginx on 127.0.0.1:{@code publicPort} (TLS) in front of http://127.0.0.1:{@code appPort}. */
    public static TlsProxy start(int publicPort, int appPort) throws IOException, InterruptedException {
        Files.createDirectories(DIR);
        Path cert = DIR.resolve("localhost.crt");
        Path key = DIR.resolve("localhost.key");
        run("openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
                "-days", "1", "-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost",
                "-keyout", key.toString(), "-out", cert.toString());
        Path config = DIR.resolve("nginx.conf");
        Files.writeString(config, nginxConfig(publicPort, appPort, cert, key));
        SSLContext trusting = trusting(cert);
        return new TlsProxy(Nginx.start(DIR, config, publicPort), trusting);
    }

    /** A TLS context that trusts exactly the proxy's certificate, like a browser told to trust it. */
    public SSLContext trustingClient() {
        return trustingClient;
    }

    @Override
    public void close() throws InterruptedException {
        nginx.close();
    }

    private static String nginxConfig(int publicPort, int appPort, Path cert, Path key) {
        String headers = new File("server-config/nginx/proxy-headers.conf").getAbsolutePath();
        return String.join("\n",
                "daemon off;",
                "worker_processes 1;",
                "pid " + DIR.resolve("nginx.pid") + ";",
                "error_log " + DIR.resolve("error.log") + " warn;",
                "events { worker_connections 64; }",
                "http {",
                "  access_log " + DIR.resolve("access.log") + ";",
                "  client_body_temp_path " + DIR.resolve("body") + ";",
                "  proxy_temp_path " + DIR.resolve("proxy") + ";",
                "  fastcgi_temp_path " + DIR.resolve("fastcgi") + ";",
                "  uwsgi_temp_path " + DIR.resolve("uwsgi") + ";",
                "  scgi_temp_path " + DIR.resolve("scgi") + ";",
                "  server {",
                "    listen 127.0.0.1:" + publicPort + " ssl;",
                "    server_name localhost;",
                "    ssl_certificate " + cert + ";",
                "    ssl_certificate_key " + key + ";",
                "    location / {",
                "      proxy_pass http://127.0.0.1:" + appPort + ";",
                "      include " + headers + ";",
                "    }",
                "  }",
                "}", "");
    }

    private static SSLContext trusting(Path cert) throws IOException {
        try (InputStream pem = Files.newInputStream(cert)) {
            Certificate certificate = CertificateFactory.getInstance("X.509").generateCertificate(pem);
            KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
            trusted.load(null, null);
            trusted.setCertificateEntry("proxy", certificate);
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(trusted);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trust.getTrustManagers(), null);
            return context;
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException("Cannot trust the proxy's certificate " + cert, e);
        }
    }

    private static void run(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        if (process.waitFor() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed: " + output);
        }
    }
}
