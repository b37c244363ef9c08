package io.github.firehoseappender.infra;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A CloudFormation template read as plain YAML (it is written with long-form intrinsics) and a small evaluator of
 * the intrinsics it uses, so tests can see a resource as CloudFormation would create it for given parameters.
 *
 * <p>Evaluated: {@code Ref} (parameters, pseudo parameters, resources), {@code Fn::Sub} (both forms, {@code ${!x}}
 * escapes), {@code Fn::Join}, {@code Fn::Split}, {@code Fn::Select},
 * {@code Fn::If} with {@code Fn::Equals/Not/And/Or/Condition}, and
 * {@code AWS::NoValue} removal. A resource reference or {@code Fn::GetAtt} becomes a symbolic text:
 * {@code Ref} → the value given for that logical id (default {@code <Id>}), {@code Fn::GetAtt [Id, Attr]} →
 * {@code <Id.Attr>}.
 */
final class CloudFormationTemplate {
    static final Path LOGGING_ACCOUNT = moduleDir().resolve("logging-account.yaml");

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Pattern SUB_VARIABLE = Pattern.compile("\\$\\{(!?)([^}]*)}");

    private final JsonNode root;

    private CloudFormationTemplate(JsonNode root) {
        this.root = root;
    }

    static CloudFormationTemplate read(Path file) {
        try {
            return new CloudFormationTemplate(YAML.readTree(Files.readString(file)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read template " + file, e);
        }
    }

    static CloudFormationTemplate loggingAccount() {
        return read(LOGGING_ACCOUNT);
    }

    /** The infra module's directory (Surefire runs in it; from the reactor root it is {@code infra/}). */
    static Path moduleDir() {
        Path here = Path.of("").toAbsolutePath();
        return Files.exists(here.resolve("logging-account.yaml")) ? here : here.resolve("infra");
    }

    /** The repository root: the reactor directory holding infra/. */
    static Path repositoryRoot() {
        return moduleDir().getParent();
    }

    JsonNode root() {
        return root;
    }

    JsonNode resource(String logicalId) {
        JsonNode resource = root.path("Resources").path(logicalId);
        if (resource.isMissingNode()) {
            throw new AssertionError("template has no resource " + logicalId);
        }
        return resource;
    }

    /** Logical ids of the resources of a type, in template order. */
    List<String> resourcesOfType(String type) {
        List<String> ids = new ArrayList<>();
        root.path("Resources").fields().forEachRemaining(e -> {
            if (type.equals(e.getValue().path("Type").asText())) {
                ids.add(e.getKey());
            }
        });
        return ids;
    }

    /** Starts an evaluation with the parameters' defaults. */
    Evaluation evaluate() {
        return new Evaluation();
    }

    /** Intrinsics resolved for one set of parameter values. */
    final class Evaluation {
        private final Map<String, JsonNode> refs = new HashMap<>();

        private Evaluation() {
            root.path("Parameters").fields().forEachRemaining(e -> {
                JsonNode def = e.getValue().path("Default");
                boolean list = e.getValue().path("Type").asText().startsWith("CommaDelimitedList");
                refs.put(e.getKey(), list ? splitList(def.asText()) : TextNode.valueOf(def.asText()));
            });
            refs.put("AWS::StackName", TextNode.valueOf("logging-test"));
            refs.put("AWS::AccountId", TextNode.valueOf("123456789012"));
            refs.put("AWS::Region", TextNode.valueOf("eu-west-1"));
            refs.put("AWS::Partition", TextNode.valueOf("aws"));
            root.path("Resources").fieldNames().forEachRemaining(id -> refs.put(id, TextNode.valueOf("<" + id + ">")));
        }

        /** Sets a parameter, pseudo parameter ({@code AWS::StackName}) or what a resource's {@code Ref} gives. */
        Evaluation with(String name, String value) {
            JsonNode declared = root.path("Parameters").path(name);
            boolean list = declared.path("Type").asText().startsWith("CommaDelimitedList");
            refs.put(name, list ? splitList(value) : TextNode.valueOf(value));
            return this;
        }

        boolean condition(String name) {
            JsonNode definition = root.path("Conditions").path(name);
            if (definition.isMissingNode()) {
                throw new AssertionError("template has no condition " + name);
            }
            return conditionValue(definition);
        }

        /** The resource's properties as CloudFormation would pass them; null when its condition is false. */
        JsonNode properties(String logicalId) {
            JsonNode resource = resource(logicalId);
            if (resource.has("Condition") && !condition(resource.get("Condition").asText())) {
                return null;
            }
            return resolve(resource.path("Properties"));
        }

        JsonNode resolve(JsonNode node) {
            if (node.isArray()) {
                ArrayNode out = JsonNodeFactory.instance.arrayNode();
                for (JsonNode item : node) {
                    JsonNode value = resolve(item);
                    if (value != null) {
                        out.add(value);
                    }
                }
                return out;
            }
            if (!node.isObject()) {
                return node;
            }
            if (node.size() == 1) {
                String key = node.fieldNames().next();
                JsonNode arg = node.get(key);
                switch (key) {
                    case "Ref":
                        return ref(arg.asText());
                    case "Fn::GetAtt":
                        return TextNode.valueOf("<" + arg.get(0).asText() + "." + arg.get(1).asText() + ">");
                    case "Fn::Sub":
                        return TextNode.valueOf(sub(arg));
                    case "Fn::Join":
                        return TextNode.valueOf(join(arg.get(0).asText(), resolve(arg.get(1))));
                    case "Fn::Split":
                        return splitOn(arg.get(0).asText(), resolve(arg.get(1)).asText());
                    case "Fn::Select":
                        return resolve(arg.get(1)).get(Integer.parseInt(resolve(arg.get(0)).asText()));
                    case "Fn::If":
                        return resolve(conditionValue(arg.get(0)) ? arg.get(1) : arg.get(2));
                    default:
                        break;
                }
            }
            ObjectNode out = JsonNodeFactory.instance.objectNode();
            Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                JsonNode value = resolve(field.getValue());
                if (value != null) {
                    out.set(field.getKey(), value);
                }
            }
            return out;
        }

        private JsonNode ref(String name) {
            if ("AWS::NoValue".equals(name)) {
                return null;
            }
            JsonNode value = refs.get(name);
            if (value == null) {
                throw new AssertionError("dangling Ref " + name);
            }
            return value;
        }

        private String sub(JsonNode arg) {
            String text = arg.isArray() ? arg.get(0).asText() : arg.asText();
            Map<String, String> local = new LinkedHashMap<>();
            if (arg.isArray()) {
                arg.get(1).fields().forEachRemaining(e -> local.put(e.getKey(), resolve(e.getValue()).asText()));
            }
            Matcher m = SUB_VARIABLE.matcher(text);
            StringBuilder out = new StringBuilder();
            while (m.find()) {
                String name = m.group(2);
                String value;
                if (!m.group(1).isEmpty()) {
                    value = "${" + name + "}";
                } else if (local.containsKey(name)) {
                    value = local.get(name);
                } else if (name.contains(".") && !name.startsWith("AWS::")) {
                    value = "<" + name + ">";
                } else {
                    value = ref(name).asText();
                }
                m.appendReplacement(out, Matcher.quoteReplacement(value));
            }
            m.appendTail(out);
            return out.toString();
        }

        private boolean conditionValue(JsonNode node) {
            if (node.isTextual()) {
                return condition(node.asText());
            }
            String key = node.fieldNames().next();
            JsonNode arg = node.get(key);
            switch (key) {
                case "Condition":
                    return condition(arg.asText());
                case "Fn::Equals":
                    return resolve(arg.get(0)).equals(resolve(arg.get(1)));
                case "Fn::Not":
                    return !conditionValue(arg.get(0));
                case "Fn::And":
                    for (JsonNode c : arg) {
                        if (!conditionValue(c)) {
                            return false;
                        }
                    }
                    return true;
                case "Fn::Or":
                    for (JsonNode c : arg) {
                        if (conditionValue(c)) {
                            return true;
                        }
                    }
                    return false;
                default:
                    throw new AssertionError("unsupported condition function " + key);
            }
        }
    }

    private static String join(String delimiter, JsonNode items) {
        List<String> texts = new ArrayList<>();
        for (JsonNode item : items) {
            texts.add(item.asText());
        }
        return String.join(delimiter, texts);
    }

    private static ArrayNode splitList(String text) {
        ArrayNode list = JsonNodeFactory.instance.arrayNode();
        if (!text.isEmpty()) {
            for (String item : text.split(",", -1)) {
                list.add(item.trim());
            }
        }
        return list;
    }

    private static ArrayNode splitOn(String delimiter, String text) {
        ArrayNode list = JsonNodeFactory.instance.arrayNode();
        for (String item : text.split(Pattern.quote(delimiter), -1)) {
            list.add(item);
        }
        return list;
    }
}
