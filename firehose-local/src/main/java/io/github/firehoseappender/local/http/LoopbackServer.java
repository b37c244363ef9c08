package io.github.firehoseappender.local.http;

import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsExchange;
import com.sun.net.httpserver.HttpsServer;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSession;

/**
 * The JDK HTTP server bound to 127.0.0.1 only, answering on a small pool of daemon threads so
 * concurrent calls (several appenders' senders) are served in parallel. {@link #stop()} waits for
 * calls in flight, then releases the port and the threads. Given an {@link SSLContext}, it answers HTTPS
 * instead (the JDK's {@code HttpsServer}) and remembers which protocol and cipher suite the calls negotiated.
 */
public final class LoopbackServer {
    /** Enough for the concurrent senders of a few appenders; each call is short. */
    static final int THREADS = 4;
    private static final int BACKLOG = 64;
    private static final long STOP_WAIT_SECONDS = 10;

    private final HttpServer server;
    private final ExecutorService threads;
    /** "PROTOCOL CIPHER_SUITE" of the TLS sessions calls arrived on, in the order first seen; guarded by itself. */
    private final Set<String> negotiated = new LinkedHashSet<>();
    /** The session the last call arrived on: calls on a kept-alive connection skip the set. */
    private volatile SSLSession lastSession;

    private LoopbackServer(HttpServer server, ExecutorService threads) {
        this.server = server;
        this.threads = threads;
    }

    /** Plain HTTP. @param port 0 for a free one */
    public static LoopbackServer start(int port, HttpHandler handler) throws IOException {
        return start(port, handler, null);
    }

    /** @param port 0 for a free one @param tls HTTPS with this context's key, or null for plain HTTP */
    public static LoopbackServer start(int port, HttpHandler handler, SSLContext tls) throws IOException {
        InetSocketAddress address = new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
        HttpServer server;
        if (tls == null) {
            server = HttpServer.create(address, BACKLOG);
        } else {
            HttpsServer https = HttpsServer.create(address, BACKLOG);
            https.setHttpsConfigurator(new HttpsConfigurator(tls));
            server = https;
        }
        ExecutorService threads = Executors.newFixedThreadPool(THREADS, daemonThreads("firehose-local-http"));
        LoopbackServer started = new LoopbackServer(server, threads);
        server.createContext("/", tls == null ? handler : exchange -> {
            started.remember((HttpsExchange) exchange);
            handler.handle(exchange);
        });
        server.setExecutor(threads);
        server.start();
        return started;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** {@code https} when started with an {@link SSLContext}, else {@code http}. */
    public String scheme() {
        return server instanceof HttpsServer ? "https" : "http";
    }

    /**
     * The protocol and cipher suite of each TLS session calls arrived on, distinct, in the order first seen
     * ({@code TLSv1.3 TLS_AES_256_GCM_SHA384}); empty for plain HTTP or before the first call.
     */
    public List<String> negotiatedTls() {
        synchronized (negotiated) {
            return new ArrayList<>(negotiated);
        }
    }

    private void remember(HttpsExchange exchange) {
        SSLSession session = exchange.getSSLSession();
        if (session != lastSession) {
            lastSession = session;
            synchronized (negotiated) {
                negotiated.add(session.getProtocol() + " " + session.getCipherSuite());
            }
        }
    }

    public void stop() {
        server.stop(0);
        threads.shutdown();
        try {
            if (!threads.awaitTermination(STOP_WAIT_SECONDS, TimeUnit.SECONDS)) {
                System.err.println("firehose-local: calls still running " + STOP_WAIT_SECONDS + " s after stop; interrupting them");
                threads.shutdownNow();
            }
        } catch (InterruptedException e) {
            threads.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    public static ThreadFactory daemonThreads(String name) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, name + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
