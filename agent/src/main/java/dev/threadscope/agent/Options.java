package dev.threadscope.agent;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import dev.threadscope.core.Text;

/**
 * The agent options, {@code key=value} pairs separated by commas (see docs/usage.md).
 * Parsing never fails: each unknown key or bad value yields one message for the caller to
 * print, and the default is used for it.
 */
public final class Options {
    static final Map<String, List<String>> CHOICES = choiceTable();
    static final Map<String, String> DEFAULTS = defaultTable();
    static final int MAX_HISTORY = 1_000_000;

    private final Map<String, String> values;

    private Options(Map<String, String> values) {
        this.values = Collections.unmodifiableMap(values);
    }

    public static Options defaults() {
        return new Options(new LinkedHashMap<>(DEFAULTS));
    }

    /** Parses {@code text} (may be null or empty); every problem is reported to {@code problems}. */
    public static Options parse(String text, List<String> problems) {
        Map<String, String> values = new LinkedHashMap<>(DEFAULTS);
        if (text == null || text.isBlank()) {
            return new Options(values);
        }
        for (String item : text.split(",", -1)) {
            String trimmed = item.trim();
            if (trimmed.isEmpty()) {
                continue;
            }
            int eq = trimmed.indexOf('=');
            if (eq < 0) {
                problems.add("option '" + Text.printable(trimmed) + "' is not key=value; ignored (keys: "
                        + String.join(", ", DEFAULTS.keySet()) + ")");
                continue;
            }
            String key = trimmed.substring(0, eq).trim().toLowerCase(Locale.ROOT);
            String value = trimmed.substring(eq + 1).trim();
            if (!DEFAULTS.containsKey(key)) {
                problems.add("unknown option '" + Text.printable(key) + "' (value '" + Text.printable(value)
                        + "') ignored; known keys: " + String.join(", ", DEFAULTS.keySet()));
                continue;
            }
            String accepted = accept(key, value);
            if (accepted == null) {
                problems.add("option " + key + "='" + Text.printable(value) + "' is not valid (accepted: "
                        + describe(key) + "); using the default " + key + "=" + DEFAULTS.get(key));
            } else {
                values.put(key, accepted);
            }
        }
        return new Options(values);
    }

    private static String accept(String key, String value) {
        if (key.equals("history")) {
            try {
                int n = Integer.parseInt(value);
                return n >= 0 && n <= MAX_HISTORY ? Integer.toString(n) : null;
            } catch (NumberFormatException e) {
                return null;
            }
        }
        String lower = value.toLowerCase(Locale.ROOT);
        return CHOICES.get(key).contains(lower) ? lower : null;
    }

    private static String describe(String key) {
        return key.equals("history") ? "an integer from 0 to " + MAX_HISTORY : String.join(", ", CHOICES.get(key));
    }

    public String get(String key) {
        return values.get(key);
    }

    public boolean stacks() {
        return values.get("stacks").equals("on");
    }

    public boolean showValues() {
        return values.get("values").equals("show");
    }

    public int history() {
        return Integer.parseInt(values.get("history"));
    }

    public boolean trackVirtual() {
        return values.get("virtual").equals("track");
    }

    public boolean nativeEnabled() {
        return values.get("native").equals("auto");
    }

    public boolean futures() {
        return values.get("futures").equals("on");
    }

    public int logLevel() {
        return List.of("quiet", "info", "debug").indexOf(values.get("log"));
    }

    /** Every option as parsed, defaults included. */
    public Map<String, String> asMap() {
        return values;
    }

    @Override
    public String toString() {
        return values.toString();
    }

    private static Map<String, List<String>> choiceTable() {
        Map<String, List<String>> m = new LinkedHashMap<>();
        m.put("values", List.of("type", "show"));
        m.put("stacks", List.of("on", "off"));
        m.put("virtual", List.of("count", "track"));
        m.put("native", List.of("auto", "off"));
        m.put("futures", List.of("on", "off"));
        m.put("log", List.of("quiet", "info", "debug"));
        return m;
    }

    private static Map<String, String> defaultTable() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("values", "type");
        m.put("stacks", "on");
        m.put("history", "1000");
        m.put("virtual", "count");
        m.put("native", "auto");
        m.put("futures", "on");
        m.put("log", "info");
        return m;
    }
}
