package dev.threadscope.agent;

import dev.threadscope.core.ErrorListener;
import dev.threadscope.core.ErrorRecord;
import dev.threadscope.core.RegistryListener;
import dev.threadscope.core.ThreadRecord;
import dev.threadscope.jfr.JfrEvents;

/** Feeds the registry's and the excepthook's events to JFR (see JfrEvents for the cost). */
final class JfrRecorder implements RegistryListener, ErrorListener {
    @Override
    public void started(ThreadRecord record) {
        try {
            JfrEvents.started(record);
        } catch (RuntimeException | LinkageError ignored) {
            // never into the starting thread
        }
    }

    /** Only while a recording asks for threadscope's thread start events. */
    @Override
    public boolean active() {
        try {
            return JfrEvents.startsWanted();
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }

    @Override
    public void ended(ThreadRecord record) {
        try {
            JfrEvents.ended(record);
        } catch (RuntimeException | LinkageError ignored) {
            // never into the ending thread
        }
    }

    @Override
    public void uncaught(ErrorRecord record) {
        try {
            JfrEvents.uncaught(record);
        } catch (RuntimeException | LinkageError ignored) {
            // the application's handling follows regardless
        }
    }

    @Override
    public void lost(ErrorRecord record) {
        // lost futures are not JFR events
    }
}
