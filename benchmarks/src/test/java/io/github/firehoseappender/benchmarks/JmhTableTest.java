package io.github.firehoseappender.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JmhTableTest {
    private static String result(String benchmark, String appender, int threads, double mean, double alloc) {
        return "{\"benchmark\":\"io.github.firehoseappender.benchmarks." + benchmark + ".info\",\"threads\":" + threads
                + ",\"params\":{\"appender\":\"" + appender + "\"},\"primaryMetric\":{\"score\":" + mean
                + ",\"scorePercentiles\":{\"50.0\":100,\"99.0\":2000,\"99.9\":30000}},\"secondaryMetrics\":"
                + "{\"gc.alloc.rate.norm\":{\"score\":" + alloc + "}}}";
    }

    @Test
    void quotesEachAppenderAgainstItsOwnFrameworksAsyncAppenderAtTheSameThreadCount() throws Exception {
        String json = "[" + result("LogbackAppend", "firehose", 1, 300, 1200) + ","
                + result("LogbackAppend", "async", 1, 600, 400) + ","
                + result("Log4j2Append", "async", 1, 1000, 500) + ","
                + result("Log4j2AllAsync", "null", 1, 250, 0) + "]";
        String table = JmhTable.table(new ObjectMapper().readTree(json),
                Map.of("logback|firehose|1", 0.25, "logback|async|1", 1.0));

        assertThat(table).contains("| logback | firehose | 1 | 300 | 100 | 2,000 | 30,000 | 1200 | 25.0 % | 0.50× |");
        assertThat(table).contains("| logback | async | 1 | 600 | 100 | 2,000 | 30,000 | 400 | 100.0 % | 1.00× |");
        assertThat(table).contains("| log4j2-all-async | null | 1 | 250 | 100 | 2,000 | 30,000 | 0 |  | 0.25× |");
    }
}
