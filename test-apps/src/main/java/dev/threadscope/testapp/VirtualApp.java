package dev.threadscope.testapp;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;

/**
 * Virtual threads (JDK 21+, reached by reflection so that this compiles for 17). Prints
 * {@code waiting}; on {@code go N} starts N virtual threads at once, joins them all and
 * prints {@code done N}; on {@code park} starts a virtual thread "parked-virtual" that sets a
 * thread-local and parks, and prints {@code parked}; {@code quit} exits. On JDK 17 it says
 * {@code no virtual threads} and otherwise behaves the same (nothing to start).
 */
public final class VirtualApp {
    static final ThreadLocal<String> SESSION = new ThreadLocal<>();

    private VirtualApp() {
    }

    public static void main(String[] args) throws Exception {
        Method ofVirtual = null;
        try {
            ofVirtual = Thread.class.getMethod("ofVirtual");
        } catch (NoSuchMethodException e) {
            System.out.println("no virtual threads");
        }
        System.out.println("waiting");
        System.out.flush();
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String line;
        CountDownLatch forever = new CountDownLatch(1);
        while ((line = in.readLine()) != null) {
            String[] w = line.trim().split("\\s+");
            if (w[0].equals("quit")) {
                return;
            } else if (w[0].equals("go")) {
                int n = Integer.parseInt(w[1]);
                if (ofVirtual != null) {
                    Thread[] threads = new Thread[n];
                    for (int i = 0; i < n; i++) {
                        threads[i] = start(ofVirtual, null, () -> { });
                    }
                    for (Thread t : threads) {
                        t.join();
                    }
                }
                System.out.println("done " + n);
            } else if (w[0].equals("park")) {
                if (ofVirtual != null) {
                    start(ofVirtual, "parked-virtual", () -> {
                        SESSION.set("session-for-virtual");
                        try {
                            forever.await();
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    });
                    Thread.sleep(100);
                }
                System.out.println("parked");
            }
            System.out.flush();
        }
    }

    private static Thread start(Method ofVirtual, String name, Runnable task) throws Exception {
        Object builder = ofVirtual.invoke(null);
        if (name != null) {
            builder = Class.forName("java.lang.Thread$Builder").getMethod("name", String.class).invoke(builder, name);
        }
        Method start = Class.forName("java.lang.Thread$Builder").getMethod("start", Runnable.class);
        return (Thread) start.invoke(builder, task);
    }
}
