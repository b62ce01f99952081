package dev.threadscope.jmx;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import javax.management.ListenerNotFoundException;
import javax.management.MBeanNotificationInfo;
import javax.management.Notification;
import javax.management.NotificationBroadcasterSupport;
import javax.management.NotificationFilter;
import javax.management.NotificationListener;
import javax.management.ObjectName;

/**
 * An MBean that emits notifications only while someone listens: subclasses are told when the
 * first listener arrives and the last one leaves, so that no notification is even built
 * otherwise. Delivery is off the application's threads ({@link Notifier}).
 */
abstract class EmitterBean extends NotificationBroadcasterSupport {
    private final ObjectName source;
    private final Map<NotificationListener, Integer> listeners = new HashMap<>();
    private final AtomicLong sequence = new AtomicLong();

    EmitterBean(ObjectName source, MBeanNotificationInfo info) {
        super(Notifier.SHARED, info);
        this.source = source;
    }

    /** Called with true when the first listener arrives, false when the last one leaves. */
    abstract void listening(boolean on);

    @Override
    public void addNotificationListener(NotificationListener listener, NotificationFilter filter, Object handback) {
        super.addNotificationListener(listener, filter, handback);
        synchronized (listeners) {
            listeners.merge(listener, 1, Integer::sum);
            listening(true);
        }
    }

    @Override
    public void removeNotificationListener(NotificationListener listener) throws ListenerNotFoundException {
        super.removeNotificationListener(listener);
        synchronized (listeners) {
            listeners.remove(listener);
            listenersChanged();
        }
    }

    @Override
    public void removeNotificationListener(NotificationListener listener, NotificationFilter filter, Object handback)
            throws ListenerNotFoundException {
        super.removeNotificationListener(listener, filter, handback);
        synchronized (listeners) {
            listeners.computeIfPresent(listener, (l, n) -> n > 1 ? n - 1 : null);
            listenersChanged();
        }
    }

    private void listenersChanged() {
        if (listeners.isEmpty()) {
            listening(false);
        }
    }

    /** Sends one notification; never throws into the caller (a starting or dying thread). */
    void send(String type, String message, Object userData) {
        try {
            Notification n = new Notification(type, source, sequence.incrementAndGet(), System.currentTimeMillis(),
                    message);
            n.setUserData(userData);
            sendNotification(n);
        } catch (Throwable ignored) {
            // never into the application's thread
        }
    }
}
