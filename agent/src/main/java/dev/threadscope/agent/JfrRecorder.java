package dev.threadscope.agent;

import jdk.jfr.FlightRecorder;

import dev.threadscope.core.ErrorListener;
import dev.threadscope.core.ErrorRecord;
import dev.threadscope.core.Kind;
import dev.threadscope.core.RegistryListener;
import dev.threadscope.core.ThreadRecord;
import dev.threadscope.jfr.JfrEvents;

/**
 * Feeds the registry's and the excepthook's events to JFR (see JfrEvents for the cost). Until
 * a recording has ever started, each call is one static read: JfrEvents and the event classes
 * (whose verification loads jdk.jfr.Event) are not even loaded, at start-up or at exit.
 */
final class JfrRecorder implements RegistryListener, ErrorListener {
    private static volatile boolean noJfr;

    private static boolean recording() {
        if (noJfr) {
            return false;
        }
        try {
            return FlightRecorder.isInitialized();
        } catch (LinkageError e) {
            noJfr = true; // a runtime without the jdk.jfr module
            return false;
        }
    }

    @Override
    public void started(ThreadRecord record) {
        if (record.kind() != Kind.VIRTUAL && recording()) { // JFR has its own jdk.VirtualThreadStart/End
            try {
                JfrEvents.started(record);
            } catch (RuntimeException | LinkageError ignored) {
                // never into the starting thread
            }
        }
    }

    /** Only while a recording asks for threadscope's thread start events. */
    @Override
    public boolean active() {
        if (!recording()) {
            return false;
        }
        try {
            return JfrEvents.startsWanted();
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }

    @Override
    public void ended(ThreadRecord record) {
        if (record.kind() != Kind.VIRTUAL && recording()) {
            try {
                JfrEvents.ended(record);
            } catch (RuntimeException | LinkageError ignored) {
                // never into the ending thread
            }
        }
    }

    @Override
    public void uncaught(ErrorRecord record) {
        if (recording()) {
            try {
                JfrEvents.uncaught(record);
            } catch (RuntimeException | LinkageError ignored) {
                // the application's handling follows regardless
            }
        }
    }

    @Override
    public void lost(ErrorRecord record) {
        // lost futures are not JFR events
    }
}
