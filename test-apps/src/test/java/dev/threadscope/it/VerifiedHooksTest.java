package dev.threadscope.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * The JVM does not verify boot classes by default, so a bad patch of Thread could go
 * unnoticed; -Xverify:all makes it check our rewritten Thread and ManagementFactory.
 */
class VerifiedHooksTest {

    @Test
    void patchedJdkClassesPassTheVerifier() throws Exception {
        try (ChildJvm app = ChildJvm.start("", List.of("-Xverify:all"), "dev.threadscope.testapp.SampleApp", "--stay")) {
            Jmx jmx = new Jmx(app.awaitLine("ready", 60).jmx());
            assertEquals("sample-spawner", jmx.live("sample-child").get("creatorName"));
            assertEquals(Boolean.TRUE, jmx.attribute("NativeAgentLoaded"));
            String err = app.stderr();
            assertFalse(err.contains("[threadscope]"), err);
            assertFalse(err.contains("VerifyError"), err);
        }
    }
}
