package io.github.firehoseappender.infra;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.firehoseappender.core.json.LogSchema;
import io.github.firehoseappender.core.json.PromotedMdcKeys;
import io.github.firehoseappender.local.FirehoseLocal;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The project's rules for the logging account, checked on the template as CloudFormation would evaluate it. */
class LoggingAccountRulesTest {
    private static final Pattern PREFIX_PARTITION = Pattern.compile("([a-z_]+)=!\\{timestamp:([A-Za-z]+)}/");

    private final CloudFormationTemplate template = CloudFormationTemplate.loggingAccount();

    @Test
    void glueTableColumnsAreExactlyTheEncodersJsonFieldsInOrder() {
        assertEquals(columns(LogSchema.FIELDS), declaredColumns(template.evaluate()),
                "Glue columns must equal LogSchema.FIELDS (name and Hive type, in order)");
    }

    @Test
    void promotedMdcKeysAddTheirStringColumnsAfterTheSchemasFieldsAsTheEncodersWriteThem() {
        for (List<String> keys : List.of(List.of("request_id"), List.of("request_id", "tenant"),
                List.of("k0", "k1", "k2", "k3", "k4", "k5", "k6", "k7", "k8", "k9"))) {
            CloudFormationTemplate.Evaluation stack = template.evaluate().with("PromotedMdcKeys", String.join(",", keys));
            assertEquals(columns(LogSchema.fields(keys)), declaredColumns(stack), keys.toString());
        }
    }

    @Test
    void promotedMdcKeysParameterAllowsExactlyTheKeysTheAppendersAccept() {
        Pattern allowed = Pattern.compile(template.root().at("/Parameters/PromotedMdcKeys/AllowedPattern").asText());
        List<String> refused = new ArrayList<>(PromotedMdcKeys.ATHENA_RESERVED_WORDS);
        refused.addAll(PromotedMdcKeys.PARTITION_KEYS);
        LogSchema.FIELDS.forEach(f -> refused.add(f.name()));
        refused.addAll(List.of("requestId", "_tenant", "9lives", "tenant-id", "a".repeat(65), "a,b,c,d,e,f,g,h,i,j,k",
                "tenant,", "tenant,,id"));
        for (String value : refused) {
            assertThrows(IllegalArgumentException.class, () -> PromotedMdcKeys.parse(value), value);
            assertFalse(allowed.matcher(value).matches(), "the template allows " + value);
            assertFalse(allowed.matcher("tenant," + value).matches(), "the template allows tenant," + value);
        }
        for (String value : List.of("", "request_id", "tenant,request_id", "users,timestamps,hour_of_day,a9_",
                "a".repeat(64), "a,b,c,d,e,f,g,h,i,j")) {
            assertEquals(value.isEmpty() ? List.of() : List.of(value.split(",")), PromotedMdcKeys.parse(value));
            assertTrue(allowed.matcher(value).matches(), "the template refuses " + value);
        }
    }

    private static List<String> columns(List<LogSchema.Field> fields) {
        List<String> written = new ArrayList<>();
        for (LogSchema.Field field : fields) {
            written.add(field.name() + " " + field.hiveType());
        }
        return written;
    }

    private static List<String> declaredColumns(CloudFormationTemplate.Evaluation stack) {
        List<String> declared = new ArrayList<>();
        for (JsonNode column : stack.properties("LogTable").at("/TableInput/StorageDescriptor/Columns")) {
            declared.add(column.path("Name").asText() + " " + column.path("Type").asText());
        }
        return declared;
    }

