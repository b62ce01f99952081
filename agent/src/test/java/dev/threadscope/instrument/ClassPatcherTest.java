package dev.threadscope.instrument;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.analysis.Analyzer;
import org.objectweb.asm.tree.analysis.BasicVerifier;

/**
 * ClassPatcher against the running JDK's own classes (checked by ASM) and against synthetic
 * classes of awkward shapes, which are then loaded through the JVM's verifier and run.
 */
public class ClassPatcherTest {
    static final String SYNTH = "dev/threadscope/instrument/Synthetic";
    static final List<String> CALLS = new ArrayList<>();

    @Test
    void patchesTheJdksThreadAndManagementFactory() throws Exception {
        int feature = Runtime.version().feature();
        for (String name : List.of(HookTransformer.THREAD, HookTransformer.MANAGEMENT_FACTORY, HookTransformer.FUTURE_TASK,
                HookTransformer.THREAD_LOCAL)) {
            byte[] original = jdkClass(name);
            int[] count = new int[1 + HookTransformer.HOOKS.size()];
            byte[] patched = ClassPatcher.patch(original, name, HookTransformer.HOOKS, count);
            assertNotNull(patched, name);
            // Thread: start(), exit(), dispatchUncaughtException and the two constructors attaching
            // threads run, plus start(ThreadContainer) on 21+; FutureTask: setException and report,
            // plus exceptionNow on 19+.
            int expected = name.equals(HookTransformer.THREAD) ? (feature >= 21 ? 6 : 5)
                    : name.equals(HookTransformer.FUTURE_TASK) ? (feature >= 19 ? 3 : 2) : 1;
            assertEquals(expected, count[0], name);
            if (name.equals(HookTransformer.THREAD)) {
                assertEquals(1, count[1 + HookTransformer.HOOKS.indexOf(HookTransformer.EXIT)], "Thread.exit() hooked");
                assertEquals(1, count[1 + HookTransformer.HOOKS.indexOf(HookTransformer.ATTACH_NAMED)]);
                assertEquals(1, count[1 + HookTransformer.HOOKS.indexOf(HookTransformer.ATTACH_UNNAMED)]);
            }
            ClassNode before = node(original);
            ClassNode after = node(patched);
            assertEquals(before.methods.size(), after.methods.size());
            for (int i = 0; i < after.methods.size(); i++) {
                MethodNode m = after.methods.get(i);
                new Analyzer<>(new BasicVerifier()).analyze(name, m);
                boolean hooked = callsBridge(m);
                assertEquals(hooked, HookTransformer.HOOKS.stream().anyMatch(
                        h -> h.owner().equals(name) && h.name().equals(m.name) && h.desc().equals(m.desc)), m.name + m.desc);
                if (!hooked && m.instructions != null) {
                    assertEquals(before.methods.get(i).instructions.size(), m.instructions.size(), m.name);
                }
            }
        }
    }

    @Test
    void leavesOtherClassesAlone() throws Exception {
        assertNull(ClassPatcher.patch(jdkClass("java/lang/String"), "java/lang/String", HookTransformer.HOOKS, new int[1]));
        assertNull(ClassPatcher.patch(new byte[] {1, 2, 3, 4, 5, 6, 7, 8}, "x", HookTransformer.HOOKS, new int[1]));
    }

