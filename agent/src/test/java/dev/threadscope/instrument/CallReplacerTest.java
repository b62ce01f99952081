package dev.threadscope.instrument;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;

/** The call replacement in Thread.start(), and the instruction walker under it, against real class files. */
class CallReplacerTest {

    @Test
    void walksEveryInstructionOfThousandsOfJdkMethods() throws Exception {
        FileSystem jrt = FileSystems.getFileSystem(URI.create("jrt:/"));
        List<Path> classes;
        try (Stream<Path> files = Files.walk(jrt.getPath("/modules/java.base/java"))) {
            classes = files.filter(p -> p.toString().endsWith(".class")).collect(Collectors.toList());
        }
        int methods = 0;
        for (Path file : classes) {
            byte[] b = Files.readAllBytes(file);
            ClassNode node = new ClassNode();
            new ClassReader(b).accept(node, ClassReader.SKIP_DEBUG | ClassReader.SKIP_FRAMES);
            ConstantPool pool = new ConstantPool(b);
            List<int[]> codes = codeAttributes(b, pool);
            int withCode = 0;
            for (MethodNode m : node.methods) {
                if (m.instructions.size() == 0) {
                    continue;
                }
                int[] code = codes.get(withCode++);
                int walked = 0;
                for (int pc = 0; pc < code[1]; walked++) {
                    int n = CallReplacer.length(b, code[0], pc);
                    assertTrue(n > 0, file + " " + m.name + " pc " + pc);
                    pc += n;
                    assertTrue(pc <= code[1], file + " " + m.name + ": walked past the end");
                }
                long real = Stream.of(m.instructions.toArray()).filter(i -> i.getOpcode() >= 0).count();
                assertEquals(real, walked, file + " " + m.name + m.desc);
                methods++;
            }
            assertEquals(codes.size(), withCode, file.toString());
        }
        assertTrue(methods > 10_000, "walked " + methods + " methods");
    }

    @Test
    void variableLengthInstructions() {
        // wide iinc 300, 1; wide iload 300; tableswitch at pc 1 (2 bytes of padding), 0..2;
        // lookupswitch at pc 0 (3 bytes of padding), 2 pairs
        byte[] wideIinc = {(byte) 0xc4, (byte) 0x84, 1, 44, 0, 1};
        byte[] wideIload = {(byte) 0xc4, 0x15, 1, 44};
        assertEquals(6, CallReplacer.length(wideIinc, 0, 0));
        assertEquals(4, CallReplacer.length(wideIload, 0, 0));
        byte[] table = new byte[40];
        table[1] = (byte) 0xaa;
        table[4 + 4 + 3] = 0; // low = 0 (bytes 8..11)
        table[4 + 8 + 3] = 2; // high = 2 (bytes 12..15)
        assertEquals(3 + 12 + 3 * 4, CallReplacer.length(table, 0, 1));
        byte[] lookup = new byte[40];
        lookup[0] = (byte) 0xab;
        lookup[4 + 4 + 3] = 2; // npairs = 2 (bytes 8..11)
        assertEquals(4 + 8 + 2 * 8, CallReplacer.length(lookup, 0, 0));
        assertEquals(0, CallReplacer.length(new byte[] {(byte) 0xca}, 0, 0), "breakpoint: not in class files");
    }

    @Test
    void threadStartCallsTheBridgeInsteadOfStart0AndNothingElseChanges() throws Exception {
        byte[] original = ClassPatcherTest.jdkClass(HookTransformer.THREAD);
        byte[] patched = ClassPatcher.patch(original, HookTransformer.THREAD, HookTransformer.HOOKS,
                new int[1 + HookTransformer.HOOKS.size()]);
        assertNotNull(patched);
        ClassNode before = node(original);
        ClassNode after = node(patched);
        int starts = 0;
        for (int i = 0; i < after.methods.size(); i++) {
            MethodNode m = after.methods.get(i);
            if (!m.name.equals("start")) {
                continue;
            }
            starts++;
            AbstractInsnNode[] was = before.methods.get(i).instructions.toArray();
            AbstractInsnNode[] now = m.instructions.toArray();
            assertEquals(was.length, now.length, "same length: " + m.desc);
            int replaced = 0;
            for (int k = 0; k < now.length; k++) {
                if (was[k] instanceof MethodInsnNode && ((MethodInsnNode) was[k]).name.equals("start0")) {
                    MethodInsnNode call = (MethodInsnNode) now[k];
                    assertEquals(Opcodes.INVOKESTATIC, call.getOpcode());
                    assertEquals(Hook.BRIDGE, call.owner);
                    assertEquals("start0", call.name);
                    assertEquals("(Ljava/lang/Thread;)V", call.desc);
                    replaced++;
                } else {
                    assertEquals(was[k].getOpcode(), now[k].getOpcode(), m.name + m.desc + " at " + k);
                }
            }
            assertEquals(1, replaced, m.desc);
        }
        assertEquals(Runtime.version().feature() >= 21 ? 2 : 1, starts);
    }

    @Test
    void aMethodWithoutTheCallIsLeftAlone() throws Exception {
        byte[] string = ClassPatcherTest.jdkClass("java/lang/String");
        Hook hook = Hook.replacingCall("java/lang/String", "length", "()I", "start0", "start0");
        assertNull(ClassPatcher.patch(string, "java/lang/String", List.of(hook), new int[1]));
    }

    private static ClassNode node(byte[] b) {
        ClassNode node = new ClassNode();
        new ClassReader(b).accept(node, ClassReader.SKIP_DEBUG);
        return node;
    }

    /** {offset of the first instruction, code length} of each method's Code attribute, in order. */
    private static List<int[]> codeAttributes(byte[] b, ConstantPool pool) {
        List<int[]> out = new java.util.ArrayList<>();
        int p = pool.end() + 6;
        p += 2 + 2 * ConstantPool.u2(b, p);
        int fields = ConstantPool.u2(b, p);
        p += 2;
        for (int i = 0; i < fields; i++) {
            p = skipAttributes(b, p + 8, ConstantPool.u2(b, p + 6));
        }
        int methods = ConstantPool.u2(b, p);
        p += 2;
        for (int i = 0; i < methods; i++) {
            int attributes = ConstantPool.u2(b, p + 6);
            p += 8;
            for (int a = 0; a < attributes; a++) {
                if (pool.utf8Equals(ConstantPool.u2(b, p), "Code")) {
                    out.add(new int[] {p + 6 + 8, ConstantPool.u4(b, p + 6 + 4)});
                }
                p += 6 + ConstantPool.u4(b, p + 2);
            }
        }
        return out;
    }

    private static int skipAttributes(byte[] b, int p, int n) {
        for (int i = 0; i < n; i++) {
            p += 6 + ConstantPool.u4(b, p + 2);
        }
        return p;
    }
}