    @Test
    void firehosePrefixIsTheHiveLayoutOfTheTablesPartitionKeysAndProjection() {
        JsonNode destination = template.evaluate().properties("DeliveryStream").path("ExtendedS3DestinationConfiguration");
        String prefix = destination.path("Prefix").asText();
        assertEquals(FirehoseLocal.DEFAULT_PREFIX, prefix, "the same prefix firehose-local writes by default");

        Map<String, String> prefixPartitions = new LinkedHashMap<>();
        Matcher m = PREFIX_PARTITION.matcher(prefix);
        while (m.find()) {
            prefixPartitions.put(m.group(1), m.group(2));
        }
        JsonNode table = template.evaluate().with("PartitionYears", "2024,2040").properties("LogTable").path("TableInput");
        List<String> keys = new ArrayList<>();
        for (JsonNode key : table.path("PartitionKeys")) {
            keys.add(key.path("Name").asText());
            assertEquals("string", key.path("Type").asText(), key + ": Firehose writes zero-padded text");
        }
        assertEquals(new ArrayList<>(prefixPartitions.keySet()), keys, "partition keys = the prefix's key=value folders");

        JsonNode parameters = table.path("Parameters");
        assertEquals("true", parameters.path("projection.enabled").asText());
        Map<String, String> rangeOfFormat = Map.of("yyyy", "2024,2040", "MM", "1,12", "dd", "1,31", "HH", "0,23");
        String location = "s3://<LogBucket>/" + prefix.substring(0, prefix.indexOf(keys.get(0) + "="));
        String expectedTemplate = "s3://<LogBucket>/" + prefix;
        for (Map.Entry<String, String> partition : prefixPartitions.entrySet()) {
            String key = partition.getKey();
            String format = partition.getValue();
            assertEquals("integer", parameters.path("projection." + key + ".type").asText(), key);
            assertEquals(String.valueOf(format.length()), parameters.path("projection." + key + ".digits").asText(),
                    key + ": digits must match the zero-padded " + format);
            assertEquals(rangeOfFormat.get(format), parameters.path("projection." + key + ".range").asText(), key);
            expectedTemplate = expectedTemplate.replace("!{timestamp:" + format + "}", "${" + key + "}");
        }
        assertEquals(expectedTemplate, parameters.path("storage.location.template").asText());
        assertEquals(location, table.path("StorageDescriptor").path("Location").asText());

        String errors = destination.path("ErrorOutputPrefix").asText();
        assertTrue(errors.contains("!{firehose:error-output-type}"), errors);
        assertFalse(errors.startsWith("logging/"), "error objects must stay outside the table's location: " + errors);
    }

    @Test
    void noAllowStatementUsesAWildcardActionOrResource() {
        List<String> problems = new ArrayList<>();
        CloudFormationTemplate.Evaluation everything = template.evaluate()
                .with("EnableCrawler", "true").with("ApplicationAccounts", "111111111111")
                .with("OrganizationId", "o-abcdefghij").with("ExternalId", "ext-1");
        forEachStatement(everything, (where, statement) -> {
            if (!"Allow".equals(statement.path("Effect").asText())) {
                return; // a broad Deny (TLS only) narrows access
            }
            for (String action : texts(statement.path("Action"))) {
                if (action.equals("*") || action.endsWith(":*")) {
                    problems.add(where + " allows action " + action);
                }
            }
            for (String resource : texts(statement.path("Resource"))) {
                if (resource.equals("*")) {
                    problems.add(where + " allows resource *");
                }
            }
            JsonNode principal = statement.path("Principal").path("AWS");
            if (texts(principal).contains("*")
                    && statement.path("Condition").path("StringEquals").path("aws:PrincipalOrgID").isMissingNode()) {
                problems.add(where + " trusts principal * without aws:PrincipalOrgID");
            }
        });
        assertEquals(List.of(), problems);
    }

    @Test
    void producerRoleMayOnlyPutRecordsIntoThisStream() {
        JsonNode role = template.evaluate().properties("ProducerRole");
        assertTrue(role.path("ManagedPolicyArns").isMissingNode(), "no managed policies on the producer role");
        JsonNode policies = role.path("Policies");
        assertEquals(1, policies.size(), "one inline policy");
        JsonNode statements = policies.get(0).path("PolicyDocument").path("Statement");
        assertEquals(1, statements.size(), statements.toString());
        JsonNode statement = statements.get(0);
        assertEquals("Allow", statement.path("Effect").asText());
        assertEquals(Set.of("firehose:PutRecord", "firehose:PutRecordBatch"), new HashSet<>(texts(statement.path("Action"))));
        assertEquals(List.of("<DeliveryStream.Arn>"), texts(statement.path("Resource")));
        assertTrue(statement.path("NotAction").isMissingNode() && statement.path("NotResource").isMissingNode());

        for (String type : List.of("AWS::IAM::Policy", "AWS::IAM::ManagedPolicy", "AWS::IAM::RolePolicy")) {
            for (String id : template.resourcesOfType(type)) {
                assertFalse(template.resource(id).toString().contains("ProducerRole"), id + " grants the producer role more");
            }
        }
    }

    @Test
    void producerRoleTrustsThisAccountByDefault() {
        JsonNode trust = trustStatements(template.evaluate());
        assertEquals(1, trust.size(), trust.toString());
        assertEquals("arn:aws:iam::123456789012:root", trust.get(0).path("Principal").path("AWS").asText());
        assertTrue(trust.get(0).path("Condition").isMissingNode(), "no external id configured, no condition");
    }

