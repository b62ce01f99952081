package dev.threadscope.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** What the CLI writes for text the target JVM controls: thread names, messages, command lines. */
class CliTextTest {

    /** A thread name is the application's: no escape sequence or line break reaches the terminal. */
    @Test
    void columnsShowControlCharactersAsQuestionMarks() {
        assertEquals("a?[2Jb?c?d?e", ThreadsReport.fit("a\u001b[2Jb\nc\rd\u009be", 20));
        assertEquals("nul?", ThreadsReport.fit("nul\0", 20));
        assertEquals("abcd~", ThreadsReport.fit("abcdefgh", 5));
        String emoji = "abc\uD83D\uDE00xyz"; // a surrogate pair at the cut
        assertEquals("abc~", ThreadsReport.fit(emoji, 5));
        assertEquals("", ThreadsReport.fit(null, 5));
    }

    /** Non-ASCII is escaped, so --json is the same bytes in any locale, lone surrogates included. */
    @Test
    void jsonIsAscii() {
        String out = new Json().value("\u00fcn\u00efc\u00f6d\u00e9-\u540d\u524d \uD83D\uDE00 \uD800 \u001b\"\\").toString();
        assertEquals("\"\\u00fcn\\u00efc\\u00f6d\\u00e9-\\u540d\\u524d \\ud83d\\ude00 \\ud800 \\u001b\\\"\\\\\"", out);
        assertTrue(out.chars().allMatch(c -> c >= 0x20 && c < 0x7f), out);
    }

    /** `list` says "yes" for a -javaagent naming a threadscope jar, not for any argument naming threadscope. */
    @Test
    void listRecognisesTheAgentOption() {
        assertTrue(Target.JAVAAGENT.matcher("-Xmx1g -javaagent:/opt/threadscope-agent.jar -Dx=1").find());
        assertTrue(Target.JAVAAGENT.matcher("-javaagent:/opt/threadscope-agent.jar=values=show").find());
        assertTrue(Target.JAVAAGENT.matcher("-javaagent:lib/threadscope.jar").find());
        assertFalse(Target.JAVAAGENT.matcher("-Dlog.dir=/var/log/threadscope -javaagent:/opt/other.jar").find());
        assertFalse(Target.JAVAAGENT.matcher("-javaagent:/opt/threadscope/other-agent.jar").find());
    }
}