    @Test
    void syntheticShapesVerifyAndBehave() throws Exception {
        List<Hook> hooks = List.of(
                new Hook(SYNTH, SYNTH, "run", "(I)I", "entry", "(Ljava/lang/Object;)V", 1, "failed"),
                new Hook(SYNTH, SYNTH, "mix", "(JD[ILjava/lang/String;[[Ljava/lang/Object;)J", "entryStatic", "()V", 0, null),
                new Hook(SYNTH, SYNTH, "plain", "()I", "entry", "(Ljava/lang/Object;)V", 1, "failed"),
                Hook.atExit(SYNTH, SYNTH, "<init>", "()V", "entry", "(Ljava/lang/Object;)V", 1),
                new Hook(SYNTH, SYNTH, "pick", "(Z)Ljava/lang/String;", "entryStatic", "()V", 0, "failed"));
        int[] count = new int[1];
        byte[] patched = ClassPatcher.patch(synthetic(), SYNTH, hooks, count);
        assertEquals(5, count[0]);
        // run(I)I has branches and handlers: an exit hook must refuse it rather than guess.
        assertNull(ClassPatcher.patch(synthetic(), SYNTH,
                List.of(Hook.atExit(SYNTH, SYNTH, "run", "(I)I", "entry", "(Ljava/lang/Object;)V", 1)), new int[1]));
        Class<?> c = new ClassLoader(getClass().getClassLoader()) {
            Class<?> define() {
                return defineClass(SYNTH.replace('/', '.'), patched, 0, patched.length);
            }
        }.define();
        CALLS.clear();
        Object o = c.getConstructor().newInstance();
        assertEquals(List.of("entry called"), CALLS, "exit hook of the constructor");
        Method run = c.getMethod("run", int.class);
        CALLS.clear();
        for (int i = 0; i < 6; i++) {
            assertEquals(expectedRun(i), run.invoke(o, i), "run(" + i + ")");
        }
        assertEquals(6, CALLS.stream().filter(s -> s.startsWith("entry ")).count(), CALLS.toString());
        InvocationTargetException thrown = assertThrows(InvocationTargetException.class, () -> run.invoke(o, 99));
        assertEquals("99", thrown.getCause().getMessage());
        assertTrue(CALLS.contains("failed"), CALLS.toString());
        CALLS.clear();
        assertEquals(7L + 2 + 3 + 1, c.getMethod("mix", long.class, double.class, int[].class, String.class,
                Object[][].class).invoke(null, 7L, 2.0, new int[3], "x", new Object[1][]));
        assertEquals(List.of("entryStatic"), CALLS);
        assertEquals(42, c.getMethod("plain").invoke(o));
        CALLS.clear();
        assertEquals("a", c.getMethod("pick", boolean.class).invoke(null, true)); // verified as it loaded
        assertEquals("b", c.getMethod("pick", boolean.class).invoke(null, false));
        assertEquals(List.of("entryStatic", "entryStatic"), CALLS);
    }

    @Test
    void aSinkThatThrowsNeverReachesTheHookedMethod() throws Exception {
        List<Hook> hooks = List.of(new Hook(SYNTH, SYNTH, "plain", "()I", "boom", "()V", 0, null));
        byte[] patched = ClassPatcher.patch(synthetic(), SYNTH, hooks, new int[1]);
        Class<?> c = new ClassLoader(getClass().getClassLoader()) {
            Class<?> define() {
                return defineClass(SYNTH.replace('/', '.'), patched, 0, patched.length);
            }
        }.define();
        assertEquals(42, c.getMethod("plain").invoke(c.getConstructor().newInstance()));
    }

    static int expectedRun(int i) {
        int sum = 0;
        for (int k = 0; k < i; k++) {
            sum += k;
        }
        switch (i) {
            case 0: return sum + 100;
            case 1: return sum + 200;
            case 2: return sum + 300;
            default: return sum - 1;
        }
    }

    // ---- helpers ---------------------------------------------------------------------------

    static boolean callsBridge(MethodNode m) {
        if (m.instructions == null) {
            return false;
        }
        for (AbstractInsnNode insn : m.instructions) {
            if (insn instanceof MethodInsnNode && ((MethodInsnNode) insn).owner.equals(Hook.BRIDGE)) {
                return true;
            }
        }
        return false;
    }

    /** Fixture for the build step that flags the agent's entry points. */
    public static final class EntryPoints {
        public static String premain(String args, Object inst) {
            return "premain " + args;
        }

        public static String agentmain(String args, Object inst) {
            return "agentmain " + args;
        }

