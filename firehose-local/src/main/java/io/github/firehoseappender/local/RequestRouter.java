package io.github.firehoseappender.local;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;

import java.io.IOException;

/**
 * One port, three APIs: {@code /_admin/...} to the admin endpoint, requests with an
 * {@code X-Amz-Target} to Firehose (JSON 1.1), form-encoded {@code Action=...} requests to STS
 * (query protocol); anything else Firehose answers as an unknown operation.
 */
final class RequestRouter implements HttpHandler {
    private final FirehoseApi firehose;
    private final StsApi sts;
    private final AdminApi admin;

    RequestRouter(FirehoseApi firehose, StsApi sts, AdminApi admin) {
        this.firehose = firehose;
        this.sts = sts;
        this.admin = admin;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try {
            ReceivedRequest request = ReceivedRequest.read(exchange);
            HttpAnswer answer;
            if (request.rawPath().startsWith(AdminApi.PREFIX)) {
                answer = admin.handle(request);
            } else if (request.header("X-Amz-Target") == null && StsApi.accepts(request)) {
                answer = sts.handle(request);
            } else {
                answer = firehose.handle(request);
            }
            answer.send(exchange);   // a planned drop throws, and the server closes the connection
        } finally {
            exchange.close();
        }
    }
}
