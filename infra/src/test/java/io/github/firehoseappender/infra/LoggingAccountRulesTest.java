package io.github.firehoseappender.infra;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
import java.util.TreeMap;
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
    void noAllowStatementOfAnyVariantUsesAWildcardActionOrResource() {
        for (Map<String, String> variant : VARIANTS) {
            CloudFormationTemplate.Evaluation everything = variant(variant)
                    .with("EnableCrawler", "true").with("ApplicationAccounts", "111111111111")
                    .with("OrganizationId", "o-abcdefghij").with("ExternalId", "ext-1");
            assertEquals(List.of(), wildcards(everything), variant.toString());
        }
    }

    /** StreamCount 1, 3 and 8 × Parquet × PartitionByService: the combinations of the fleet parameters. */
    static final List<Map<String, String>> VARIANTS = new ArrayList<>();

    static {
        for (String streams : List.of("1", "3", "8")) {
            for (String parquet : List.of("false", "true")) {
                for (String byService : List.of("false", "true")) {
                    VARIANTS.add(Map.of("StreamCount", streams, "Parquet", parquet, "PartitionByService", byService,
                            "ServiceNames", "orders,billing"));
                }
            }
        }
    }

    private CloudFormationTemplate.Evaluation variant(Map<String, String> parameters) {
        CloudFormationTemplate.Evaluation eval = template.evaluate();
        parameters.forEach(eval::with);
        return eval;
    }

    private List<String> wildcards(CloudFormationTemplate.Evaluation everything) {
        List<String> problems = new ArrayList<>();
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
        return problems;
    }

    @Test
    void producerRoleMayOnlyPutRecordsIntoExactlyTheStacksStreamsInEveryVariant() {
        for (Map<String, String> variant : VARIANTS) {
            assertProducerRoleOnlyPutsInto(variant(variant), Integer.parseInt(variant.get("StreamCount")), variant.toString());
        }
        for (int n = 1; n <= 8; n++) {
            assertProducerRoleOnlyPutsInto(template.evaluate().with("StreamCount", String.valueOf(n)), n, "StreamCount " + n);
        }
    }

    private void assertProducerRoleOnlyPutsInto(CloudFormationTemplate.Evaluation eval, int streams, String where) {
        List<String> arns = new ArrayList<>();
        for (int k = 1; k <= streams; k++) {
            arns.add("<" + slot("DeliveryStream", k) + ".Arn>");
            assertTrue(eval.properties(slot("DeliveryStream", k)) != null, where + ": stream " + k);
        }
        for (int k = streams + 1; k <= 8; k++) {
            assertNull(eval.properties(slot("DeliveryStream", k)), where + ": stream " + k);
        }
        JsonNode role = eval.properties("ProducerRole");
        assertTrue(role.path("ManagedPolicyArns").isMissingNode(), "no managed policies on the producer role");
        JsonNode policies = role.path("Policies");
        assertEquals(1, policies.size(), "one inline policy");
        JsonNode statements = policies.get(0).path("PolicyDocument").path("Statement");
        assertEquals(1, statements.size(), statements.toString());
        JsonNode statement = statements.get(0);
        assertEquals("Allow", statement.path("Effect").asText());
        assertEquals(Set.of("firehose:PutRecord", "firehose:PutRecordBatch"), new HashSet<>(texts(statement.path("Action"))));
        assertEquals(arns, texts(statement.path("Resource")), where);
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
        uniqueNameProperty.put("AWS::CloudWatch::Dashboard", "/DashboardName");
        CloudFormationTemplate.Evaluation first = template.evaluate().with("AWS::StackName", "logs-a")
                .with("EnableCrawler", "true").with("StreamCount", "8");
        CloudFormationTemplate.Evaluation second = template.evaluate().with("AWS::StackName", "logs-b")
                .with("EnableCrawler", "true").with("StreamCount", "8");
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
    void everyStreamHasAlarmsOnThrottlingFailedDeliveryFreshnessAndItsByteQuota() {
        for (int n = 1; n <= 8; n++) {
            CloudFormationTemplate.Evaluation eval = template.evaluate().with("StreamCount", String.valueOf(n));
            Map<String, Set<String>> metricsByStream = new TreeMap<>();
            for (String id : template.resourcesOfType("AWS::CloudWatch::Alarm")) {
                JsonNode alarm = eval.properties(id);
                if (alarm == null) {
                    continue;
                }
                assertEquals(List.of("<AlarmTopic>"), texts(alarm.path("AlarmActions")), id);
                assertEquals("notBreaching", alarm.path("TreatMissingData").asText(), id + ": an idle stream is healthy");
                List<JsonNode> metrics = new ArrayList<>();
                if (alarm.has("Metrics")) {
                    alarm.path("Metrics").forEach(m -> {
                        if (m.has("MetricStat")) {
                            metrics.add(m.at("/MetricStat/Metric"));
                        }
                    });
                } else {
                    metrics.add(alarm);
                }
                Set<String> streams = new TreeSet<>();
                Set<String> names = new TreeSet<>();
                for (JsonNode metric : metrics) {
                    assertEquals("AWS/Firehose", metric.path("Namespace").asText(), id);
                    assertEquals("DeliveryStreamName", metric.at("/Dimensions/0/Name").asText(), id);
                    streams.add(metric.at("/Dimensions/0/Value").asText());
                    names.add(metric.path("MetricName").asText());
                }
                assertEquals(1, streams.size(), id + " watches one stream");
                metricsByStream.computeIfAbsent(streams.iterator().next(), s -> new TreeSet<>()).add(String.join("/", names));
            }
            Map<String, Set<String>> expected = new TreeMap<>();
            for (int k = 1; k <= n; k++) {
                expected.put("<" + slot("DeliveryStream", k) + ">", new TreeSet<>(Set.of("ThrottledRecords", "DeliveryToS3.Success",
                        "DeliveryToS3.DataFreshness", "BytesPerSecondLimit/IncomingBytes")));
            }
            assertEquals(expected, metricsByStream, "StreamCount " + n);
        }
        CloudFormationTemplate.Evaluation eval = template.evaluate().with("QuotaAlarmPercent", "75");
        JsonNode quota = eval.properties("IncomingBytesQuotaAlarm");
        assertEquals("75", quota.path("Threshold").asText());
        assertEquals("100 * bytes / PERIOD(bytes) / quota", quota.at("/Metrics/2/Expression").asText(),
                "share of the per-second quota: bytes per period over the period's seconds over the limit");
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

    /** The logical id of a resource in stream slot k (slot 1 has the plain id). */
    static String slot(String id, int k) {
        return k == 1 ? id : id + k;
    }

    @Test
    void streamSlotsTwoToEightAreCopiesOfTheFirstUnderTheirCondition() throws Exception {
        ObjectMapper json = new ObjectMapper();
        for (String id : List.of("DeliveryStream", "ThrottledRecordsAlarm", "DeliveryToS3FailingAlarm", "DataFreshnessAlarm",
                "IncomingBytesQuotaAlarm")) {
            String first = template.resource(id).toString();
            for (int k = 2; k <= 8; k++) {
                ObjectNode expected = (ObjectNode) json.readTree(first.replace("{\"Ref\":\"DeliveryStream\"}",
                        "{\"Ref\":\"DeliveryStream" + k + "\"}"));
                ObjectNode copy = ((ObjectNode) template.resource(slot(id, k))).deepCopy();
                assertEquals("Streams" + k, copy.path("Condition").asText(), slot(id, k));
                copy.remove("Condition");
                assertEquals(expected, copy, slot(id, k) + " must equal " + id + " but for its stream");
            }
        }
        for (int n = 1; n <= 8; n++) {
            CloudFormationTemplate.Evaluation eval = template.evaluate().with("StreamCount", String.valueOf(n));
            for (int k = 2; k <= 8; k++) {
                assertEquals(k <= n, eval.condition("Streams" + k), "StreamCount " + n + ", slot " + k);
            }
        }
    }

    @Test
    void outputsListEveryStreamCommaSeparatedForFirehoseDeliveryStream() {
        for (int n = 1; n <= 8; n++) {
            CloudFormationTemplate.Evaluation eval = template.evaluate().with("StreamCount", String.valueOf(n));
            List<String> names = new ArrayList<>();
            List<String> arns = new ArrayList<>();
            for (int k = 1; k <= n; k++) {
                names.add("<" + slot("DeliveryStream", k) + ">");
                arns.add("<" + slot("DeliveryStream", k) + ".Arn>");
            }
            JsonNode outputs = eval.resolve(template.root().path("Outputs"));
            assertEquals(String.join(",", names), outputs.at("/DeliveryStreamNames/Value").asText());
            assertEquals(String.join(",", arns), outputs.at("/DeliveryStreamArns/Value").asText());
            assertEquals("<DeliveryStream>", outputs.at("/DeliveryStreamName/Value").asText());
        }
    }

    @Test
    void parquetConvertsWithTheGlueTableAsSchemaAndTheTableReadsParquet() {
        for (int n : List.of(1, 8)) {
            CloudFormationTemplate.Evaluation eval = template.evaluate().with("Parquet", "true").with("StreamCount", String.valueOf(n));
            for (int k = 1; k <= n; k++) {
                JsonNode destination = eval.properties(slot("DeliveryStream", k)).path("ExtendedS3DestinationConfiguration");
                JsonNode conversion = destination.path("DataFormatConversionConfiguration");
                assertTrue(conversion.path("Enabled").asBoolean());
                assertFalse(conversion.at("/InputFormatConfiguration/Deserializer/OpenXJsonSerDe/CaseInsensitive").asBoolean(true),
                        "MDC keys keep their case");
                assertEquals("SNAPPY", conversion.at("/OutputFormatConfiguration/Serializer/ParquetSerDe/Compression").asText());
                JsonNode schema = conversion.path("SchemaConfiguration");
                assertEquals("<GlueDatabase>", schema.path("DatabaseName").asText());
                assertEquals("<LogTable>", schema.path("TableName").asText());
                assertEquals("<DeliveryRole.Arn>", schema.path("RoleARN").asText());
                assertEquals("LATEST", schema.path("VersionId").asText());
                assertEquals("UNCOMPRESSED", destination.path("CompressionFormat").asText(), "Snappy is inside the Parquet file");
                assertTrue(destination.at("/BufferingHints/SizeInMBs").asInt() >= 64, "format conversion buffers at least 64 MiB");
            }
        }
        JsonNode table = template.evaluate().with("Parquet", "true").properties("LogTable").path("TableInput");
        JsonNode storage = table.path("StorageDescriptor");
        assertEquals("org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe", storage.at("/SerdeInfo/SerializationLibrary").asText());
        assertEquals("org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat", storage.path("InputFormat").asText());
        assertEquals("org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat", storage.path("OutputFormat").asText());
        assertEquals("parquet", table.at("/Parameters/classification").asText());
        assertEquals(columns(LogSchema.FIELDS), declaredColumns(template.evaluate().with("Parquet", "true")),
                "the same columns: event_time stays an ISO-8601 string");

        JsonNode schemaRead = template.evaluate().with("Parquet", "true").properties("DeliveryRole")
                .at("/Policies/0/PolicyDocument/Statement/3");
        assertEquals("TableSchema", schemaRead.path("Sid").asText());
        assertEquals(Set.of("glue:GetTable", "glue:GetTableVersion", "glue:GetTableVersions"), new HashSet<>(texts(schemaRead.path("Action"))));
        assertEquals(List.of("arn:aws:glue:eu-west-1:123456789012:catalog", "arn:aws:glue:eu-west-1:123456789012:database/<GlueDatabase>",
                "arn:aws:glue:eu-west-1:123456789012:table/<GlueDatabase>/<LogTable>"), texts(schemaRead.path("Resource")));
    }

    @Test
    void jsonStaysTheDefaultWithoutConversionGlueAccessOrProcessing() {
        CloudFormationTemplate.Evaluation eval = template.evaluate();
        JsonNode destination = eval.properties("DeliveryStream").path("ExtendedS3DestinationConfiguration");
        assertTrue(destination.path("DataFormatConversionConfiguration").isMissingNode());
        assertTrue(destination.path("DynamicPartitioningConfiguration").isMissingNode());
        assertTrue(destination.path("ProcessingConfiguration").isMissingNode());
        assertEquals("GZIP", destination.path("CompressionFormat").asText());
        assertEquals("5", destination.at("/BufferingHints/SizeInMBs").asText());
        assertEquals(3, eval.properties("DeliveryRole").at("/Policies/0/PolicyDocument/Statement").size(), "no Glue access");
        JsonNode storage = eval.properties("LogTable").at("/TableInput/StorageDescriptor");
        assertEquals("org.openx.data.jsonserde.JsonSerDe", storage.at("/SerdeInfo/SerializationLibrary").asText());
        assertEquals("org.apache.hadoop.mapred.TextInputFormat", storage.path("InputFormat").asText());
    }

    @Test
    void partitionByServiceDeaggregatesExtractsTheServiceAndPrefixesItAsTheTablesFirstPartitionKey() {
        for (String parquet : List.of("false", "true")) {
            CloudFormationTemplate.Evaluation eval = template.evaluate().with("PartitionByService", "true").with("Parquet", parquet)
                    .with("ServiceNames", "orders,billing");
            JsonNode destination = eval.properties("DeliveryStream").path("ExtendedS3DestinationConfiguration");
            String prefix = destination.path("Prefix").asText();
            assertEquals("logging/service=!{partitionKeyFromQuery:service}/" + FirehoseLocal.DEFAULT_PREFIX.substring("logging/".length()), prefix);
            assertTrue(destination.at("/DynamicPartitioningConfiguration/Enabled").asBoolean());
            List<String> processors = new ArrayList<>();
            Map<String, String> parameters = new LinkedHashMap<>();
            for (JsonNode processor : destination.at("/ProcessingConfiguration/Processors")) {
                processors.add(processor.path("Type").asText());
                processor.path("Parameters").forEach(p -> parameters.put(p.path("ParameterName").asText(), p.path("ParameterValue").asText()));
            }
            List<String> expected = new ArrayList<>(List.of("RecordDeAggregation", "MetadataExtraction"));
            if (parquet.equals("false")) {
                expected.add("AppendDelimiterToRecord"); // deaggregated lines get their newline back
            }
            assertEquals(expected, processors, "Parquet=" + parquet);
            assertEquals("JSON", parameters.get("SubRecordType"));
            assertEquals("{service: (.service // \"unknown\")}", parameters.get("MetadataExtractionQuery"));
            assertEquals("JQ-1.6", parameters.get("JsonParsingEngine"));
            assertTrue(destination.at("/BufferingHints/SizeInMBs").asInt() >= 64, "dynamic partitioning buffers at least 64 MiB");

            JsonNode table = eval.properties("LogTable").path("TableInput");
            List<String> keys = new ArrayList<>();
            table.path("PartitionKeys").forEach(k -> keys.add(k.path("Name").asText()));
            assertEquals(List.of("service", "year", "month", "day", "hour"), keys);
            List<LogSchema.Field> withoutService = new ArrayList<>(LogSchema.FIELDS);
            withoutService.removeIf(f -> f.name().equals(LogSchema.SERVICE));
            assertEquals(columns(withoutService), declaredColumns(eval), "service is a partition key, not a column as well");
            JsonNode projection = table.path("Parameters");
            assertEquals("enum", projection.path("projection.service.type").asText());
            assertEquals("orders,billing,unknown", projection.path("projection.service.values").asText());
            assertEquals("s3://<LogBucket>/logging/service=${service}/year=${year}/month=${month}/day=${day}/hour=${hour}/",
                    projection.path("storage.location.template").asText());
            assertEquals("s3://<LogBucket>/" + prefix.replace("!{partitionKeyFromQuery:service}", "${service}")
                    .replace("!{timestamp:yyyy}", "${year}").replace("!{timestamp:MM}", "${month}")
                    .replace("!{timestamp:dd}", "${day}").replace("!{timestamp:HH}", "${hour}"),
                    projection.path("storage.location.template").asText(), "the projection finds what the prefix writes");
        }
        assertEquals("unknown", template.evaluate().with("PartitionByService", "true").properties("LogTable")
                .at("/TableInput/Parameters/projection.service.values").asText());
        assertTrue(template.evaluate().properties("LogTable").at("/TableInput/Parameters/projection.service.type").isMissingNode());
    }

    @Test
    void dashboardIsJsonWithEveryStreamInEveryWidgetAndTheAlarmShareAsALine() throws Exception {
        ObjectMapper json = new ObjectMapper();
        for (int n = 1; n <= 8; n++) {
            JsonNode properties = template.evaluate().with("StreamCount", String.valueOf(n)).with("QuotaAlarmPercent", "70")
                    .properties("Dashboard");
            JsonNode body = json.readTree(properties.path("DashboardBody").asText());
            assertEquals(6, body.path("widgets").size());
            for (JsonNode widget : body.path("widgets")) {
                for (int k = 1; k <= 8; k++) {
                    assertEquals(k <= n, widget.toString().contains("\"<" + slot("DeliveryStream", k) + ">\""),
                            "StreamCount " + n + ", slot " + k + ": " + widget.at("/properties/title"));
                }
            }
            JsonNode bytes = body.path("widgets").get(0).path("properties");
            assertTrue(bytes.toString().contains("\"IncomingBytes\"") && bytes.toString().contains("\"BytesPerSecondLimit\""));
            assertEquals(70, bytes.at("/annotations/horizontal/0/value").asInt());
        }
        Set<String> metrics = new TreeSet<>();
        Matcher m = Pattern.compile("\"AWS/Firehose\",\"([A-Za-z0-9.]+)\"").matcher(
                template.evaluate().properties("Dashboard").path("DashboardBody").asText());
        while (m.find()) {
            metrics.add(m.group(1));
        }
        assertEquals(new TreeSet<>(List.of("IncomingBytes", "BytesPerSecondLimit", "IncomingRecords", "RecordsPerSecondLimit",
                "IncomingPutRequests", "PutRequestsPerSecondLimit", "ThrottledRecords", "DeliveryToS3.DataFreshness",
                "DeliveryToS3.Success", "FailedConversion.Records")), metrics);
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
