package dev.threadscope.it;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * A scrape in the Prometheus text exposition format (0.0.4), as the JMX exporter serves it by
 * default: {@code samples} by series ({@code name{label="value",...}}, labels sorted by name),
 * {@code types} by metric name from the {@code # TYPE} lines.
 */
final class PromText {
    final Map<String, Double> samples = new TreeMap<>();
    final Map<String, String> types = new TreeMap<>();

    static PromText parse(String text) {
        PromText out = new PromText();
        for (String line : text.split("\n")) {
            if (line.startsWith("# TYPE ")) {
                String[] words = line.split(" ");
                out.types.put(words[2], words[3]);
            } else if (!line.isBlank() && !line.startsWith("#")) {
                out.sample(line);
            }
        }
        return out;
    }

    /** The series key of a metric, as {@link #samples} spells it. */
    static String series(String name, Map<String, String> labels) {
        if (labels.isEmpty()) {
            return name;
        }
        StringBuilder key = new StringBuilder(name).append('{');
        new TreeMap<>(labels).forEach((k, v) -> key.append(k).append("=\"").append(v).append("\","));
        key.setLength(key.length() - 1);
        return key.append('}').toString();
    }

    private void sample(String line) {
        int brace = line.indexOf('{');
        int space = line.lastIndexOf(' ');
        if (brace < 0 || brace > line.indexOf(' ')) {
            samples.put(line.substring(0, line.indexOf(' ')), number(line.substring(space + 1)));
            return;
        }
        Map<String, String> labels = new LinkedHashMap<>();
        int i = brace + 1;
        while (line.charAt(i) != '}') {
            int eq = line.indexOf('=', i);
            StringBuilder value = new StringBuilder();
            int j = eq + 2; // past ="
            for (; line.charAt(j) != '"'; j++) {
                char c = line.charAt(j);
                if (c == '\\') {
                    c = line.charAt(++j) == 'n' ? '\n' : line.charAt(j);
                }
                value.append(c);
            }
            labels.put(line.substring(i, eq), value.toString());
            i = line.charAt(j + 1) == ',' ? j + 2 : j + 1;
        }
        samples.put(series(line.substring(0, brace), labels), number(line.substring(space + 1)));
    }

    private static double number(String s) {
        switch (s) {
            case "+Inf": return Double.POSITIVE_INFINITY;
            case "-Inf": return Double.NEGATIVE_INFINITY;
            default: return Double.parseDouble(s);
        }
    }
}
