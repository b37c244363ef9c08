package io.github.firehoseappender.local.http;

import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The JDK HTTP server bound to 127.0.0.1 only, answering on a small pool of daemon threads so
 * concurrent calls (several appenders' senders) are served in parallel. {@link #stop()} waits for
 * calls in flight, then releases the port and the threads.
 */
public final class LoopbackServer {
    /** Enough for the concurrent senders of a few appenders; each call is short. */
    static final int THREADS = 4;
    private static final int BACKLOG = 64;
    private static final long STOP_WAIT_SECONDS = 10;

    private final HttpServer server;
    private final ExecutorService threads;

    private LoopbackServer(HttpServer server, ExecutorService threads) {
        this.server = server;
        this.threads = threads;
    }

    /** @param port 0 for a free one */
    public static LoopbackServer start(int port, HttpHandler handler) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), BACKLOG);
        ExecutorService threads = Executors.newFixedThreadPool(THREADS, daemonThreads("firehose-local-http"));
        server.createContext("/", handler);
        server.setExecutor(threads);
        server.start();
        return new LoopbackServer(server, threads);
    }

    public int port() {
        return server.getAddress().getPort();
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