        public static String other(String args, Object inst) {
            return "other " + args;
        }
    }

    @Test
    void theBuildStepFlagsExactlyTheNamedMethodsVarargsAndTheyStillRun() throws Exception {
        String name = EntryPoints.class.getName();
        byte[] b;
        try (InputStream in = EntryPoints.class.getResourceAsStream("/" + name.replace('.', '/') + ".class")) {
            b = in.readAllBytes();
        }
        assertEquals(2, ClassPatcher.addMethodFlags(b, Set.of("premain", "agentmain"), 0x0080));
        Class<?> c = new ClassLoader(getClass().getClassLoader()) {
            Class<?> define() {
                return defineClass(name, b, 0, b.length);
            }
        }.define();
        for (String method : List.of("premain", "agentmain", "other")) {
            Method m = c.getMethod(method, String.class, Object.class);
            assertEquals(!method.equals("other"), m.isVarArgs(), method);
            assertEquals(method + " x", m.invoke(null, "x", null)); // reflection still calls it, natively or not
        }
        assertThrows(IllegalArgumentException.class,
                () -> ClassPatcher.addMethodFlags(new byte[] {1, 2, 3, 4, 0, 0, 0, 0, 0, 1}, Set.of("x"), 0x0080));
    }

    @Test
    void theAgentsEntryPointsAreFlaggedByTheBuild() throws Exception {
        Class<?> agent = Class.forName("dev.threadscope.agent.Agent");
        Class<?> inst = Class.forName("java.lang.instrument.Instrumentation");
        assertTrue(agent.getMethod("premain", String.class, inst).isVarArgs());
        assertTrue(agent.getMethod("agentmain", String.class, inst).isVarArgs());
    }

    static ClassNode node(byte[] b) {
        ClassNode node = new ClassNode();
        new ClassReader(b).accept(node, ClassReader.EXPAND_FRAMES);
        return node;
    }

    static byte[] jdkClass(String name) throws Exception {
        try (InputStream in = ClassLoader.getSystemResourceAsStream(name + ".class")) {
            assertNotNull(in, name);
            return in.readAllBytes();
        }
    }

    /** Called by the synthetic class's bridge methods. */
    public static void record(String what) {
        CALLS.add(what);
    }

