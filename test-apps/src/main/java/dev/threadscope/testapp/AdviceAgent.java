package dev.threadscope.testapp;

import static net.bytebuddy.matcher.ElementMatchers.isInterface;
import static net.bytebuddy.matcher.ElementMatchers.isSubTypeOf;
import static net.bytebuddy.matcher.ElementMatchers.nameStartsWith;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.not;
import static net.bytebuddy.matcher.ElementMatchers.takesNoArguments;

import java.lang.instrument.Instrumentation;
import java.lang.management.ManagementFactory;
import java.util.concurrent.atomic.AtomicInteger;

import javax.management.ObjectName;

import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.asm.Advice;

/**
 * Another Java agent, as APM agents are: Byte Buddy advice on run() of every Runnable outside the
 * JDK (threadscope's own included), calling a helper of its own that lives on the application
 * class path. Its main asks whether threadscope's MBeans registered and whether the advice ran.
 */
public final class AdviceAgent {
    private AdviceAgent() {
    }

    public static void premain(String args, Instrumentation inst) {
        new AgentBuilder.Default()
                .disableClassFormatChanges()
                .with(AgentBuilder.RedefinitionStrategy.RETRANSFORMATION)
                .ignore(nameStartsWith("java.").or(nameStartsWith("jdk.")).or(nameStartsWith("sun."))
                        .or(nameStartsWith("com.sun.")).or(nameStartsWith("net.bytebuddy.")))
                .type(isSubTypeOf(Runnable.class).and(not(isInterface())))
                .transform((builder, type, loader, module, domain) ->
                        builder.visit(Advice.to(RunAdvice.class).on(named("run").and(takesNoArguments()))))
                .installOn(inst);
    }

    public static void main(String[] args) throws Exception {
        boolean registered = ManagementFactory.getPlatformMBeanServer()
                .isRegistered(new ObjectName("dev.threadscope:type=Threads"));
        System.out.println("registered=" + registered + " advice ran=" + (Helper.RUNS.get() > 0));
    }

    /** Woven into run(). */
    public static final class RunAdvice {
        private RunAdvice() {
        }

        @Advice.OnMethodEnter
        static void enter() {
            Helper.count();
        }
    }

    /** The agent's helper, on the application class path only. */
    public static final class Helper {
        static final AtomicInteger RUNS = new AtomicInteger();

        private Helper() {
        }

        public static void count() {
            RUNS.incrementAndGet();
        }
    }
}
