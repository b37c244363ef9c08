package io.github.firehoseappender.examples.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * What {@code app-account-lambda.yaml} must say for SnapStart to be what the API runs (cfn-lint, in the infra
 * module, checks that the template is valid CloudFormation; this checks what it means): SnapStart applies to
 * published versions, a version is published from the function and an alias points at it, and API Gateway invokes,
 * and may invoke, that alias rather than the unqualified function ($LATEST is never restored from a snapshot).
 */
class LambdaTemplateTest {
    private static final JsonNode TEMPLATE = read(Path.of("app-account-lambda.yaml"));
    private static final JsonNode RESOURCES = TEMPLATE.path("Resources");

    private static JsonNode read(Path file) {
        try {
            return new ObjectMapper(new YAMLFactory()).readTree(Files.readString(file));
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + file.toAbsolutePath(), e);
        }
    }

    private static JsonNode resource(String logicalId, String type) {
        JsonNode resource = RESOURCES.path(logicalId);
        assertThat(resource.path("Type").asText()).as(logicalId).isEqualTo(type);
        return resource.path("Properties");
    }

    @Test
    void theFunctionRunsJava21WithSnapStartOnPublishedVersions() {
        JsonNode function = resource("Function", "AWS::Lambda::Function");
        assertThat(function.path("Runtime").asText()).isEqualTo("java21");
        assertThat(function.path("SnapStart").path("ApplyOn").asText()).isEqualTo("PublishedVersions");
    }

    @Test
    void aVersionIsPublishedFromTheFunctionAndTheLiveAliasPointsAtIt() {
        JsonNode version = resource("FunctionVersion", "AWS::Lambda::Version");
        assertThat(version.path("FunctionName").path("Ref").asText()).isEqualTo("Function");
        JsonNode alias = resource("LiveAlias", "AWS::Lambda::Alias");
        assertThat(alias.path("FunctionName").path("Ref").asText()).isEqualTo("Function");
        assertThat(alias.path("FunctionVersion").path("Fn::GetAtt").toString())
                .isEqualTo("[\"FunctionVersion\",\"Version\"]");
    }

    @Test
    void theApiInvokesTheAliasAndMayInvokeOnlyIt() {
        String uri = resource("ProxyMethod", "AWS::ApiGateway::Method").path("Integration").path("Uri")
                .path("Fn::Sub").asText();
        assertThat(uri).contains("/functions/${LiveAlias}/invocations").doesNotContain("Function.Arn");
        JsonNode permission = resource("ApiInvokePermission", "AWS::Lambda::Permission");
        assertThat(permission.path("FunctionName").path("Ref").asText()).isEqualTo("LiveAlias");
    }

    /**
     * The version's Description is what makes a new deployment publish a new version (a version is immutable; a
     * changed Description replaces it): it must name the code's key, and it must fit Lambda's 256 characters with
     * the longest values the parameters allow, or the stack fails to deploy.
     */
    @Test
    void theVersionChangesWithTheCodeKeyAndItsDescriptionFitsWithTheLongestParameters() {
        String description = resource("FunctionVersion", "AWS::Lambda::Version").path("Description")
                .path("Fn::Sub").asText();
        assertThat(description).contains("${CodeKey}");
        JsonNode parameters = TEMPLATE.path("Parameters");
        Map<String, Integer> longest = Map.of(
                "CodeKey", parameters.path("CodeKey").path("MaxLength").asInt(),
                "MemorySize", String.valueOf(parameters.path("MemorySize").path("MaxValue").asInt()).length(),
                "DeployEnvironment", patternBound(parameters.path("DeployEnvironment")),
                "DeliveryStreamName", patternBound(parameters.path("DeliveryStreamName")),
                "LoggingRegion", parameters.path("LoggingRegion").path("MaxLength").asInt());
        Matcher variable = Pattern.compile("\\$\\{([^}]+)}").matcher(description);
        StringBuilder longestText = new StringBuilder();
        while (variable.find()) {
            Integer length = longest.get(variable.group(1));
            assertThat(length).as("a bound on the length of %s", variable.group(1)).isNotNull().isPositive();
            variable.appendReplacement(longestText, "x".repeat(length));
        }
        variable.appendTail(longestText);
        assertThat(longestText.length()).as("the version's description at its longest").isLessThanOrEqualTo(256);
    }

    /** The n of a parameter's AllowedPattern ending in {@code {1,n}$}. */
    private static int patternBound(JsonNode parameter) {
        Matcher m = Pattern.compile("\\{1,(\\d+)}\\)?\\$$").matcher(parameter.path("AllowedPattern").asText());
        assertThat(m.find()).as("a bounded pattern: %s", parameter).isTrue();
        return Integer.parseInt(m.group(1));
    }
}
