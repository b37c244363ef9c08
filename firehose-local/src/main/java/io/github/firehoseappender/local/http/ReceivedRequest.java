package io.github.firehoseappender.local.http;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;

import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** One HTTP request read whole: what routing, signature checks and the APIs look at. Immutable. */
public final class ReceivedRequest {
    private final String method;
    private final String rawPath;
    private final String rawQuery;
    private final Headers headers;
    private final byte[] body;

    public ReceivedRequest(String method, String rawPath, String rawQuery, Headers headers, byte[] body) {
        this.method = method;
        this.rawPath = rawPath == null || rawPath.isEmpty() ? "/" : rawPath;
        this.rawQuery = rawQuery;
        this.headers = headers;
        this.body = body;
    }

    static ReceivedRequest read(HttpExchange exchange) throws IOException {
        byte[] body = exchange.getRequestBody().readAllBytes();
        return new ReceivedRequest(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(),
                exchange.getRequestURI().getRawQuery(), exchange.getRequestHeaders(), body);
    }

    public String method() {
        return method;
    }

    /** The path as sent, percent-encoding kept. */
    public String rawPath() {
        return rawPath;
    }

    /** The query as sent, or null. */
    public String rawQuery() {
        return rawQuery;
    }

    public byte[] body() {
        return body;
    }

    /** The first value of a header (any case), or null. */
    public String header(String name) {
        return headers.getFirst(name);
    }

    /** Every value of a header (any case), in order; empty when absent. */
    public List<String> headerValues(String name) {
        List<String> values = headers.get(name);
        return values == null ? Collections.emptyList() : values;
    }

    /** Query parameters, then form-body parameters when the body is form-encoded; a later one wins. */
    public Map<String, String> parameters() {
        Map<String, String> parameters = new LinkedHashMap<>();
        decodeForm(rawQuery, parameters);
        if (isForm()) {
            decodeForm(new String(body, StandardCharsets.UTF_8), parameters);
        }
        return parameters;
    }

    /** A form-encoded body: the AWS query protocol (STS). */
    public boolean isForm() {
        String type = header("Content-Type");
        if (type != null) {
            return type.toLowerCase(java.util.Locale.ROOT).startsWith("application/x-www-form-urlencoded");
        }
        return header("X-Amz-Target") == null && new String(body, StandardCharsets.UTF_8).startsWith("Action=");
    }

    /** Raw {@code name=value} pairs of the query string, percent-encoding kept, for the canonical request. */
    public List<String[]> rawQueryPairs() {
        List<String[]> pairs = new ArrayList<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return pairs;
        }
        for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int equals = pair.indexOf('=');
            pairs.add(equals < 0 ? new String[] {pair, ""} : new String[] {pair.substring(0, equals), pair.substring(equals + 1)});
        }
        return pairs;
    }

    private static void decodeForm(String text, Map<String, String> into) {
        if (text == null || text.isEmpty()) {
            return;
        }
        for (String pair : text.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int equals = pair.indexOf('=');
            String name = equals < 0 ? pair : pair.substring(0, equals);
            String value = equals < 0 ? "" : pair.substring(equals + 1);
            into.put(URLDecoder.decode(name, StandardCharsets.UTF_8), URLDecoder.decode(value, StandardCharsets.UTF_8));
        }
    }
}
