package dev.threadscope.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * docs/prometheus/threadscope.yaml run by the real Prometheus JMX exporter agent next to
 * threadscope's, in both orders of the two -javaagent flags: every scraped threadscope series
 * equals what JMX says at the same moment, and the metric table of docs/prometheus.md (names
 * and types) is exactly what the exporter serves.
 */
class PrometheusExporterTest {
    static final Path EXPORTER_JAR = Path.of(System.getProperty("prometheus.agent.jar",
            "target/prometheus/jmx_prometheus_javaagent.jar"));
    static final Path DOCS = Path.of(System.getProperty("threadscope.docs", "../docs"));
    static final Path CONFIG = DOCS.resolve("prometheus/threadscope.yaml");
    /** A row of the doc's metric table: | `name` | type | ... */
    static final Pattern DOC_ROW = Pattern.compile("^\\| `(threadscope_\\w+)`(?:\\{[^|]*\\})? \\| (\\w+) \\|", Pattern.MULTILINE);

    static final List<String> KINDS = List.of("MAIN", "DAEMON", "USER", "ALIEN", "SYSTEM", "VIRTUAL");
    private static final String ATTRIBUTE = "attribute ";

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    @ParameterizedTest(name = "threadscope agent first: {0}")
    @ValueSource(booleans = {true, false})
    void everySeriesEqualsJmxAndTheDocTable(boolean threadscopeFirst) throws Exception {
        int port = freePort();
        String exporter = "-javaagent:" + EXPORTER_JAR.toAbsolutePath() + "=127.0.0.1:" + port + ":" + CONFIG.toAbsolutePath();
        String threadscope = "-javaagent:" + ChildJvm.AGENT_JAR.toAbsolutePath();
        List<String> agents = threadscopeFirst ? List.of(threadscope, exporter) : List.of(exporter, threadscope);
        try (ChildJvm child = ChildJvm.start(null, agents, "dev.threadscope.testapp.SampleApp", "--stay").awaitLine("ready", 60)) {
            Jmx jmx = new Jmx(child.jmx());
            URI metrics = URI.create("http://127.0.0.1:" + port + "/metrics");

            PromText first = scrapeMatchingJmx(jmx, metrics);
            // What the sample app is known to have, independently of JMX.
            assertEquals(1.0, first.samples.get("threadscope_threads_live{kind=\"MAIN\"}"));
            assertEquals(3.0, first.samples.get("threadscope_threads_live{kind=\"USER\"}"), "sample-user, -spawner, -child");
            assertEquals(0.0, first.samples.get("threadscope_threads_live{kind=\"ALIEN\"}"));
            assertEquals(1.0, first.samples.get("threadscope_uncaught_exceptions_total"), "sample-thrower");
            assertEquals(1.0, first.samples.get("threadscope_uncaught_exceptions_by_type_total{type=\"java.lang.IllegalStateException\"}"));
            assertEquals(documentedTypes(), metricTypes(first), "docs/prometheus.md's table vs the scrape");

            // The counters move: three daemon threads that end at once, one that stays.
            for (int i = 1; i <= 3; i++) {
                child.send("spawn-short prom-short-" + i);
            }
            child.send("spawn prom-stay");
            String started = "threadscope_threads_started_total{kind=\"DAEMON\"}";
            String ended = "threadscope_threads_ended_total{kind=\"DAEMON\"}";
            // The child reads its stdin in its own time: a scrape right now may come before it has.
            awaitAtLeast(jmx, started, first.samples.get(started) + 4);
            awaitAtLeast(jmx, ended, first.samples.get(ended) + 3);
            PromText second = scrapeMatchingJmx(jmx, metrics);
            assertTrue(second.samples.get(started) >= first.samples.get(started) + 4, started);
            assertTrue(second.samples.get(ended) >= first.samples.get(ended) + 3, ended);
        }
    }

    /** Waits (up to 10 s) until JMX's value for {@code series} reaches {@code min}; the caller asserts. */
    private static void awaitAtLeast(Jmx jmx, String series, double min) throws Exception {
        for (int i = 0; i < 100 && readJmx(jmx).getOrDefault(series, 0.0) < min; i++) {
            Thread.sleep(100);
        }
    }

    /**
     * Reads JMX, scrapes, reads JMX again. Counts only grow, so two equal JMX reads mean no
     * thread started or ended in between (the exporter's own HTTP threads, or RMI's, may:
     * then try again), and the scrape must then equal them exactly.
     */
    private PromText scrapeMatchingJmx(Jmx jmx, URI metrics) throws Exception {
        for (int attempt = 1; ; attempt++) {
            Map<String, Double> before = readJmx(jmx);
            PromText scrape = scrape(metrics);
            Map<String, Double> after = readJmx(jmx);
            if (before.equals(after)) {
                Map<String, Double> series = new TreeMap<>(before);
                series.keySet().removeIf(key -> key.startsWith(ATTRIBUTE));
                assertEquals(series, threadscopeSeries(scrape), "scrape vs JMX, attempt " + attempt);
                plainAttributesAreTheseSeries(before);
                return scrape;
            }
            assertTrue(attempt < 50, "JMX values never held still across a scrape: " + before + " / " + after);
            Thread.sleep(100);
        }
    }