    /**
     * A class that is its own bridge. {@code run(int)} has a loop, a tableswitch (whose padding
     * depends on its offset), a try/catch and a throw; {@code mix} is static with long, double,
     * array and object arguments and no branches (so no StackMapTable); {@code plain} is tiny.
     */
    static byte[] synthetic() {
        ClassWriter w = new ClassWriter(ClassWriter.COMPUTE_FRAMES | ClassWriter.COMPUTE_MAXS);
        w.visit(Opcodes.V17, Opcodes.ACC_PUBLIC, SYNTH, null, "java/lang/Object", null);
        MethodVisitor init = w.visitMethod(Opcodes.ACC_PUBLIC, "<init>", "()V", null, null);
        init.visitCode();
        init.visitVarInsn(Opcodes.ALOAD, 0);
        init.visitMethodInsn(Opcodes.INVOKESPECIAL, "java/lang/Object", "<init>", "()V", false);
        init.visitInsn(Opcodes.RETURN);
        init.visitMaxs(0, 0);
        init.visitEnd();
        recorder(w, "entry", "(Ljava/lang/Object;)V", "entry called");
        recorder(w, "entryStatic", "()V", "entryStatic");
        recorder(w, "failed", "(L" + SYNTH + ";)V", "failed");
        MethodVisitor boom = w.visitMethod(Opcodes.ACC_PUBLIC | Opcodes.ACC_STATIC, "boom", "()V", null, null);
        boom.visitCode();
        boom.visitTypeInsn(Opcodes.NEW, "java/lang/IllegalStateException");
        boom.visitInsn(Opcodes.DUP);
        boom.visitMethodInsn(Opcodes.INVOKESPECIAL, "java/lang/IllegalStateException", "<init>", "()V", false);
        boom.visitInsn(Opcodes.ATHROW);
        boom.visitMaxs(0, 0);
        boom.visitEnd();
        run(w);
        MethodVisitor mix = w.visitMethod(Opcodes.ACC_PUBLIC | Opcodes.ACC_STATIC, "mix",
                "(JD[ILjava/lang/String;[[Ljava/lang/Object;)J", null, null);
        mix.visitCode();
        mix.visitVarInsn(Opcodes.LLOAD, 0);
        mix.visitVarInsn(Opcodes.DLOAD, 2);
        mix.visitInsn(Opcodes.D2L);
        mix.visitInsn(Opcodes.LADD);
        mix.visitVarInsn(Opcodes.ALOAD, 4);
        mix.visitInsn(Opcodes.ARRAYLENGTH);
        mix.visitInsn(Opcodes.I2L);
        mix.visitInsn(Opcodes.LADD);
        mix.visitVarInsn(Opcodes.ALOAD, 5);
        mix.visitMethodInsn(Opcodes.INVOKEVIRTUAL, "java/lang/String", "length", "()I", false);
        mix.visitInsn(Opcodes.I2L);
        mix.visitInsn(Opcodes.LADD);
        mix.visitInsn(Opcodes.LRETURN);
        mix.visitMaxs(0, 0);
        mix.visitEnd();
        // new StringBuilder(b ? "a" : "b"): a branch while an uninitialized object is on the stack,
        // so its frames hold Uninitialized(offset of the new), which must move with the code.
        MethodVisitor pick = w.visitMethod(Opcodes.ACC_PUBLIC | Opcodes.ACC_STATIC, "pick", "(Z)Ljava/lang/String;",
                null, null);
        pick.visitCode();
        pick.visitTypeInsn(Opcodes.NEW, "java/lang/StringBuilder");
        pick.visitInsn(Opcodes.DUP);
        pick.visitVarInsn(Opcodes.ILOAD, 0);
        org.objectweb.asm.Label otherwise = new org.objectweb.asm.Label();
        org.objectweb.asm.Label done = new org.objectweb.asm.Label();
        pick.visitJumpInsn(Opcodes.IFEQ, otherwise);
        pick.visitLdcInsn("a");
        pick.visitJumpInsn(Opcodes.GOTO, done);
        pick.visitLabel(otherwise);
        pick.visitLdcInsn("b");
        pick.visitLabel(done);
        pick.visitMethodInsn(Opcodes.INVOKESPECIAL, "java/lang/StringBuilder", "<init>", "(Ljava/lang/String;)V", false);
        pick.visitMethodInsn(Opcodes.INVOKEVIRTUAL, "java/lang/StringBuilder", "toString", "()Ljava/lang/String;", false);
        pick.visitInsn(Opcodes.ARETURN);
        pick.visitMaxs(0, 0);
        pick.visitEnd();

        MethodVisitor plain = w.visitMethod(Opcodes.ACC_PUBLIC, "plain", "()I", null, null);
        plain.visitCode();
        plain.visitIntInsn(Opcodes.BIPUSH, 42);
        plain.visitInsn(Opcodes.IRETURN);
        plain.visitMaxs(0, 0);
        plain.visitEnd();
        w.visitEnd();
        return w.toByteArray();
    }

    private static void recorder(ClassWriter w, String name, String desc, String what) {
        MethodVisitor m = w.visitMethod(Opcodes.ACC_PUBLIC | Opcodes.ACC_STATIC, name, desc, null, null);
        m.visitCode();
        m.visitLdcInsn(what);
        m.visitMethodInsn(Opcodes.INVOKESTATIC, "dev/threadscope/instrument/ClassPatcherTest", "record",
                "(Ljava/lang/String;)V", false);
        m.visitInsn(Opcodes.RETURN);
        m.visitMaxs(0, 0);
        m.visitEnd();
    }

