package io.github.firehoseappender.core.send;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.io.JsonStringEncoder;
import io.github.firehoseappender.core.auth.FirehoseCredentials;
import io.github.firehoseappender.core.batch.Record;
import io.github.firehoseappender.core.config.DeliveryConfig;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpFullRequest;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.PartitionMetadata;
import software.amazon.awssdk.regions.Region;

/**
 * PutRecordBatch with the request body written here rather than by the SDK's marshaller ({@code wire=direct}).
 *
 * <p>Why: at 5 MiB/s most of the SDK path's sender CPU went to marshalling base64 record data into a growing stream
 * and copying it. Here the body {@code {"DeliveryStreamName":"…","Records":[{"Data":"<base64>"},…]}} is written
 * into one buffer, sized for the call before anything is written and reused for every call, base64 from each
 * record's bytes. Nothing else is ours: the SDK's own SigV4 signer signs (it hashes the body as it reads it), the
 * SDK's own URL-connection HTTP client sends, jackson-core's streaming parser reads the answer, and a failure is
 * classified by the same {@link FailureClassifier} as on the SDK path, from the same exception types the SDK would
 * have thrown. Built on an internal thread, then used on the sender thread only (the buffers are not shared).
 */
public final class DirectFirehoseTransport implements FirehoseTransport {
    static final String CONTENT_TYPE = "application/x-amz-json-1.1";
    static final String TARGET = "Firehose_20150804.PutRecordBatch";
    private static final String SIGNING_NAME = "firehose";
    private static final byte[] RECORDS = "\",\"Records\":[".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    private static final byte[] DATA = "{\"Data\":\"".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    private static final byte[] END_DATA = "\"}".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    private static final byte[] STREAM = "{\"DeliveryStreamName\":\"".getBytes(
            java.nio.charset.StandardCharsets.US_ASCII);

    private final SdkHttpClient http;
    private final AwsV4HttpSigner signer = AwsV4HttpSigner.create();
    private final FirehoseCredentials credentials;
    private final ScheduledExecutorService sdkTimers;
    private final URI endpoint;
    private final String region;
    private final long requestTimeoutMillis;
    private final String streams;
    private final Map<String, FailureClassifier> classifiers;
    /** Per stream, its name as JSON string content (escaped once). */
    private final Map<String, byte[]> streamNames;
    private final ChunkedBase64 base64 = new ChunkedBase64();
    private final JsonFactory json = new JsonFactory();
    /** The request body, grown to the largest call seen and reused. */
    private byte[] body;
    /** The answer, reused. */
    private byte[] answer = new byte[16 * 1024];

    DirectFirehoseTransport(SdkHttpClient http, FirehoseCredentials credentials, ScheduledExecutorService sdkTimers,
                            URI endpoint, String region, long requestTimeoutMillis,
                            List<String> streamList, String roleArn, String stsEndpoint) {
        this.http = http;
        this.credentials = credentials;
        this.sdkTimers = sdkTimers;
        this.endpoint = endpoint;
        this.region = region;
        this.requestTimeoutMillis = requestTimeoutMillis;
        this.streams = String.join(",", streamList);
        this.classifiers = new HashMap<>();
        this.streamNames = new HashMap<>();
        for (String stream : streamList) {
            classifiers.put(stream, new FailureClassifier(stream, region, roleArn, stsEndpoint));
            streamNames.put(stream, JsonStringEncoder.getInstance().quoteAsUTF8(stream));
        }
        // Grown to the largest call, then reused: a full call (4,000,000 raw bytes) is about 5.3 MB of body, more than
        // a quiet appender should hold from the start.
        this.body = new byte[64 * 1024];
    }

    /** Builds the HTTP client, credentials and timer for {@code config}; see {@link SdkFirehoseTransport#create}. */
    public static DirectFirehoseTransport create(DeliveryConfig config, Consumer<String> info) {
        return SdkFirehoseTransport.build(config, info, (region, sdkTimers, credentials) -> new DirectFirehoseTransport(
                UrlConnectionHttpClient.builder()
                        .connectionTimeout(config.requestTimeout())
                        .socketTimeout(config.requestTimeout())
                        .build(),
                credentials, sdkTimers, endpoint(config.endpoint(), region), region.id(),
                config.requestTimeout().toMillis(), config.deliveryStreams(), config.roleArn(),
                config.stsEndpoint() == null ? null : config.stsEndpoint().toString()));
    }

    /**
     * The configured endpoint, else Firehose's standard one in {@code region}'s partition
     * ({@code https://firehose.us-east-1.amazonaws.com}, {@code https://firehose.cn-north-1.amazonaws.com.cn}).
     */
    static URI endpoint(URI configured, Region region) {
        if (configured != null) {
            return configured;
        }
        return URI.create("https://firehose." + region.id() + "." + PartitionMetadata.of(region).dnsSuffix());
    }