    /**
     * The series docs/prometheus/threadscope.yaml should yield, computed from JMX, and the
     * plain numeric attributes the config leaves out, keyed {@code ATTRIBUTE + name}.
     */
    private static Map<String, Double> readJmx(Jmx jmx) throws Exception {
        Map<String, Double> out = new TreeMap<>();
        putByLabel(out, "threadscope_threads_live", "kind", jmx.counts("LiveCounts"));
        putByLabel(out, "threadscope_threads_started_total", "kind", jmx.counts("StartedCounts"));
        putByLabel(out, "threadscope_threads_ended_total", "kind", jmx.counts("EndedCounts"));
        out.put("threadscope_virtual_threads_not_listed", number(jmx.attribute("VirtualThreadsNotListed")));
        out.put("threadscope_native_agent_loaded", number(jmx.attribute("NativeAgentLoaded")));
        out.put("threadscope_uncaught_exceptions_total", number(jmx.uncaught("TotalCount")));
        putByLabel(out, "threadscope_uncaught_exceptions_by_type_total", "type", Jmx.counts(jmx.uncaught("CountsByType")));
        out.put("threadscope_lost_exceptions_total", number(jmx.uncaught("LostCount")));
        for (String kind : KINDS) {
            out.put(ATTRIBUTE + liveAttribute(kind), number(jmx.attribute(liveAttribute(kind))));
        }
        out.put(ATTRIBUTE + "TotalStartedCount", number(jmx.attribute("TotalStartedCount")));
        out.put(ATTRIBUTE + "TotalEndedCount", number(jmx.attribute("TotalEndedCount")));
        return out;
    }

    /** What docs/prometheus.md says of the attributes left out: each is a series, or a sum of them. */
    private static void plainAttributesAreTheseSeries(Map<String, Double> jmx) {
        double started = 0;
        double ended = 0;
        for (String kind : KINDS) {
            assertEquals(jmx.get(ATTRIBUTE + liveAttribute(kind)), jmx.get("threadscope_threads_live{kind=\"" + kind + "\"}"),
                    liveAttribute(kind));
            started += jmx.get("threadscope_threads_started_total{kind=\"" + kind + "\"}");
            ended += jmx.get("threadscope_threads_ended_total{kind=\"" + kind + "\"}");
        }
        assertEquals(jmx.get(ATTRIBUTE + "TotalStartedCount"), started, "TotalStartedCount");
        assertEquals(jmx.get(ATTRIBUTE + "TotalEndedCount"), ended, "TotalEndedCount");
    }

    /** DAEMON -> LiveDaemonCount */
    private static String liveAttribute(String kind) {
        return "Live" + kind.charAt(0) + kind.substring(1).toLowerCase() + "Count";
    }

    private static void putByLabel(Map<String, Double> out, String name, String label, Map<String, Long> counts) {
        counts.forEach((key, count) -> out.put(PromText.series(name, Map.of(label, key)), count.doubleValue()));
    }

    private static double number(Object jmxValue) {
        return jmxValue instanceof Boolean ? ((Boolean) jmxValue ? 1 : 0) : ((Number) jmxValue).doubleValue();
    }

    private static Map<String, Double> threadscopeSeries(PromText scrape) {
        Map<String, Double> out = new TreeMap<>(scrape.samples);
        out.keySet().removeIf(series -> !series.startsWith("threadscope_"));
        return out;
    }

    /** Metric name -> type of every threadscope family in a scrape. */
    private static Map<String, String> metricTypes(PromText scrape) {
        Map<String, String> out = new TreeMap<>(scrape.types);
        out.keySet().removeIf(name -> !name.startsWith("threadscope_"));
        return out;
    }

    /** Metric name -> type, from the table in docs/prometheus.md. */
    private static Map<String, String> documentedTypes() throws Exception {
        Map<String, String> out = new TreeMap<>();
        Matcher row = DOC_ROW.matcher(Files.readString(DOCS.resolve("prometheus.md")));
        while (row.find()) {
            out.put(row.group(1), row.group(2));
        }
        return out;
    }

    private PromText scrape(URI metrics) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(metrics).timeout(Duration.ofSeconds(20)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response.body());
        return PromText.parse(response.body());
    }

    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
