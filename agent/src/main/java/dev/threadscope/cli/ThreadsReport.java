package dev.threadscope.cli;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import javax.management.ObjectName;
import javax.management.openmbean.CompositeData;
import javax.management.openmbean.TabularData;

/** {@code threadscope PID threads}: counts per kind, then one line per live thread. */
final class ThreadsReport {
    static final String[] KINDS = {"MAIN", "DAEMON", "USER", "ALIEN", "SYSTEM", "VIRTUAL"};
    private final Target target;

    ThreadsReport(Target target) {
        this.target = target;
    }

    void print(PrintStream out, String kind, boolean json) throws Exception {
        ObjectName name = new ObjectName(Target.THREADS);
        TabularData live = (TabularData) target.server().getAttribute(name, "LiveCounts");
        boolean nativeLoaded = (Boolean) target.server().getAttribute(name, "NativeAgentLoaded");
        Object rows = kind == null
                ? target.server().getAttribute(name, "Threads")
                : target.server().invoke(name, "threadsOfKind", new Object[] {kind}, new String[] {String.class.getName()});
        List<CompositeData> threads = new ArrayList<>();
        for (Object o : (Object[]) rows) {
            threads.add((CompositeData) o);
        }
        if (json) {
            printJson(out, live, nativeLoaded, threads);
        } else {
            printTable(out, live, nativeLoaded, threads, kind == null || kind.trim().equalsIgnoreCase("VIRTUAL"));
        }
    }

    private void printTable(PrintStream out, TabularData live, boolean nativeLoaded, List<CompositeData> threads,
                            boolean virtualAsked) {
        out.printf("pid %d: %d threads shown%s%n", target.pid(), threads.size(),
                nativeLoaded ? "" : " (pure-Java fallback: no kernel thread ids)");
        StringBuilder counts = new StringBuilder("live:");
        for (String k : KINDS) {
            counts.append("  ").append(k).append(' ').append(count(live, k));
        }
        out.println(counts);
        long virtualLive = count(live, "VIRTUAL");
        long virtualShown = threads.stream().filter(t -> "VIRTUAL".equals(t.get("kind"))).count();
        if (virtualAsked && virtualLive > virtualShown) {
            out.println(virtualShown == 0
                    ? "(virtual threads are counted, not listed, under virtual=count, the default: load threadscope with "
                            + "virtual=track to list them)"
                    : "(" + (virtualLive - virtualShown) + " more virtual threads not listed: at most 1,000 are; the "
                            + "Threads MBean's threadsPage operation pages through all of them)");
        }
        out.println();
        out.printf("%7s  %-22s %-7s %-6s %-13s %s%n", "ID", "NAME", "KIND", "DAEMON", "STATE", "CREATOR");
        for (CompositeData t : threads) {
            long creator = (Long) t.get("creatorId");
            String creatorText = creator < 0 ? "-" : creator + " " + t.get("creatorName");
            out.printf("%7d  %-22s %-7s %-6s %-13s %s%n", (Long) t.get("id"), fit((String) t.get("name"), 22),
                    t.get("kind"), (Boolean) t.get("daemon") ? "yes" : "no", t.get("state"), fit(creatorText, 18));
        }
    }

    private void printJson(PrintStream out, TabularData live, boolean nativeLoaded, List<CompositeData> threads) {
        Json j = new Json();
        j.open('{').key("pid").value(target.pid()).key("nativeAgentLoaded").value(nativeLoaded);
        j.key("liveCounts").open('{');
        for (String k : KINDS) {
            j.key(k).value(count(live, k));
        }
        j.close('}').key("threads").open('[');
        for (CompositeData t : threads) {
            j.composite(t);
        }
        j.close(']').close('}');
        out.println(j);
    }

    static long count(TabularData counts, String kind) {
        CompositeData row = counts.get(new Object[] {kind.toUpperCase(Locale.ROOT)});
        return row == null ? 0 : (Long) row.get("value");
    }

    /**
     * {@code s} for a terminal column of {@code width}: control characters (C0, DEL, C1: a thread
     * name may carry escape sequences, newlines or carriage returns) shown as '?', cut with '~'
     * (never between the two halves of a surrogate pair).
     */
    static String fit(String s, int width) {
        if (s == null) {
            return "";
        }
        StringBuilder b = new StringBuilder(Math.min(s.length(), width));
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            b.append(c < 0x20 || (c >= 0x7f && c <= 0x9f) ? '?' : c);
        }
        if (b.length() <= width) {
            return b.toString();
        }
        int cut = width - 1;
        if (Character.isHighSurrogate(b.charAt(cut - 1))) {
            cut--;
        }
        return b.substring(0, cut) + "~";
    }
}
