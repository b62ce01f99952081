package dev.threadscope.jmx;

import javax.management.ConstructorParameters;
import javax.management.openmbean.CompositeData;
import javax.management.openmbean.CompositeDataSupport;
import javax.management.openmbean.CompositeType;
import javax.management.openmbean.OpenDataException;
import javax.management.openmbean.OpenType;
import javax.management.openmbean.SimpleType;

import dev.threadscope.core.ThreadRecord;

/** One thread as JMX shows it (an MXBean composite: consoles need no threadscope classes). */
public final class ThreadRow {
    static final String[] ITEMS = {"id", "name", "kind", "daemon", "alive", "state", "groupName", "startMillis",
        "endMillis", "creatorId", "creatorName", "osThreadId", "seenAtLoad", "carrier"};
    private static final OpenType<?>[] TYPES = {SimpleType.LONG, SimpleType.STRING, SimpleType.STRING,
        SimpleType.BOOLEAN, SimpleType.BOOLEAN, SimpleType.STRING, SimpleType.STRING, SimpleType.LONG,
        SimpleType.LONG, SimpleType.LONG, SimpleType.STRING, SimpleType.LONG, SimpleType.BOOLEAN, SimpleType.BOOLEAN};
    private static volatile CompositeType type;

    private final long id;
    private final String name;
    private final String kind;
    private final boolean daemon;
    private final boolean alive;
    private final String state;
    private final String groupName;
    private final long startMillis;
    private final long endMillis;
    private final long creatorId;
    private final String creatorName;
    private final long osThreadId;
    private final boolean seenAtLoad;
    private final boolean carrier;

    @ConstructorParameters({"id", "name", "kind", "daemon", "alive", "state", "groupName", "startMillis",
        "endMillis", "creatorId", "creatorName", "osThreadId", "seenAtLoad", "carrier"})
    public ThreadRow(long id, String name, String kind, boolean daemon, boolean alive, String state, String groupName,
                     long startMillis, long endMillis, long creatorId, String creatorName, long osThreadId,
                     boolean seenAtLoad, boolean carrier) {
        this.id = id;
        this.name = name;
        this.kind = kind;
        this.daemon = daemon;
        this.alive = alive;
        this.state = state;
        this.groupName = groupName;
        this.startMillis = startMillis;
        this.endMillis = endMillis;
        this.creatorId = creatorId;
        this.creatorName = creatorName;
        this.osThreadId = osThreadId;
        this.seenAtLoad = seenAtLoad;
        this.carrier = carrier;
    }

    static ThreadRow of(ThreadRecord r) {
        return new ThreadRow(r.id(), r.name(), r.kind().name(), r.daemon(), r.alive(), r.state(), r.groupName(),
                r.startMillis(), r.endMillis(), r.creatorId(), r.creatorName(), r.osThreadId(), r.seenAtLoad(),
                r.carrier());
    }

    public long getId() {
        return id;
    }

    public String getName() {
        return name;
    }

    public String getKind() {
        return kind;
    }

    public boolean isDaemon() {
        return daemon;
    }

    public boolean isAlive() {
        return alive;
    }

    public String getState() {
        return state;
    }

    public String getGroupName() {
        return groupName;
    }

    public long getStartMillis() {
        return startMillis;
    }

    public long getEndMillis() {
        return endMillis;
    }

    public long getCreatorId() {
        return creatorId;
    }

    public String getCreatorName() {
        return creatorName;
    }

    public long getOsThreadId() {
        return osThreadId;
    }

    /** True for a thread already running when threadscope loaded: its creator and start time are unknown. */
    public boolean isSeenAtLoad() {
        return seenAtLoad;
    }

    /** A carrier of virtual threads: a platform worker of the virtual-thread scheduler (JDK 21+). */
    public boolean isCarrier() {
        return carrier;
    }

    /** The same row as open data, for notification user data. */
    CompositeData toCompositeData() throws OpenDataException {
        Object[] values = {id, name, kind, daemon, alive, state, groupName, startMillis, endMillis, creatorId,
            creatorName, osThreadId, seenAtLoad, carrier};
        return new CompositeDataSupport(compositeType(), ITEMS, values);
    }

    static CompositeType compositeType() throws OpenDataException {
        CompositeType t = type;
        if (t == null) {
            t = new CompositeType(ThreadRow.class.getName(), "A thread seen by threadscope", ITEMS, ITEMS, TYPES);
            type = t;
        }
        return t;
    }
}
