package dev.threadscope.instrument;

import static dev.threadscope.instrument.ConstantPool.u2;
import static dev.threadscope.instrument.ConstantPool.u4;

import java.util.List;
import java.util.Set;

/**
 * Applies {@link Hook}s to a class file without a bytecode library: the constant pool gets a
 * few entries appended, the hooked methods' Code attributes are rewritten by
 * {@link CodePatcher}, and every other byte is copied as it is. Loading and verifying ASM cost
 * more start-up time than all the rest of threadscope together; this is ~400 lines that do
 * the one thing needed. A method it cannot patch safely is left as it was.
 */
final class ClassPatcher {
    private ClassPatcher() {
    }

    /**
     * By identity: List.indexOf would call the record's equals, whose invokedynamic bootstrap
     * (ObjectMethods) spins method handles for ~20 ms at start-up.
     */
    static int indexOf(List<Hook> hooks, Hook hook) {
        for (int i = 0; i < hooks.size(); i++) {
            if (hooks.get(i) == hook) {
                return i;
            }
        }
        return -1;
    }

    /**
     * The patched class file, or null if no hook applied. {@code patched[0]} counts hooked
     * methods; if longer, {@code patched[1 + i]} counts those of {@code hooks.get(i)}.
     */
    static byte[] patch(byte[] b, String className, List<Hook> hooks, int[] patched) {
        return patch(b, className, hooks, patched, hooks);
    }

    /** As above, with {@code patched[1 + i]} counting {@code all.get(i)}, of which {@code hooks} is a part. */
    static byte[] patch(byte[] b, String className, List<Hook> hooks, int[] patched, List<Hook> all) {
        if (u4(b, 0) != 0xCAFEBABE || u2(b, 6) < 50) {
            return null; // not a class file, or too old to carry a StackMapTable
        }
        ConstantPool pool = new ConstantPool(b);
        int p = pool.end();
        int thisClass = u2(b, p + 2);
        p += 6;
        p += 2 + 2 * u2(b, p);
        p = skipMembers(b, p);
        int methodsStart = p;
        int methods = u2(b, p);
        p += 2;
        ClassBytes out = new ClassBytes(b.length);
        out.writeShort(methods);
        int count = 0;
        for (int m = 0; m < methods; m++) {
            int start = p;
            int access = u2(b, p);
            int attributes = u2(b, p + 6);
            Hook hook = find(pool, className, u2(b, p + 2), u2(b, p + 4), hooks);
            p += 8;
            if (hook == null) {
                p = skipAttributes(b, p, attributes);
                out.write(b, start, p - start);
                continue;
            }
            out.write(b, start, 8);
            for (int a = 0; a < attributes; a++) {
                int length = u4(b, p + 2);
                byte[] code = null;
                if (pool.utf8Equals(u2(b, p), "Code") && hook.replaces() != null) {
                    code = CallReplacer.patch(b, p + 6, length, pool, hook.owner(), hook.replaces(), "()V",
                            pool.methodRef(hook.bridge(), hook.entry(), hook.entryDesc()));
                } else if (pool.utf8Equals(u2(b, p), "Code")) {
                    CodePatcher patcher = codePatcher(pool, hook, (access & 0x0008) != 0, thisClass);
                    code = hook.atExit()
                            ? ExitPatcher.patch(b, p + 6, pool, hook.arguments(), patcher.entryRef(),
                                    patcher.throwable(), patcher.entryLocals(), patcher.entryLocalCount(),
                                    pool.utf8("StackMapTable"))
                            : patcher.patch(b, p + 6, pool.utf8("StackMapTable"));
                }
                if (code != null) {
                    out.writeShort(u2(b, p));
                    out.writeInt(code.length);
                    out.write(code);
                    count++;
                    if (patched.length > all.size()) {
                        patched[1 + indexOf(all, hook)]++;
                    }
                } else {
                    out.write(b, p, 6 + length);
                }
                p += 6 + length;
            }
        }
        if (count == 0) {
            return null;
        }
        ClassBytes file = new ClassBytes(b.length + 512);
        file.write(b, 0, 8);
        pool.writeTo(file);
        file.write(b, pool.end(), methodsStart - pool.end());
        out.writeTo(file);
        file.write(b, p, b.length - p);
        patched[0] += count;
        return file.toByteArray();
    }

    private static Hook find(ConstantPool pool, String className, int name, int desc, List<Hook> hooks) {
        for (Hook h : hooks) {
            if (h.owner().equals(className) && pool.utf8Equals(name, h.name()) && pool.utf8Equals(desc, h.desc())) {
                return h;
            }
        }
        return null;
    }

    private static CodePatcher codePatcher(ConstantPool pool, Hook hook, boolean isStatic, int thisClass) {
        int entry = pool.methodRef(hook.bridge(), hook.entry(), hook.entryDesc());
        int onThrow = hook.onThrow() == null || isStatic ? -1
                : pool.methodRef(hook.bridge(), hook.onThrow(), "(L" + hook.owner() + ";)V");
        int throwable = pool.classRef("java/lang/Throwable");
        ClassBytes out = new ClassBytes();
        int n = 0;
        if (!isStatic) {
            out.writeByte(7);
            out.writeShort(thisClass);
            n++;
        }
        String desc = hook.desc();
        for (int i = 1; desc.charAt(i) != ')'; i++, n++) {
            int from = i;
            while (desc.charAt(i) == '[') {
                i++;
            }
            boolean array = i > from;
            char c = desc.charAt(i);
            if (c == 'L') {
                i = desc.indexOf(';', i);
            }
            if (array || c == 'L') {
                out.writeByte(7);
                out.writeShort(pool.classRef(array ? desc.substring(from, i + 1) : desc.substring(from + 1, i)));
            } else {
                out.writeByte(c == 'J' ? 4 : c == 'D' ? 3 : c == 'F' ? 2 : 1);
            }
        }
        return new CodePatcher(pool, hook.arguments(), entry, onThrow, throwable, out.toByteArray(), n);
    }

    /**
     * Build time only ({@link VarargsEntryPoints}): ORs {@code flags} into the access flags of
     * every method whose name is in {@code names}, in place; returns how many were changed.
     */
    static int addMethodFlags(byte[] b, Set<String> names, int flags) {
        if (u4(b, 0) != 0xCAFEBABE) {
            throw new IllegalArgumentException("not a class file");
        }
        ConstantPool pool = new ConstantPool(b);
        int p = pool.end() + 6;  // access flags, this class, super class
        p += 2 + 2 * u2(b, p);   // interfaces
        p = skipMembers(b, p);   // fields
        int methods = u2(b, p);
        p += 2;
        int changed = 0;
        for (int m = 0; m < methods; m++) {
            for (String name : names) {
                if (pool.utf8Equals(u2(b, p + 2), name)) {
                    int access = u2(b, p) | flags;
                    b[p] = (byte) (access >>> 8);
                    b[p + 1] = (byte) access;
                    changed++;
                    break;
                }
            }
            p = skipAttributes(b, p + 8, u2(b, p + 6));
        }
        return changed;
    }

    private static int skipMembers(byte[] b, int p) {
        int n = u2(b, p);
        p += 2;
        for (int i = 0; i < n; i++) {
            p = skipAttributes(b, p + 8, u2(b, p + 6));
        }
        return p;
    }

    private static int skipAttributes(byte[] b, int p, int n) {
        for (int i = 0; i < n; i++) {
            p += 6 + u4(b, p + 2);
        }
        return p;
    }
}
