package dev.threadscope.cli;

import javax.management.openmbean.CompositeData;

/** A minimal JSON writer: enough for the CLI's --json output, no library. */
final class Json {
    private final StringBuilder b = new StringBuilder();
    private boolean needComma;

    Json open(char c) {
        comma();
        b.append(c);
        needComma = false;
        return this;
    }

    Json close(char c) {
        b.append(c);
        needComma = true;
        return this;
    }

    Json key(String k) {
        comma();
        string(k);
        b.append(':');
        needComma = false;
        return this;
    }

    Json value(Object v) {
        comma();
        if (v == null) {
            b.append("null");
        } else if (v instanceof Number || v instanceof Boolean) {
            b.append(v);
        } else if (v instanceof Object[]) {
            b.append('[');
            needComma = false;
            for (Object o : (Object[]) v) {
                value(o);
            }
            b.append(']');
        } else {
            string(v.toString());
        }
        needComma = true;
        return this;
    }

    Json composite(CompositeData c) {
        open('{');
        for (String k : c.getCompositeType().keySet()) {
            key(k).value(c.get(k));
        }
        return close('}');
    }

    private void comma() {
        if (needComma) {
            b.append(',');
        }
    }

    private void string(String s) {
        b.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"': b.append("\\\""); break;
                case '\\': b.append("\\\\"); break;
                case '\n': b.append("\\n"); break;
                case '\r': b.append("\\r"); break;
                case '\t': b.append("\\t"); break;
                default:
                    // Everything beyond ASCII escaped too: the output is then the same bytes in
                    // any locale (a cron job's or a bare container's is ASCII), and a lone
                    // surrogate in a thread name stays itself instead of becoming '?'.
                    if (c < 0x20 || c >= 0x7f) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
            }
        }
        b.append('"');
    }

    @Override
    public String toString() {
        return b.toString();
    }
}
