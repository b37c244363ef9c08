package io.github.firehoseappender.examples.lambda;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import java.nio.charset.StandardCharsets;

/** What the Lambda runtime hands the handler for one invocation; only the request id and deadline matter here. */
final class InvocationContext implements Context {
    private final String requestId;

    InvocationContext(String requestId) {
        this.requestId = requestId;
    }

    @Override public String getAwsRequestId() { return requestId; }
    @Override public String getLogGroupName() { return "/aws/lambda/orders-api"; }
    @Override public String getLogStreamName() { return "2025/06/23/[$LATEST]0f0f"; }
    @Override public String getFunctionName() { return "orders-api"; }
    @Override public String getFunctionVersion() { return "$LATEST"; }
    @Override public String getInvokedFunctionArn() { return "arn:aws:lambda:sa-east-1:111122223333:function:orders-api"; }
    @Override public CognitoIdentity getIdentity() { return null; }
    @Override public ClientContext getClientContext() { return null; }
    @Override public int getRemainingTimeInMillis() { return 10_000; }
    @Override public int getMemoryLimitInMB() { return 512; }

    @Override
    public LambdaLogger getLogger() {
        return new LambdaLogger() {
            @Override public void log(String message) { System.out.println(message); }
            @Override public void log(byte[] message) { System.out.println(new String(message, StandardCharsets.UTF_8)); }
        };
    }
}
