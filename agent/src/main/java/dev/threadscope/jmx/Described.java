package dev.threadscope.jmx;

import java.util.Map;

import javax.management.MBeanAttributeInfo;
import javax.management.MBeanInfo;
import javax.management.MBeanOperationInfo;
import javax.management.MBeanParameterInfo;
import javax.management.NotificationEmitter;
import javax.management.StandardEmitterMBean;

/**
 * An MXBean with descriptions that consoles show (MBeanInfo text for the bean, each attribute,
 * each operation and its parameters' names), so that a person at jconsole or VisualVM sees
 * what a value means and what to type.
 */
final class Described extends StandardEmitterMBean {
    private final String bean;
    private final Map<String, String> texts;

    <T> Described(T impl, Class<T> type, NotificationEmitter emitter, String bean, Map<String, String> texts) {
        super(impl, type, true, emitter);
        this.bean = bean;
        this.texts = texts;
    }

    @Override
    protected String getDescription(MBeanInfo info) {
        return bean;
    }

    @Override
    protected String getDescription(MBeanAttributeInfo info) {
        return texts.getOrDefault(info.getName(), super.getDescription(info));
    }

    @Override
    protected String getDescription(MBeanOperationInfo info) {
        return texts.getOrDefault(info.getName(), super.getDescription(info));
    }

    @Override
    protected String getParameterName(MBeanOperationInfo op, MBeanParameterInfo param, int sequence) {
        String[] p = Descriptions.PARAMETERS.get(op.getName());
        return p != null && 2 * sequence + 1 < p.length ? p[2 * sequence] : super.getParameterName(op, param, sequence);
    }

    @Override
    protected String getDescription(MBeanOperationInfo op, MBeanParameterInfo param, int sequence) {
        String[] p = Descriptions.PARAMETERS.get(op.getName());
        return p != null && 2 * sequence + 1 < p.length ? p[2 * sequence + 1]
                : super.getDescription(op, param, sequence);
    }
}