    @Test
    void producerRoleTrustsTheListedAccountsOnlyWithTheExternalIdWhenSet() {
        JsonNode trust = trustStatements(template.evaluate()
                .with("ApplicationAccounts", "111111111111,222222222222").with("ExternalId", "ext-42"));
        assertEquals(1, trust.size(), trust.toString());
        assertEquals(List.of("111111111111", "222222222222"), texts(trust.get(0).path("Principal").path("AWS")));
        assertEquals("ext-42", trust.get(0).path("Condition").path("StringEquals").path("sts:ExternalId").asText());
    }

    @Test
    void producerRoleTrustsTheOrganisationThroughPrincipalOrgId() {
        JsonNode trust = trustStatements(template.evaluate().with("OrganizationId", "o-abcdefghij"));
        assertEquals(1, trust.size(), "the organisation replaces the this-account default: " + trust);
        assertEquals("o-abcdefghij",
                trust.get(0).path("Condition").path("StringEquals").path("aws:PrincipalOrgID").asText());
    }

    @Test
    void everyTrustStatementRequiresTheExternalIdWhenItIsSet() {
        for (String accounts : List.of("", "111111111111")) {
            for (String org : List.of("", "o-abcdefghij")) {
                JsonNode trust = trustStatements(template.evaluate()
                        .with("ApplicationAccounts", accounts).with("OrganizationId", org).with("ExternalId", "ext-7"));
                assertFalse(trust.isEmpty());
                for (JsonNode statement : trust) {
                    assertEquals("ext-7", statement.path("Condition").path("StringEquals").path("sts:ExternalId").asText(),
                            "accounts=" + accounts + " org=" + org + ": " + statement);
                }
            }
        }
    }

    @Test
    void physicalNamesDeriveFromTheStackNameSoTwoStacksFitInOneAccount() {
        Map<String, String> uniqueNameProperty = new LinkedHashMap<>();
        uniqueNameProperty.put("AWS::S3::Bucket", "/BucketName");
        uniqueNameProperty.put("AWS::IAM::Role", "/RoleName");
        uniqueNameProperty.put("AWS::KinesisFirehose::DeliveryStream", "/DeliveryStreamName");
        uniqueNameProperty.put("AWS::Logs::LogGroup", "/LogGroupName");
        uniqueNameProperty.put("AWS::Glue::Database", "/DatabaseInput/Name");
        uniqueNameProperty.put("AWS::Glue::Crawler", "/Name");
        uniqueNameProperty.put("AWS::Athena::WorkGroup", "/Name");
        uniqueNameProperty.put("AWS::SNS::Topic", "/TopicName");
        uniqueNameProperty.put("AWS::CloudWatch::Alarm", "/AlarmName");
        CloudFormationTemplate.Evaluation first = template.evaluate().with("AWS::StackName", "logs-a").with("EnableCrawler", "true");
        CloudFormationTemplate.Evaluation second = template.evaluate().with("AWS::StackName", "logs-b").with("EnableCrawler", "true");
        for (Map.Entry<String, String> type : uniqueNameProperty.entrySet()) {
            for (String id : template.resourcesOfType(type.getKey())) {
                JsonNode a = first.properties(id).at(type.getValue());
                JsonNode b = second.properties(id).at(type.getValue());
                if (!a.isMissingNode()) {
                    assertNotEquals(a, b, id + type.getValue() + " must differ between stacks");
                }
            }
        }
    }

    @Test
    void glueDatabaseNameNeedsNoQuotingInAthena() {
        for (String stack : List.of("logging", "central-logs-prod", "Logs-2")) {
            String name = template.evaluate().with("AWS::StackName", stack).properties("GlueDatabase")
                    .path("DatabaseInput").path("Name").asText();
            assertTrue(name.matches("[A-Za-z][A-Za-z0-9_]*"), stack + " -> " + name);
        }
        String table = template.evaluate().properties("LogTable").path("TableInput").path("Name").asText();
        assertTrue(table.matches("[a-z][a-z0-9_]*"), table);
    }

    @Test
    void bucketIsPrivateEncryptedTlsOnlyAndExpiresWhatItHolds() {
        CloudFormationTemplate.Evaluation eval = template.evaluate().with("LogsLifeCycle", "90");
        JsonNode bucket = eval.properties("LogBucket");
        assertEquals("AES256", bucket.at("/BucketEncryption/ServerSideEncryptionConfiguration/0/ServerSideEncryptionByDefault/SSEAlgorithm").asText());
        JsonNode block = bucket.path("PublicAccessBlockConfiguration");
        for (String setting : List.of("BlockPublicAcls", "BlockPublicPolicy", "IgnorePublicAcls", "RestrictPublicBuckets")) {
            assertTrue(block.path(setting).asBoolean(), setting);
        }
        assertEquals("BucketOwnerEnforced", bucket.at("/OwnershipControls/Rules/0/ObjectOwnership").asText());
        JsonNode rule = bucket.at("/LifecycleConfiguration/Rules/0");
        assertEquals("90", rule.path("ExpirationInDays").asText());
        assertEquals(1, rule.at("/AbortIncompleteMultipartUpload/DaysAfterInitiation").asInt());
        assertTrue(rule.path("Prefix").isMissingNode() && rule.path("Filter").isMissingNode(), "the rule covers every object");

        JsonNode deny = eval.properties("LogBucketPolicy").at("/PolicyDocument/Statement/0");
        assertEquals("Deny", deny.path("Effect").asText());
        assertEquals("false", deny.at("/Condition/Bool/aws:SecureTransport").asText());
        assertEquals(List.of("<LogBucket.Arn>", "<LogBucket.Arn>/*"), texts(deny.path("Resource")));
    }