    private static void run(ClassWriter w) {
        MethodVisitor m = w.visitMethod(Opcodes.ACC_PUBLIC, "run", "(I)I", null, null);
        m.visitCode();
        Label loop = new Label();
        Label after = new Label();
        Label c0 = new Label();
        Label c1 = new Label();
        Label c2 = new Label();
        Label dflt = new Label();
        Label tryStart = new Label();
        Label tryEnd = new Label();
        Label catcher = new Label();
        Label fine = new Label();
        m.visitLineNumber(1, loop);
        m.visitVarInsn(Opcodes.ILOAD, 1);
        m.visitIntInsn(Opcodes.BIPUSH, 99);
        m.visitJumpInsn(Opcodes.IF_ICMPNE, fine);
        m.visitTypeInsn(Opcodes.NEW, "java/lang/IllegalArgumentException");
        m.visitInsn(Opcodes.DUP);
        m.visitLdcInsn("99");
        m.visitMethodInsn(Opcodes.INVOKESPECIAL, "java/lang/IllegalArgumentException", "<init>", "(Ljava/lang/String;)V", false);
        m.visitInsn(Opcodes.ATHROW);
        m.visitLabel(fine);
        m.visitInsn(Opcodes.ICONST_0);
        m.visitVarInsn(Opcodes.ISTORE, 2); // sum
        m.visitInsn(Opcodes.ICONST_0);
        m.visitVarInsn(Opcodes.ISTORE, 3); // k
        m.visitLabel(loop);
        m.visitVarInsn(Opcodes.ILOAD, 3);
        m.visitVarInsn(Opcodes.ILOAD, 1);
        m.visitJumpInsn(Opcodes.IF_ICMPGE, after);
        m.visitVarInsn(Opcodes.ILOAD, 2);
        m.visitVarInsn(Opcodes.ILOAD, 3);
        m.visitInsn(Opcodes.IADD);
        m.visitVarInsn(Opcodes.ISTORE, 2);
        m.visitIincInsn(3, 1);
        m.visitJumpInsn(Opcodes.GOTO, loop);
        m.visitLabel(after);
        m.visitTryCatchBlock(tryStart, tryEnd, catcher, "java/lang/RuntimeException");
        m.visitLabel(tryStart);
        m.visitVarInsn(Opcodes.ILOAD, 1);
        m.visitTableSwitchInsn(0, 2, dflt, c0, c1, c2);
        m.visitLabel(c0);
        m.visitVarInsn(Opcodes.ILOAD, 2);
        m.visitIntInsn(Opcodes.SIPUSH, 100);
        m.visitInsn(Opcodes.IADD);
        m.visitInsn(Opcodes.IRETURN);
        m.visitLabel(c1);
        m.visitVarInsn(Opcodes.ILOAD, 2);
        m.visitIntInsn(Opcodes.SIPUSH, 200);
        m.visitInsn(Opcodes.IADD);
        m.visitInsn(Opcodes.IRETURN);
        m.visitLabel(c2);
        m.visitVarInsn(Opcodes.ILOAD, 2);
        m.visitIntInsn(Opcodes.SIPUSH, 300);
        m.visitInsn(Opcodes.IADD);
        m.visitInsn(Opcodes.IRETURN);
        m.visitLabel(dflt);
        m.visitVarInsn(Opcodes.ILOAD, 2);
        m.visitInsn(Opcodes.ICONST_1);
        m.visitInsn(Opcodes.ISUB);
        m.visitLabel(tryEnd);
        m.visitInsn(Opcodes.IRETURN);
        m.visitLabel(catcher);
        m.visitInsn(Opcodes.POP);
        m.visitInsn(Opcodes.ICONST_M1);
        m.visitInsn(Opcodes.IRETURN);
        m.visitMaxs(0, 0);
        m.visitEnd();
    }
}
