package io.github.firehoseappender.local.api;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Base64;

/**
 * Typed reads of one JSON request object. A wrong type is a SerializationException and a
 * missing required member a ValidationException, as the Firehose API answers them.
 */
final class JsonRequest {
    private final JsonNode node;
    private final String path;

    JsonRequest(JsonNode node, String path) {
        this.node = node;
        this.path = path;
    }

    boolean has(String member) {
        JsonNode value = node.get(member);
        return value != null && !value.isNull();
    }

    String requiredString(String member) {
        String value = string(member);
        if (value == null) {
            throw missing(member);
        }
        return value;
    }

    /** @return the string, or null when absent */
    String string(String member) {
        JsonNode value = node.get(member);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw wrongType(member, "a string");
        }
        return value.asText();
    }

    /** @return the integer, or {@code absent} */
    long integer(String member, long absent) {
        JsonNode value = node.get(member);
        if (value == null || value.isNull()) {
            return absent;
        }
        if (!value.isIntegralNumber()) {
            throw wrongType(member, "an integer");
        }
        return value.asLong();
    }

    /** A boolean member; absent is false. */
    boolean bool(String member) {
        JsonNode value = node.get(member);
        if (value == null || value.isNull()) {
            return false;
        }
        if (!value.isBoolean()) {
            throw wrongType(member, "a boolean");
        }
        return value.asBoolean();
    }

    /** @return the nested object, or null when absent */
    JsonRequest object(String member) {
        JsonNode value = node.get(member);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isObject()) {
            throw wrongType(member, "an object");
        }
        return new JsonRequest(value, path(member));
    }

    JsonRequest requiredObject(String member) {
        JsonRequest value = object(member);
        if (value == null) {
            throw missing(member);
        }
        return value;
    }

    /** @return the array's elements, each an object, or null when absent */
    JsonRequest[] objects(String member) {
        JsonNode value = node.get(member);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isArray()) {
            throw wrongType(member, "a list");
        }
        JsonRequest[] elements = new JsonRequest[value.size()];
        for (int i = 0; i < elements.length; i++) {
            JsonNode element = value.get(i);
            if (!element.isObject()) {
                throw ApiException.serialization("Expected an object at " + path(member) + "[" + i + "]");
            }
            elements[i] = new JsonRequest(element, path(member) + "[" + i + "]");
        }
        return elements;
    }

    JsonRequest[] requiredObjects(String member) {
        JsonRequest[] value = objects(member);
        if (value == null) {
            throw missing(member);
        }
        return value;
    }

    /** A blob member: base64 text on the wire, decoded here. */
    byte[] requiredBlob(String member) {
        String text = requiredString(member);
        try {
            return Base64.getDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            throw ApiException.serialization("Value at " + path(member) + " is not valid base64: " + e.getMessage());
        }
    }

    private String path(String member) {
        return path.isEmpty() ? member : path + "." + member;
    }

    private ApiException missing(String member) {
        return ApiException.validation("1 validation error detected: Value null at '" + path(member)
                + "' failed to satisfy constraint: Member must not be null");
    }

    private ApiException wrongType(String member, String expected) {
        return ApiException.serialization("Expected " + expected + " at " + path(member));
    }
}
