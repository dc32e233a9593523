package com.example.logto.it;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.concurrent.TimeUnit;
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

    private final Process nginx;
    private final SSLContext trustingClient;

    private TlsProxy(Process nginx, SSLContext trustingClient) {
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
        Process nginx = new ProcessBuilder("nginx", "-p", DIR.toString(), "-e", DIR.resolve("error.log").toString(),
                "-c", config.toString()).redirectErrorStream(true)
                .redirectOutput(DIR.resolve("nginx.out").toFile()).start();
        TlsProxy proxy = new TlsProxy(nginx, trusting(cert));
        proxy.awaitListening(publicPort);
        return proxy;
    }

    /** A TLS context that trusts exactly the proxy's certificate, like a browser told to trust it. */
    public SSLContext trustingClient() {
        return trustingClient;
    }

    @Override
    public void close() throws InterruptedException {
        nginx.destroy(); // SIGTERM: nginx shuts down fast and removes its pid file
        if (!nginx.waitFor(10, TimeUnit.SECONDS)) {
            nginx.destroyForcibly();
        }
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

    private void awaitListening(int port) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (true) {
            if (!nginx.isAlive()) {
                throw new IllegalStateException("nginx stopped (is Debian's nginx installed? apt-get install -y nginx): "
                        + Files.readString(DIR.resolve("nginx.out")) + readIfExists(DIR.resolve("error.log")));
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
                return;
            } catch (IOException notYet) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("nginx did not listen on " + port + " within 20 s", notYet);
                }
                Thread.sleep(100);
            }
        }
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

    private static String readIfExists(Path file) throws IOException {
        return Files.exists(file) ? Files.readString(file) : "";
    }
}
