package dev.threadscope.instrument;

import java.lang.instrument.ClassFileTransformer;
import java.security.ProtectionDomain;
import java.util.List;

import dev.threadscope.core.Log;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * Injects the bridge calls into exactly the JDK methods listed in {@link #HOOKS}; every
 * other class is left alone. The writer shares the reader's constant pool, so methods we
 * do not touch are copied byte for byte (cheap at start-up, and nothing else changes).
 */
public final class HookTransformer implements ClassFileTransformer {
    static final String THREAD = "java/lang/Thread";
    static final String MANAGEMENT_FACTORY = "java/lang/management/ManagementFactory";

    static final List<Hook> HOOKS = List.of(
            new Hook(THREAD, "start", "()V", "threadStarting", "(Ljava/lang/Thread;)V", 1, "threadStartFailed"),
            // JDK 21+: thread pools start their workers through this overload (JEP 444 thread containers).
            new Hook(THREAD, "start", "(Ljdk/internal/vm/ThreadContainer;)V",
                    "threadStarting", "(Ljava/lang/Thread;)V", 1, "threadStartFailed"),
            // private on 17, package-private on 21+; same descriptor.
            new Hook(THREAD, "dispatchUncaughtException", "(Ljava/lang/Throwable;)V",
                    "uncaughtException", "(Ljava/lang/Thread;Ljava/lang/Throwable;)V", 2, null),
            new Hook(MANAGEMENT_FACTORY, "getPlatformMBeanServer", "()Ljavax/management/MBeanServer;",
                    "platformServerRequested", "()V", 0, null));

    private volatile int transformedMethods;

    @Override
    public byte[] transform(Module module, ClassLoader loader, String className, Class<?> redefined,
                            ProtectionDomain domain, byte[] classFile) {
        if (loader != null || !(THREAD.equals(className) || MANAGEMENT_FACTORY.equals(className))) {
            return null;
        }
        try {
            return instrument(className, classFile);
        } catch (Throwable t) {
            Log.warn("could not instrument " + className.replace('/', '.') + ": " + t);
            return null;
        }
    }

    /** How many methods have been instrumented so far (both loads and retransforms). */
    public int transformedMethods() {
        return transformedMethods;
    }

    byte[] instrument(String className, byte[] classFile) {
        ClassReader reader = new ClassReader(classFile);
        ClassWriter writer = new ClassWriter(reader, 0);
        int[] count = new int[1];
        reader.accept(new ClassVisitor(Opcodes.ASM9, writer) {
            @Override
            public MethodVisitor visitMethod(int access, String name, String desc, String signature, String[] exceptions) {
                MethodVisitor next = super.visitMethod(access, name, desc, signature, exceptions);
                for (Hook hook : HOOKS) {
                    if (hook.owner().equals(className) && hook.matches(name, desc)) {
                        count[0]++;
                        return new EntryHookAdapter(next, hook, (access & Opcodes.ACC_STATIC) != 0, className, desc);
                    }
                }
                return next;
            }
        }, 0);
        if (count[0] == 0) {
            return null;
        }
        transformedMethods += count[0];
        return writer.toByteArray();
    }
}
