package dev.threadscope.instrument;

import static dev.threadscope.instrument.ConstantPool.u2;
import static dev.threadscope.instrument.ConstantPool.u4;

/**
 * Rewrites one method's Code attribute: a guarded bridge call in front of the original code
 * and, optionally, a last handler that reports a throw and rethrows. The prefix is padded to
 * a multiple of four bytes, so the original code moves as one block and its switch padding
 * stays valid; every pc in the exception table, StackMapTable, LineNumberTable and
 * LocalVariable(Type)Table moves by the same amount. A Code attribute holding anything else
 * (type annotations carry pcs too) is refused rather than guessed at.
 *
 * <pre>
 *   0    aload_0 .. aload_{n-1}
 *   n    invokestatic Bridge.entry      ; covered by [0, n+3) -> n+6, catch Throwable
 *   n+3  goto n+7
 *   n+6  pop                            ; frame: same locals, stack [Throwable]
 *   n+7  nop ...                        ; frame: same locals; nops to a multiple of 4
 *   P    original code
 *   E    aload_0; invokestatic Bridge.onThrow; athrow   ; covers [P, E), catch any, full frame
 * </pre>
 * The handler is reached by a throw only: C1 refuses to compile a method whose handler the
 * normal path falls into, which would leave Thread.start() interpreted until C2 takes it.
 */
final class CodePatcher {
    private static final int ALOAD_0 = 0x2a;
    private static final int INVOKESTATIC = 0xb8;
    private static final int GOTO = 0xa7;
    private static final int POP = 0x57;
    private static final int ATHROW = 0xbf;

    private final ConstantPool pool;
    private final int arguments;
    private final int entryRef;
    private final int onThrowRef;   // -1: no throw handler
    private final int throwable;    // Class index of java/lang/Throwable
    private final byte[] entryLocals; // verification_type_info of the locals at entry
    private final int entryLocalCount;

    CodePatcher(ConstantPool pool, int arguments, int entryRef, int onThrowRef, int throwable,
                byte[] entryLocals, int entryLocalCount) {
        this.pool = pool;
        this.arguments = arguments;
        this.entryRef = entryRef;
        this.onThrowRef = onThrowRef;
        this.throwable = throwable;
        this.entryLocals = entryLocals;
        this.entryLocalCount = entryLocalCount;
    }

    /** The new attribute_info body for the Code attribute at {@code b[start, start+length)}; null if refused. */
    byte[] patch(byte[] b, int start, int stackMapName) {
        int maxStack = u2(b, start);
        int maxLocals = u2(b, start + 2);
        int codeLength = u4(b, start + 4);
        int code = start + 8;
        int handler = arguments + 6;
        int join = handler + 1;
        int shift = (join + 1 + 3) & ~3; // at least one nop: the join's frame must not be the original code's

        int end = shift + codeLength;
        int newLength = end + (onThrowRef >= 0 ? 5 : 0);
        if (newLength > 65535) {
            return null;
        }
        ClassBytes out = new ClassBytes(codeLength + 256);
        out.writeShort(Math.max(maxStack, Math.max(arguments, 2)));
        out.writeShort(maxLocals);
        out.writeInt(newLength);
        for (int i = 0; i < arguments; i++) {
            out.writeByte(ALOAD_0 + i);
        }
        out.writeByte(INVOKESTATIC);
        out.writeShort(entryRef);
        out.writeByte(GOTO);
        out.writeShort(join - (arguments + 3));
        out.writeByte(POP);
        for (int i = join; i < shift; i++) {
            out.writeByte(0); // nop
        }
        out.write(b, code, codeLength);
        if (onThrowRef >= 0) {
            out.writeByte(ALOAD_0);
            out.writeByte(INVOKESTATIC);
            out.writeShort(onThrowRef);
            out.writeByte(ATHROW);
        }
        int p = code + codeLength;
        int handlers = u2(b, p);
        out.writeShort(handlers + 1 + (onThrowRef >= 0 ? 1 : 0));
        writeHandler(out, 0, arguments + 3, handler, throwable);
        p += 2;
        for (int i = 0; i < handlers; i++, p += 8) {
            writeHandler(out, u2(b, p) + shift, u2(b, p + 2) + shift, u2(b, p + 4) + shift, u2(b, p + 6));
        }
        if (onThrowRef >= 0) {
            writeHandler(out, shift, end, end, 0);
        }
        int attributes = u2(b, p);
        p += 2;
        boolean sawStackMap = false;
        ClassBytes attrs = new ClassBytes();
        for (int i = 0; i < attributes; i++) {
            int name = u2(b, p);
            int length = u4(b, p + 2);
            int body = p + 6;
            byte[] rewritten;
            if (pool.utf8Equals(name, "StackMapTable")) {
                sawStackMap = true;
                rewritten = StackMaps.rewrite(b, body, handler, shift, end, this);
            } else if (pool.utf8Equals(name, "LineNumberTable")) {
                rewritten = shiftTable(b, body, 4, shift);
                keepFirstLineAtZero(rewritten, shift); // our prefix belongs to the method's first line
            } else if (pool.utf8Equals(name, "LocalVariableTable") || pool.utf8Equals(name, "LocalVariableTypeTable")) {
                rewritten = shiftTable(b, body, 10, shift);
            } else {
                return null;
            }
            attrs.writeShort(name);
            attrs.writeInt(rewritten.length);
            attrs.write(rewritten);
            p = body + length;
        }
        if (!sawStackMap) {
            attrs.writeShort(stackMapName);
            byte[] fresh = StackMaps.fresh(handler, end, this);
            attrs.writeInt(fresh.length);
            attrs.write(fresh);
        }
        out.writeShort(attributes + (sawStackMap ? 0 : 1));
        attrs.writeTo(out);
        return out.toByteArray();
    }

    private static void writeHandler(ClassBytes out, int from, int to, int target, int type) {
        out.writeShort(from);
        out.writeShort(to);
        out.writeShort(target);
        out.writeShort(type);
    }

    /** A table of u2 count and fixed-size entries whose first u2 is a pc. */
    private static byte[] shiftTable(byte[] b, int body, int entrySize, int shift) {
        int n = u2(b, body);
        ClassBytes out = new ClassBytes(2 + n * entrySize);
        out.writeShort(n);
        for (int i = 0, p = body + 2; i < n; i++, p += entrySize) {
            out.writeShort(u2(b, p) + shift);
            out.write(b, p + 2, entrySize - 2);
        }
        return out.toByteArray();
    }

    int entryRef() {
        return entryRef;
    }

    /** The entry for pc 0, shifted to {@code shift}, goes back to 0 so that the prefix has a line too. */
    private static void keepFirstLineAtZero(byte[] table, int shift) {
        int n = u2(table, 0);
        for (int i = 0, p = 2; i < n; i++, p += 4) {
            if (u2(table, p) == shift) {
                table[p] = 0;
                table[p + 1] = 0;
                return;
            }
        }
    }

    boolean hasThrowHandler() {
        return onThrowRef >= 0;
    }

    int throwable() {
        return throwable;
    }

    byte[] entryLocals() {
        return entryLocals;
    }

    int entryLocalCount() {
        return entryLocalCount;
    }
}
