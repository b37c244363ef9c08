package io.github.firehoseappender.core.context;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

/** The scalar members of a JSON object's top level, as text; nested objects and arrays are skipped. */
final class TopLevelJson {
    private static final JsonFactory JSON = new JsonFactory();

    private TopLevelJson() {
    }

    static Map<String, String> scalars(String json) throws IOException {
        Map<String, String> members = new HashMap<>();
        try (JsonParser parser = JSON.createParser(json)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new IOException("expected a JSON object, got: " + abbreviate(json));
            }
            for (JsonToken token = parser.nextToken(); token == JsonToken.FIELD_NAME; token = parser.nextToken()) {
                String name = parser.getCurrentName();
                JsonToken value = parser.nextToken();
                if (value == JsonToken.START_OBJECT || value == JsonToken.START_ARRAY) {
                    parser.skipChildren();
                } else if (value != JsonToken.VALUE_NULL) {
                    members.put(name, parser.getText());
                }
            }
        }
        return members;
    }

    private static String abbreviate(String s) {
        return s.length() <= 80 ? s : s.substring(0, 80) + "...";
    }
}
