package dev.threadscope.instrument;

import java.util.function.Function;

/** The agent's typed view of {@code java.lang.ThreadscopeBridge}, through its CONTROL function. */
public final class Bridge {
    private final Function<Object[], Object> control;

    @SuppressWarnings("unchecked")
    Bridge(Class<?> bridgeClass) throws ReflectiveOperationException {
        this.control = (Function<Object[], Object>) bridgeClass.getField("CONTROL").get(null);
    }

    public Object sink(String name) {
        return control.apply(new Object[] {"get", name});
    }

    public void setSink(String name, Object sink) {
        control.apply(new Object[] {"set", name, sink});
    }

    /** System.load from java.base: the library belongs to the boot loader. */
    public void load(String path) {
        control.apply(new Object[] {"load", path});
    }

    /** Null on success, else what went wrong. */
    public String nativeStart(Class<?> sink) {
        return (String) control.apply(new Object[] {"nativeStart", sink});
    }

    public long osThreadId() {
        return (Long) control.apply(new Object[] {"osThreadId"});
    }
}
