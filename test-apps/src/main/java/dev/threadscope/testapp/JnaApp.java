package dev.threadscope.testapp;

import com.sun.jna.Callback;
import com.sun.jna.Library;
import com.sun.jna.Native;

/**
 * JNA callbacks from a native thread (libforeign's foreign_call_from_new_thread): JNA attaches
 * the thread for each callback and, by default, detaches it after. Prints the thread each
 * callback ran on, then {@code ready}, and stays until killed.
 *
 * <pre>
 *   JnaApp PATH/TO/libforeign.so CALLS
 * </pre>
 */
public final class JnaApp {
    public interface Foreign extends Library {
        int foreign_call_from_new_thread(Tick fn, int calls);
    }

    public interface Tick extends Callback {
        void invoke(int i);
    }

    private JnaApp() {
    }

    public static void main(String[] args) throws Exception {
        Foreign lib = Native.load(args[0], Foreign.class);
        int calls = Integer.parseInt(args[1]);
        Tick tick = i -> System.out.println("callback " + i + " on " + Thread.currentThread().getId() + " "
                + Thread.currentThread().getName());
        if (lib.foreign_call_from_new_thread(tick, calls) != 0) {
            throw new IllegalStateException("native call failed");
        }
        System.out.println("ready");
        System.out.flush();
        new java.util.concurrent.CountDownLatch(1).await();
    }
}
