package io.github.firehoseappender.springboot;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.firehoseappender.springboot.app.StarterTestApp;
import io.github.firehoseappender.testkit.LocalFirehoseServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.context.ConfigurableApplicationContext;

/** Boots {@link StarterTestApp} in this JVM with the given properties, and reads what firehose-local received. */
final class StarterRun {
    static final String STREAM = "app-logs";

    private StarterRun() {
    }

    /** The properties that point the starter at firehose-local: short batches, a short stop. */
    static List<String> firehoseLocal(LocalFirehoseServer local) {
        return List.of("--firehose.delivery-stream=" + STREAM, "--firehose.endpoint=" + local.endpoint(),
                "--firehose.region=us-east-1", "--firehose.max-batch-delay=100ms", "--firehose.shutdown-timeout=5s",
                "--firehose.runtime-context=off", "--firehose.jmx=false");
    }

    static ConfigurableApplicationContext start(boolean web, List<String> args) {
        SpringApplication app = new SpringApplication(StarterTestApp.class);
        app.setWebApplicationType(web ? WebApplicationType.SERVLET : WebApplicationType.NONE);
        List<String> all = new ArrayList<>(args);
        all.add("--server.port=0");
        all.add("--spring.main.banner-mode=off");
        return app.run(all.toArray(new String[0]));
    }

    static HttpResponse<String> get(ConfigurableApplicationContext context, String path) {
        String port = context.getEnvironment().getProperty("local.server.port");
        try {
            return HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static List<JsonNode> delivered(LocalFirehoseServer local) {
        return local.events(STREAM);
    }

    static List<String> deliveredMessages(LocalFirehoseServer local) {
        List<String> messages = new ArrayList<>();
        for (JsonNode event : delivered(local)) {
            messages.add(event.path("message").asText());
        }
        return messages;
    }
}