    @Override
    public PutOutcome put(String stream, List<Record> records) {
        FailureClassifier classifier = classifiers.get(stream);
        AwsCredentials identity;
        try {
            // As on the SDK path: a credentials or STS failure is told apart from a lost answer of Firehose.
            identity = credentials.provider().resolveCredentials();
        } catch (RuntimeException e) {
            return classifier.classifyCredentials(e);
        }
        int length = writeBody(stream, records);
        byte[] payload = body;
        ContentStreamProvider content = () -> new ByteArrayInputStream(payload, 0, length);
        SdkHttpFullRequest unsigned = SdkHttpFullRequest.builder()
                .method(SdkHttpMethod.POST)
                .uri(endpoint)
                .putHeader("Content-Type", CONTENT_TYPE)
                .putHeader("X-Amz-Target", TARGET)
                .putHeader("Content-Length", Integer.toString(length))
                .build();
        HttpExecuteResponse response;
        boolean[] timedOut = new boolean[1];
        ScheduledFuture<?> timeout = null;
        try {
            SignedRequest signed = signer.sign(r -> r.identity(identity)
                    .request(unsigned)
                    .payload(content)
                    .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, SIGNING_NAME)
                    .putProperty(AwsV4HttpSigner.REGION_NAME, region));
            SdkHttpRequest request = signed.request();
            ExecutableHttpRequest call = http.prepareRequest(HttpExecuteRequest.builder()
                    .request(request).contentStreamProvider(content).build());
            // The SDK path's apiCallAttemptTimeout: the whole attempt is bounded, not only each socket read.
            timeout = sdkTimers.schedule(() -> {
                timedOut[0] = true;
                call.abort();
            }, requestTimeoutMillis, TimeUnit.MILLISECONDS);
            response = call.call();
            int status = response.httpResponse().statusCode();
            int read = readAnswer(response);
            timeout.cancel(false);
            if (status / 100 == 2) {
                return outcome(stream, records, read);
            }
            return classifier.classify(serviceError(status, response, read));
        } catch (IOException | RuntimeException e) {
            if (timeout != null) {
                timeout.cancel(false);
            }
            if (timedOut[0]) {
                ApiCallAttemptTimeoutException t = ApiCallAttemptTimeoutException.create(requestTimeoutMillis);
                t.addSuppressed(e);
                return classifier.classify(t);
            }
            if (e instanceof AwsServiceException || e instanceof SdkClientException) {
                return classifier.classify(e);
            }
            return classifier.classify(SdkClientException.builder()
                    .message("Unable to execute HTTP request: " + e.getMessage()).cause(e).build());
        }
    }

    /** Writes the request body for {@code records} into {@link #body}; returns its length. */
    int writeBody(String stream, List<Record> records) {
        byte[] name = streamNames.get(stream);
        if (name == null) {
            name = JsonStringEncoder.getInstance().quoteAsUTF8(stream);
        }
        int size = STREAM.length + name.length + RECORDS.length + 2;
        for (int i = 0; i < records.size(); i++) {
            size += DATA.length + ChunkedBase64.encodedLength(records.get(i).size()) + END_DATA.length + 1;
        }
        if (body.length < size) {
            body = new byte[Math.max(size, body.length * 2)];
        }
        byte[] b = body;
        int p = put(b, 0, STREAM);
        p = put(b, p, name);
        p = put(b, p, RECORDS);
        for (int i = 0; i < records.size(); i++) {
            if (i > 0) {
                b[p++] = ',';
            }
            p = put(b, p, DATA);
            p += base64.encode(records.get(i).data(), b, p);
            p = put(b, p, END_DATA);
        }
        b[p++] = ']';
        b[p++] = '}';
        return p;
    }

    /** The current body, for tests. */
    byte[] body() {
        return body;
    }

    private static int put(byte[] b, int p, byte[] bytes) {
        System.arraycopy(bytes, 0, b, p, bytes.length);
        return p + bytes.length;
    }

    private int readAnswer(HttpExecuteResponse response) throws IOException {
        if (!response.responseBody().isPresent()) {
            return 0;
        }
        int n = 0;
        try (InputStream in = response.responseBody().get()) {
            while (true) {
                if (n == answer.length) {
                    answer = java.util.Arrays.copyOf(answer, answer.length * 2);
                }
                int r = in.read(answer, n, answer.length - n);
                if (r < 0) {
                    return n;
                }
                n += r;
            }
        }
    }

    /** A 200: which entries failed, as on the SDK path (a missing entry counts as failed). */
    private PutOutcome outcome(String stream, List<Record> records, int length) {
        int failedCount = 0;
        int entries = 0;
        List<Record> failed = null;
        String code = null;
        String message = null;
        try (JsonParser p = json.createParser(answer, 0, length)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new IOException("not a JSON object");
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.getCurrentName();
                JsonToken value = p.nextToken();
                if ("FailedPutCount".equals(field) && value == JsonToken.VALUE_NUMBER_INT) {
                    failedCount = p.getIntValue();
                } else if ("RequestResponses".equals(field) && value == JsonToken.START_ARRAY) {
                    while (p.nextToken() == JsonToken.START_OBJECT) {
                        String entryCode = null;
                        String entryMessage = null;
                        while (p.nextToken() == JsonToken.FIELD_NAME) {
                            String f = p.getCurrentName();
                            JsonToken v = p.nextToken();
                            if ("ErrorCode".equals(f) && v == JsonToken.VALUE_STRING) {
                                entryCode = p.getText();
                            } else if ("ErrorMessage".equals(f) && v == JsonToken.VALUE_STRING) {
                                entryMessage = p.getText();
                            } else {
                                p.skipChildren();
                            }
                        }
                        if (entryCode != null && entries < records.size()) {
                            failed = add(failed, records.get(entries));
                            if (code == null) {
                                code = entryCode;
                                message = entryMessage;
                            }
                        }
                        entries++;
                    }
                } else {
                    p.skipChildren();
                }
            }
        } catch (IOException e) {
            return classifiers.get(stream).classify(SdkClientException.builder()
                    .message("Unable to unmarshall response (" + e.getMessage() + ")").cause(e).build());
        }
        if (failedCount == 0) {
            return PutOutcome.delivered();
        }
        for (int i = entries; i < records.size(); i++) {
            failed = add(failed, records.get(i));
        }
        if (failed == null) {
            return PutOutcome.delivered(); // a FailedPutCount no entry bears out: every record has its RecordId
        }
        return PutOutcome.partial(failed, code == null ? "MissingEntry" : code, failed.size() + " of "
                + records.size() + " records to " + stream + " failed with " + code + " (" + message
                + "); resending those records");
    }

    private static List<Record> add(List<Record> failed, Record record) {
        List<Record> list = failed == null ? new ArrayList<>() : failed;
        list.add(record);
        return list;
    }

    /**
     * A non-2xx answer as the exception the SDK would have thrown: the error code from {@code x-amzn-ErrorType}, else
     * the body's {@code __type} (after any {@code #}), and its {@code message}.
     */
    private AwsServiceException serviceError(int status, HttpExecuteResponse response, int length) {
        String code = response.httpResponse().firstMatchingHeader("x-amzn-ErrorType").orElse(null);
        String message = null;
        String type = null;
        try (JsonParser p = json.createParser(answer, 0, length)) {
            if (p.nextToken() == JsonToken.START_OBJECT) {
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String field = p.getCurrentName();
                    JsonToken value = p.nextToken();
                    if ("__type".equals(field) && value == JsonToken.VALUE_STRING) {
                        type = p.getText();
                    } else if (("message".equals(field) || "Message".equals(field))
                            && value == JsonToken.VALUE_STRING) {
                        message = p.getText();
                    } else {
                        p.skipChildren();
                    }
                }
            }
        } catch (IOException e) {
            // Not JSON (a proxy's page): the status code alone classifies it, as the SDK would.
            message = null;
        }
        if (code == null) {
            code = type;
        }
        if (code != null) {
            int colon = code.indexOf(':');
            if (colon >= 0) {
                code = code.substring(0, colon);
            }
            int hash = code.lastIndexOf('#');
            if (hash >= 0) {
                code = code.substring(hash + 1);
            }
        }
        String requestId = response.httpResponse().firstMatchingHeader("x-amzn-RequestId").orElse(null);
        return AwsServiceException.builder()
                .statusCode(status)
                .requestId(requestId)
                .message(message != null ? message : "Service returned HTTP status code " + status)
                .awsErrorDetails(AwsErrorDetails.builder()
                        .errorCode(code)
                        .errorMessage(message)
                        .serviceName("Firehose")
                        .sdkHttpResponse(response.httpResponse())
                        .build())
                .build();
    }

    @Override
    public String toString() {
        return (classifiers.size() > 1 ? "Firehose streams " : "Firehose stream ") + streams + " (direct) signed with "
                + credentials;
    }

    @Override
    public void close() {
        SdkFirehoseTransport.close(http, credentials, sdkTimers);
    }
}
