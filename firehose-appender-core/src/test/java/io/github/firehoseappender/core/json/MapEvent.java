package io.github.firehoseappender.core.json;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A framework-free event for encoder tests, with its accessor. */
final class MapEvent {
    long millis = 1_764_000_000_123L;
    String level = "INFO";
    String logger = "com.example.Orders";
    String thread = "main";
    String message = "hello";
    Map<String, String> mdc = new LinkedHashMap<>();
    List<String> markers = new ArrayList<>();
    String exceptionClass;
    String exceptionMessage;
    String stackTrace;

    static final LogEventAccessor<MapEvent> ACCESSOR = new LogEventAccessor<>() {
        @Override public long epochMillis(MapEvent e) { return e.millis; }
        @Override public String level(MapEvent e) { return e.level; }
        @Override public String logger(MapEvent e) { return e.logger; }
        @Override public String thread(MapEvent e) { return e.thread; }
        @Override public String message(MapEvent e) { return e.message; }
        @Override public Map<String, String> mdc(MapEvent e) { return e.mdc; }
        @Override public List<String> markers(MapEvent e) { return e.markers; }
        @Override public String exceptionClass(MapEvent e) { return e.exceptionClass; }
        @Override public String exceptionMessage(MapEvent e) { return e.exceptionMessage; }
        @Override public String stackTrace(MapEvent e) { return e.stackTrace; }
    };

    /** A line's top-level field names, in the order written. */
    static List<String> fieldNames(com.fasterxml.jackson.databind.JsonNode line) {
        List<String> names = new ArrayList<>();
        line.fieldNames().forEachRemaining(names::add);
        return names;
    }

    static JsonLineEncoder<MapEvent> encoder() {
        return JsonLineEncoder.builder(ACCESSOR, e -> 100).service("svc").build();
    }
}
