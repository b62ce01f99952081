package dev.threadscope.instrument;

import static dev.threadscope.instrument.ConstantPool.u2;
import static dev.threadscope.instrument.ConstantPool.u4;

/**
 * The other shape {@link ClassPatcher} knows: a guarded bridge call just before the final
 * {@code return} of a straight-line method. Straight-line is checked, not assumed: no
 * exception table and no StackMapTable (which any branch would need), last byte
 * {@code return}. Only then can code be inserted without moving any branch or frame.
 *
 * <pre>
 *   R    aload_0 .. aload_{n-1}; invokestatic Bridge.call  ; try [R, R+n+3) catch Throwable
 *        return
 *        pop                                               ; full frame: entry locals, [Throwable]
 *        return
 * </pre>
 * (The handler is reached by a throw only: C1 will not compile a method otherwise.)
 */
final class ExitPatcher {
    private static final int RETURN = 0xb1;

    private ExitPatcher() {
    }

    /** The new Code attribute body, or null if the method is not straight-line. */
    static byte[] patch(byte[] b, int start, ConstantPool pool, int arguments, int callRef, int throwable,
                        byte[] entryLocals, int entryLocalCount, int stackMapName) {
        int maxStack = u2(b, start);
        int maxLocals = u2(b, start + 2);
        int codeLength = u4(b, start + 4);
        int code = start + 8;
        int p = code + codeLength;
        if (codeLength == 0 || (b[p - 1] & 0xFF) != RETURN || u2(b, p) != 0) {
            return null;
        }
        int at = codeLength - 1;
        int handler = at + arguments + 4;
        int added = arguments + 5;
        ClassBytes out = new ClassBytes(codeLength + 128);
        out.writeShort(Math.max(maxStack, Math.max(arguments, 1)));
        out.writeShort(maxLocals);
        out.writeInt(codeLength + added);
        out.write(b, code, at);
        for (int i = 0; i < arguments; i++) {
            out.writeByte(0x2a + i);
        }
        out.writeByte(0xb8);
        out.writeShort(callRef);
        out.writeByte(RETURN);
        out.writeByte(0x57); // pop
        out.writeByte(RETURN);
        out.writeShort(1);
        out.writeShort(at);
        out.writeShort(at + arguments + 3);
        out.writeShort(handler);
        out.writeShort(throwable);
        p += 2;
        int attributes = u2(b, p);
        p += 2;
        out.writeShort(attributes + 1);
        for (int i = 0; i < attributes; i++) {
            int name = u2(b, p);
            int length = u4(b, p + 2);
            int body = p + 6;
            if (pool.utf8Equals(name, "StackMapTable")) {
                return null; // branches: not straight-line
            }
            if (pool.utf8Equals(name, "LineNumberTable")) {
                out.write(b, p, 6 + length); // pcs before the return are unchanged; ours join the return's line
            } else if (pool.utf8Equals(name, "LocalVariableTable") || pool.utf8Equals(name, "LocalVariableTypeTable")) {
                out.write(b, p, 6);
                int n = u2(b, body);
                out.writeShort(n);
                for (int e = 0, q = body + 2; e < n; e++, q += 10) {
                    int from = u2(b, q);
                    int len = u2(b, q + 2);
                    out.writeShort(from);
                    out.writeShort(from + len == codeLength ? len + added : len);
                    out.write(b, q + 4, 6);
                }
            } else {
                return null;
            }
            p = body + length;
        }
        out.writeShort(stackMapName);
        out.writeInt(2 + 1 + 2 + 2 + entryLocals.length + 2 + 3);
        out.writeShort(1);
        out.writeByte(255);
        out.writeShort(handler);
        out.writeShort(entryLocalCount);
        out.write(entryLocals);
        out.writeShort(1);
        out.writeByte(7);
        out.writeShort(throwable);
        return out.toByteArray();
    }
}
