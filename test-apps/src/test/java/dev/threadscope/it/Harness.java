package dev.threadscope.it;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs test-apps/native-harness's {@code harness} (a JVM embedded with JNI_CreateJavaVM)
 * under the agent and reads its stdout protocol (docs/alien-threads.md).
 */
final class Harness {
    static final Path DIR = Path.of(System.getProperty("threadscope.harness.dir", "target/native-harness"));
    static final Path EXE = DIR.resolve("harness");

    private Harness() {
    }

    /** {@code exe [agent] [jvmArgs] -Djava.class.path=<test apps> --scenario S [args]}; agentOptions null: no agent. */
    static List<String> command(Path exe, String agentOptions, List<String> jvmArgs, String scenario, String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(exe.toAbsolutePath().toString());
        if (agentOptions != null) {
            cmd.add("-javaagent:" + ChildJvm.AGENT_JAR.toAbsolutePath() + (agentOptions.isEmpty() ? "" : "=" + agentOptions));
        }
        cmd.addAll(jvmArgs);
        cmd.add("-Djava.class.path=" + Path.of(ChildJvm.APP_CLASSES).toAbsolutePath());
        cmd.add("--scenario");
        cmd.add(scenario);
        cmd.addAll(List.of(args));
        return cmd;
    }

    static ChildJvm start(String agentOptions, String scenario, String... args) throws IOException {
        return ChildJvm.exec(command(EXE, agentOptions, List.of(), scenario, args), Map.of());
    }

    /** The key=value fields of every stdout line whose first word is {@code word}, in order. */
    static List<Map<String, String>> lines(String stdout, String word) {
        List<Map<String, String>> out = new ArrayList<>();
        for (String line : stdout.split("\n")) {
            String[] words = line.trim().split(" ");
            if (!words[0].equals(word)) {
                continue;
            }
            Map<String, String> fields = new HashMap<>();
            for (int i = 1; i < words.length; i++) {
                int eq = words[i].indexOf('=');
                if (eq > 0) {
                    fields.put(words[i].substring(0, eq), words[i].substring(eq + 1));
                }
            }
            out.add(fields);
        }
        return out;
    }

    /** The fields of the one line starting with {@code word}; fails if there is not exactly one. */
    static Map<String, String> line(String stdout, String word) {
        List<Map<String, String>> all = lines(stdout, word);
        if (all.size() != 1) {
            throw new AssertionError(all.size() + " '" + word + "' lines in:\n" + stdout);
        }
        return all.get(0);
    }

    static long id(Map<String, String> fields) {
        return Long.parseLong(fields.get("id"));
    }
}
