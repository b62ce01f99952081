package dev.threadscope.jfr;

import jdk.jfr.EventType;
import jdk.jfr.FlightRecorder;

import dev.threadscope.core.ErrorRecord;
import dev.threadscope.core.Log;
import dev.threadscope.core.ThreadRecord;

/**
 * threadscope's JFR events. Nothing of jdk.jfr is loaded at start-up; until a recording has
 * been started, each thread start or end costs one static read (FlightRecorder.isInitialized),
 * and then an isEnabled() check while no recording asks for these events.
 * A runtime without the jdk.jfr module turns them off, once and quietly.
 */
public final class JfrEvents {
    private static volatile boolean off;
    private static volatile EventType startType;

    private JfrEvents() {
    }

    /** Whether a running recording has threadscope's start event enabled (one static read if none ever ran). */
    public static boolean startsWanted() {
        if (off || !FlightRecorder.isInitialized()) {
            return false;
        }
        try {
            EventType type = startType;
            if (type == null) {
                // Initialise the event class first, holding no lock of JFR's: JFR registers an event
                // class from its static initialiser, under the metadata lock that getEventType holds
                // while it waits for that class's initialisation. Another thread's first event (a
                // start upcall) and this call would otherwise wait for each other for ever.
                new ThreadStartEvent();
                type = EventType.getEventType(ThreadStartEvent.class);
                startType = type;
            }
            return type.isEnabled();
        } catch (LinkageError noJfr) {
            disable(noJfr);
            return false;
        }
    }

    public static void started(ThreadRecord r) {
        if (off || !FlightRecorder.isInitialized()) {
            return; // no recording has ever started: not even an event object
        }
        try {
            commit(new ThreadStartEvent(), r);
        } catch (LinkageError noJfr) {
            disable(noJfr);
        }
    }

    public static void ended(ThreadRecord r) {
        if (off || !FlightRecorder.isInitialized()) {
            return;
        }
        try {
            commit(new ThreadEndEvent(), r);
        } catch (LinkageError noJfr) {
            disable(noJfr);
        }
    }

    private static void commit(ThreadEvent e, ThreadRecord r) {
        if (e.isEnabled()) {
            e.threadId = r.id();
            e.threadName = r.name();
            e.kind = r.kind().name();
            e.daemon = r.daemon();
            e.creatorId = r.creatorId();
            e.creatorName = r.creatorName();
            e.commit();
        }
    }

    public static void uncaught(ErrorRecord r) {
        if (off || !FlightRecorder.isInitialized()) {
            return; // no recording has ever started: not even an event object
        }
        try {
            UncaughtExceptionEvent e = new UncaughtExceptionEvent();
            if (e.isEnabled()) {
                e.threadId = r.threadId();
                e.threadName = r.threadName();
                e.kind = r.threadKind().name();
                e.exceptionClass = r.exceptionClass();
                e.message = r.message();
                e.commit();
            }
        } catch (LinkageError noJfr) {
            disable(noJfr);
        }
    }

    private static void disable(LinkageError e) {
        off = true;
        Log.debug("JFR events off: " + e);
    }
}
