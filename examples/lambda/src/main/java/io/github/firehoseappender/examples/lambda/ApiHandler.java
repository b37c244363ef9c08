package io.github.firehoseappender.examples.lambda;

import ch.qos.logback.classic.LoggerContext;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import io.github.firehoseappender.core.FlushResult;
import io.github.firehoseappender.core.context.RuntimeContext;
import io.github.firehoseappender.logback.FirehoseAppender;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * An API Gateway (REST, proxy integration) handler that logs through Logback to Firehose and delivers every event
 * of an invocation before returning it. Lambda freezes the environment as soon as the handler returns: a batch left
 * in the appender's buffer would wait, frozen, for the next invocation (or be lost with the environment), so the
 * handler flushes in {@code finally}. The flush costs one PutRecordBatch round trip per invocation.
 *
 * <p>The request id goes into the MDC under {@code AWSRequestId}, the key AWS's own Lambda logging uses; the
 * appender's runtime context writes it as {@code aws_request_id}, beside the function's name, version and memory.
 *
 * <p>Routes: {@code GET /hello} (200), {@code /fail} (500 after an ERROR with a stack trace), anything else 404.
 */
public final class ApiHandler implements RequestHandler<APIGatewayProxyRequestEvent, APIGatewayProxyResponseEvent> {
    /**
     * The flush may use the invocation's remaining time less this margin: returning a little early beats a timeout,
     * and the first flush of an environment also waits for the HTTP client and credentials to be ready (half a second
     * or so on a cold start; less after a SnapStart restore, whose classes are loaded).
     */
    private static final long DEADLINE_MARGIN_MILLIS = 500;
    private static final Logger LOG = LoggerFactory.getLogger(ApiHandler.class);
    private static final Logger ACCESS = LoggerFactory.getLogger("access");

    private final LoggerContext logback;

    /** The constructor Lambda calls, once per execution environment (the cold start configures Logback). */
    public ApiHandler() {
        this((LoggerContext) LoggerFactory.getILoggerFactory());
    }

    ApiHandler(LoggerContext logback) {
        this.logback = logback;
        // Logged at init. With SnapStart the appender's checkpoint hook delivers it before the snapshot, so the
        // snapshot holds the signing, HTTP and TLS code already loaded and compiled, and a restored environment's
        // first flush pays only a new connection; without SnapStart it goes with the first invocation's flush.
        LOG.info("handler initialized");
    }

    @Override
    public APIGatewayProxyResponseEvent handleRequest(APIGatewayProxyRequestEvent request, Context context) {
        long start = System.nanoTime();
        MDC.put(RuntimeContext.LAMBDA_REQUEST_ID_MDC_KEY, context.getAwsRequestId());
        if (request.getRequestContext() != null && request.getRequestContext().getRequestId() != null) {
            // API Gateway's id of the same request: joins these events with its access log.
            MDC.put("api_request_id", request.getRequestContext().getRequestId());
        }
        String method = request.getHttpMethod() == null ? "GET" : request.getHttpMethod();
        String path = request.getPath() == null ? "/" : request.getPath();
        int status = 500;
        try {
            APIGatewayProxyResponseEvent response = route(path);
            status = response.getStatusCode();
            return response;
        } finally {
            ACCESS.info("\"{} {}\" {} {} ms", method, path, status,
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
            flushBeforeReturning(context);
            MDC.clear();
        }
    }

    private APIGatewayProxyResponseEvent route(String path) {
        if (path.equals("/hello")) {
            LOG.info("greeting");
            return response(200, "{\"message\":\"hello\"}");
        }
        if (path.equals("/fail")) {
            try {
                throw new IllegalStateException("inventory service unavailable");
            } catch (IllegalStateException e) {
                LOG.error("request failed", e);
            }
            return response(500, "{\"message\":\"internal error\"}");
        }
        return response(404, "{\"message\":\"not found\"}");
    }

    /** Delivers this invocation's events now; a timeout is said on stderr (CloudWatch Logs), never thrown. */
    private void flushBeforeReturning(Context context) {
        Duration timeout = Duration.ofMillis(Math.max(0, context.getRemainingTimeInMillis() - DEADLINE_MARGIN_MILLIS));
        FlushResult flushed = FirehoseAppender.flushAll(logback, timeout);
        if (!flushed.isCompleted()) {
            System.err.println("firehose flush timed out after " + timeout + ": " + flushed
                    + "; those events go out with the next invocation");
        }
    }

    private static APIGatewayProxyResponseEvent response(int status, String json) {
        return new APIGatewayProxyResponseEvent().withStatusCode(status)
                .withHeaders(Map.of("Content-Type", "application/json")).withBody(json);
    }
}
