package dev.threadscope.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.management.openmbean.CompositeData;
import javax.management.openmbean.CompositeDataSupport;
import javax.management.openmbean.CompositeType;
import javax.management.openmbean.OpenType;
import javax.management.openmbean.SimpleType;

import org.junit.jupiter.api.Test;

/** The report page without a JVM to watch: scale, escaping, nothing fetched. Chromium renders it in test-apps. */
class HtmlReportTest {
    private static final long T0 = 1_700_000_000_000L;

    @Test
    void tenThousandThreadsMakeAReadablePage() throws Exception {
        ReportData data = watched(60_000);
        for (int i = 0; i < 10_500; i++) {
            long start = T0 + i * 5L;
            data.thread(thread(100 + i, "churn-" + i, i % 2 == 0 ? "USER" : "DAEMON", start, i == 42 ? -1 : start + 20));
        }
        for (int i = 0; i < 3_000; i++) {
            data.exception(exception(100 + i, T0 + i * 5L + 10, "java.lang.IllegalStateException", "boom " + i), false);
        }
        String page = HtmlReport.page(data);
        assertTrue(page.length() < 5_000_000, "page of " + page.length() + " chars");
        assertEquals(Lanes.MAX_BARS, count(page, "<rect class=\"k"), "bars drawn");
        assertTrue(page.contains("500 more threads left out"), "says what it left out");
        assertTrue(page.contains("churn-42 (#142, USER) started"), "a live thread is kept whatever its age");
        assertTrue(page.contains("packed into"), "packed rows");
        assertTrue(page.contains("the 1000 oldest exceptions are not marked"), "marks capped");
        assertTrue(page.contains("2500 older exceptions not listed"), "table capped");
    }

    @Test
    void hostileNamesAreEscapedClippedAndValidUtf8() {
        ReportData data = watched(1_000);
        String huge = "x".repeat(100_000);
        String surrogateAtCut = "y".repeat(33) + "\ud83d\ude00tail";
        data.thread(thread(1, "<script>alert('n')</script> & \"q\"", "MAIN", T0, -1));
        data.thread(thread(2, huge, "USER", T0, T0 + 10));
        data.thread(thread(3, "lone \ud800 nul \u0000 bell \u0007 \u6f22", "ALIEN", T0, -1));
        data.thread(thread(4, surrogateAtCut, "VIRTUAL", T0, -1));
        data.exception(exception(2, T0 + 5, "<b>Bold</b>Exception", "<img src=x onerror=alert(1)>"), false);
        String page = HtmlReport.page(data);
        assertFalse(page.contains("<script"), "markup from a name must be escaped");
        assertFalse(page.contains("<b>") || page.contains("<img"), "markup from an exception must be escaped");
        assertTrue(page.contains("&lt;script&gt;alert(&#39;n&#39;)&lt;/script&gt; &amp; &quot;q&quot;"), "escaped name");
        assertTrue(page.length() < 20_000, "a 100,000-character name is clipped: " + page.length());
        assertFalse(page.contains("\u0000") || page.contains("\u0007"), "control characters replaced");
        assertTrue(page.contains("lone \ufffd nul"), "lone surrogate replaced");
        assertTrue(page.contains("y".repeat(33) + "\u2026"), "a pair cut in two is dropped whole");
        assertTrue(page.contains("\u6f22"), "non-ASCII kept");
        String roundTrip = new String(page.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8);
        assertEquals(page, roundTrip, "every character encodes as UTF-8");
    }

    @Test
    void nothingOnThePageFetchesAnything() {
        ReportData data = watched(0);
        data.thread(thread(1, "http://example.invalid/x.png", "MAIN", T0, -1));
        String page = HtmlReport.page(data);
        assertTrue(page.contains("content=\"default-src 'none'; style-src 'unsafe-inline'\""), "CSP forbids fetches");
        for (String fetch : new String[] {"src=", "href=", "url(", "@import", "<script", "<link", "<iframe"}) {
            assertFalse(page.contains(fetch), fetch);
        }
        assertTrue(page.contains("VIRTUAL 0"), "legend with every kind");
    }

    /** Notifications the JVM dropped during the watch are said on the page, not passed over. */
    @Test
    void lostNotificationsAreSaid() {
        ReportData data = watched(1000);
        data.thread(thread(1, "main", "MAIN", T0, -1));
        assertFalse(HtmlReport.page(data).contains("notifications were lost"));
        data.notificationsLost(120);
        data.notificationsLost(3);
        assertTrue(HtmlReport.page(data).contains("123 notifications were lost"));
    }

    private static ReportData watched(long millis) {
        ReportData data = new ReportData(4242);
        data.watchStart = T0;
        data.watchEnd = T0 + millis;
        for (long t = T0; t <= T0 + millis; t += 250) {
            data.sample(t, new long[] {1, 2, (t / 250) % 7, 0, 10, 0});
        }
        return data;
    }

    static CompositeData thread(long id, String name, String kind, long start, long end) {
        return row(Map.of("id", id, "name", name, "kind", kind, "daemon", kind.equals("DAEMON"),
                "startMillis", start, "endMillis", end));
    }

    static CompositeData exception(long threadId, long time, String type, String message) {
        return row(Map.of("timeMillis", time, "threadId", threadId, "threadName", "t" + threadId, "threadKind", "USER",
                "exceptionClass", type, "message", message));
    }

    private static CompositeData row(Map<String, Object> items) {
        try {
            String[] names = items.keySet().toArray(new String[0]);
            OpenType<?>[] types = new OpenType<?>[names.length];
            for (int i = 0; i < names.length; i++) {
                Object v = items.get(names[i]);
                types[i] = v instanceof Long ? SimpleType.LONG : v instanceof Boolean ? SimpleType.BOOLEAN : SimpleType.STRING;
            }
            return new CompositeDataSupport(new CompositeType("row", "row", names, names, types), names,
                    java.util.Arrays.stream(names).map(items::get).toArray());
        } catch (javax.management.openmbean.OpenDataException e) {
            throw new IllegalStateException(e);
        }
    }

    private static int count(String s, String what) {
        Matcher m = Pattern.compile(Pattern.quote(what)).matcher(s);
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }
}