    @Test
    void alarmsWatchThrottlingFailedDeliveryAndFreshnessOfThisStream() {
        Set<String> metrics = new TreeSet<>();
        CloudFormationTemplate.Evaluation eval = template.evaluate();
        for (String id : template.resourcesOfType("AWS::CloudWatch::Alarm")) {
            JsonNode alarm = eval.properties(id);
            assertEquals("AWS/Firehose", alarm.path("Namespace").asText(), id);
            assertEquals("DeliveryStreamName", alarm.at("/Dimensions/0/Name").asText(), id);
            assertEquals("<DeliveryStream>", alarm.at("/Dimensions/0/Value").asText(), id);
            assertEquals(List.of("<AlarmTopic>"), texts(alarm.path("AlarmActions")), id);
            assertEquals("notBreaching", alarm.path("TreatMissingData").asText(), id + ": an idle stream is healthy");
            metrics.add(alarm.path("MetricName").asText());
        }
        assertEquals(Set.of("ThrottledRecords", "DeliveryToS3.Success", "DeliveryToS3.DataFreshness"), metrics);
        assertNull(eval.properties("AlarmEmailSubscription"), "no e-mail subscription without AlarmEmail");
        assertEquals("ops@example.com",
                template.evaluate().with("AlarmEmail", "ops@example.com").properties("AlarmEmailSubscription").path("Endpoint").asText());
    }

    @Test
    void crawlerIsOptionalAndOffByDefault() {
        assertNull(template.evaluate().properties("Crawler"));
        assertNull(template.evaluate().properties("CrawlerRole"));
        JsonNode crawler = template.evaluate().with("EnableCrawler", "true").properties("Crawler");
        assertEquals("<LogTable>", crawler.at("/Targets/CatalogTargets/0/Tables/0").asText());
        assertEquals("LOG", crawler.at("/SchemaChangePolicy/UpdateBehavior").asText(), "the crawler must not rewrite the schema");
    }

    @Test
    void outputsAreWhatTheApplicationAccountNeeds() {
        Set<String> outputs = new HashSet<>();
        template.root().path("Outputs").fieldNames().forEachRemaining(outputs::add);
        assertTrue(outputs.containsAll(List.of("ApplicationAccountRoleArn", "DeliveryStreamName", "DeliveryStreamArn",
                "BucketName", "GlueDatabase", "GlueTable", "AthenaWorkGroup")), outputs.toString());
    }

    private JsonNode trustStatements(CloudFormationTemplate.Evaluation eval) {
        return eval.properties("ProducerRole").path("AssumeRolePolicyDocument").path("Statement");
    }

    /** Every policy statement of every resource (inline, trust, bucket and topic policies). */
    private void forEachStatement(CloudFormationTemplate.Evaluation eval, StatementVisitor visitor) {
        template.root().path("Resources").fieldNames().forEachRemaining(id -> {
            JsonNode properties = eval.properties(id);
            if (properties != null) {
                visitStatements(id, properties, visitor);
            }
        });
    }

    private static void visitStatements(String where, JsonNode node, StatementVisitor visitor) {
        if (node.isObject() && node.has("Statement")) {
            for (JsonNode statement : node.get("Statement")) {
                visitor.visit(where + (statement.has("Sid") ? "/" + statement.get("Sid").asText() : ""), statement);
            }
            return;
        }
        Consumer<JsonNode> descend = child -> visitStatements(where, child, visitor);
        node.forEach(descend);
    }

    private static List<String> texts(JsonNode node) {
        List<String> out = new ArrayList<>();
        if (node.isArray()) {
            node.forEach(item -> out.add(item.asText()));
        } else if (!node.isMissingNode()) {
            out.add(node.asText());
        }
        return out;
    }

    @FunctionalInterface
    private interface StatementVisitor {
        void visit(String where, JsonNode statement);
    }
}
