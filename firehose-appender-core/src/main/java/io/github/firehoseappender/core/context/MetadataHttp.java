package io.github.firehoseappender.core.context;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.Proxy;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

/**
 * The few HTTP calls the metadata endpoints need: link-local or loopback, never through a proxy, with connect and
 * read timeouts so that an endpoint that is not there costs at most {@code timeout} per call. Sender thread only.
 */
final class MetadataHttp {
    /** The task metadata of a large task is a few tens of KB; anything far bigger is not a metadata answer. */
    private static final int MAX_BODY_BYTES = 1 << 20;

    private final int timeoutMillis;

    MetadataHttp(Duration timeout) {
        this.timeoutMillis = (int) Math.max(1, Math.min(Integer.MAX_VALUE, timeout.toMillis()));
    }

    String get(URI uri, Map<String, String> headers) throws IOException {
        return call("GET", uri, headers);
    }

    String put(URI uri, Map<String, String> headers) throws IOException {
        return call("PUT", uri, headers);
    }

    private String call(String method, URI uri, Map<String, String> headers) throws IOException {
        HttpURLConnection connection = (HttpURLConnection) uri.toURL().openConnection(Proxy.NO_PROXY);
        try {
            connection.setRequestMethod(method);
            connection.setConnectTimeout(timeoutMillis);
            connection.setReadTimeout(timeoutMillis);
            connection.setUseCaches(false);
            connection.setInstanceFollowRedirects(false);
            for (Map.Entry<String, String> header : headers.entrySet()) {
                connection.setRequestProperty(header.getKey(), header.getValue());
            }
            if ("PUT".equals(method)) {
                connection.setDoOutput(true);
                connection.setFixedLengthStreamingMode(0);
                connection.getOutputStream().close();
            }
            int status = connection.getResponseCode();
            if (status != HttpURLConnection.HTTP_OK) {
                InputStream error = connection.getErrorStream();
                if (error != null) {
                    error.close();
                }
                throw new IOException(method + " " + uri + " answered HTTP " + status);
            }
            try (InputStream in = connection.getInputStream()) {
                return readBody(in, uri);
            }
        } finally {
            connection.disconnect();
        }
    }

    private static String readBody(InputStream in, URI uri) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        byte[] chunk = new byte[8192];
        for (int n = in.read(chunk); n >= 0; n = in.read(chunk)) {
            body.write(chunk, 0, n);
            if (body.size() > MAX_BODY_BYTES) {
                throw new IOException(uri + " answered more than " + MAX_BODY_BYTES + " bytes");
            }
        }
        return new String(body.toByteArray(), StandardCharsets.UTF_8);
    }
}
