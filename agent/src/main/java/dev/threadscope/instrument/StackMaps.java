package dev.threadscope.instrument;

import static dev.threadscope.instrument.ConstantPool.u2;

/**
 * The StackMapTable side of {@link CodePatcher}. Our handler's frame goes first (same locals
 * as at entry, stack [Throwable]), then the join's right after it (same locals, empty stack);
 * the original first frame, whose delta was relative to the entry frame, is re-encoded
 * relative to the join (the locals are the same, so its meaning holds); the rest are copied,
 * with every Uninitialized(offset) type (an object between its {@code new} and its
 * constructor, as in {@code new T(c ? a : b)}) moved by the shift like the code it points to;
 * the throw handler gets a full frame at the end.
 */
final class StackMaps {
    private static final int OBJECT = 7;

    private StackMaps() {
    }

    static byte[] rewrite(byte[] b, int body, int handler, int shift, int end, CodePatcher code) {
        int n = u2(b, body);
        ClassBytes out = new ClassBytes();
        out.writeShort(n + 2 + (code.hasThrowHandler() ? 1 : 0));
        writeHandlerFrame(out, handler, code.throwable());
        int join = handler + 1;
        int p = body + 2;
        int last = join;
        int offset = -1;
        for (int i = 0; i < n; i++) {
            int type = b[p] & 0xFF;
            int delta = type < 128 ? type & 63 : u2(b, p + 1);
            int size = frameSize(b, p, type);
            offset = i == 0 ? delta : offset + delta + 1;
            byte[] frame = shifted(b, p, type, size, shift);
            if (i == 0) {
                writeFirst(out, frame, 0, type, offset + shift - join - 1, size);
            } else {
                out.write(frame, 0, size);
            }
            p += size;
        }
        if (n > 0) {
            last = offset + shift;
        }
        if (code.hasThrowHandler()) {
            writeThrowFrame(out, end - last - 1, code);
        }
        return out.toByteArray();
    }

    static byte[] fresh(int handler, int end, CodePatcher code) {
        ClassBytes out = new ClassBytes();
        out.writeShort(2 + (code.hasThrowHandler() ? 1 : 0));
        writeHandlerFrame(out, handler, code.throwable());
        if (code.hasThrowHandler()) {
            writeThrowFrame(out, end - (handler + 1) - 1, code);
        }
        return out.toByteArray();
    }

    /**
     * same_locals_1_stack_item_frame: the first frame, so its delta is its offset (below 64);
     * then a same_frame for the join one byte later (delta 0).
     */
    private static void writeHandlerFrame(ClassBytes out, int handler, int throwable) {
        out.writeByte(64 + handler);
        out.writeByte(OBJECT);
        out.writeShort(throwable);
        out.writeByte(0);
    }

    private static void writeThrowFrame(ClassBytes out, int delta, CodePatcher code) {
        out.writeByte(255);
        out.writeShort(delta);
        out.writeShort(code.entryLocalCount());
        out.write(code.entryLocals());
        out.writeShort(1);
        out.writeByte(OBJECT);
        out.writeShort(code.throwable());
    }

    /** The original first frame with a new delta, widened to the extended form if need be. */
    private static void writeFirst(ClassBytes out, byte[] b, int p, int type, int delta, int size) {
        if (type < 64) {
            if (delta < 64) {
                out.writeByte(delta);
            } else {
                out.writeByte(251);
                out.writeShort(delta);
            }
        } else if (type < 128) {
            if (delta < 64) {
                out.writeByte(64 + delta);
            } else {
                out.writeByte(247);
                out.writeShort(delta);
            }
            out.write(b, p + 1, size - 1);
        } else {
            out.writeByte(type);
            out.writeShort(delta);
            out.write(b, p + 3, size - 3);
        }
    }

    private static int frameSize(byte[] b, int p, int type) {
        if (type < 64) {
            return 1;
        }
        if (type < 128) {
            return 1 + typeSize(b, p + 1);
        }
        if (type < 247) {
            throw new IllegalArgumentException("reserved frame type " + type);
        }
        if (type == 247) {
            return 3 + typeSize(b, p + 3);
        }
        if (type <= 251) {
            return 3;
        }
        int q = p + 3;
        if (type < 255) {
            for (int i = 0; i < type - 251; i++) {
                q += typeSize(b, q);
            }
            return q - p;
        }
        for (int list = 0; list < 2; list++) {
            int count = u2(b, q);
            q += 2;
            for (int i = 0; i < count; i++) {
                q += typeSize(b, q);
            }
        }
        return q - p;
    }

    /** The frame at {@code p} ({@code size} bytes), its Uninitialized types' offsets moved by {@code shift}. */
    private static byte[] shifted(byte[] b, int p, int type, int size, int shift) {
        byte[] f = java.util.Arrays.copyOfRange(b, p, p + size);
        if (type < 64 || (type > 247 && type <= 251)) {
            return f;
        }
        if (type < 128) {
            shiftType(f, 1, shift);
            return f;
        }
        if (type == 247) {
            shiftType(f, 3, shift);
            return f;
        }
        int q = 3;
        if (type < 255) {
            for (int i = 0; i < type - 251; i++) {
                q += shiftType(f, q, shift);
            }
            return f;
        }
        for (int list = 0; list < 2; list++) {
            int count = u2(f, q);
            q += 2;
            for (int i = 0; i < count; i++) {
                q += shiftType(f, q, shift);
            }
        }
        return f;
    }

    /** Moves an Uninitialized type's offset at {@code q} by {@code shift}; returns the type's size. */
    private static int shiftType(byte[] f, int q, int shift) {
        int tag = f[q] & 0xFF;
        if (tag == 8) {
            int moved = u2(f, q + 1) + shift;
            if (moved > 0xFFFF) {
                throw new IllegalArgumentException("code too long after patching");
            }
            f[q + 1] = (byte) (moved >>> 8);
            f[q + 2] = (byte) moved;
        }
        return typeSize(f, q);
    }

    private static int typeSize(byte[] b, int p) {
        int tag = b[p] & 0xFF;
        return tag == 7 || tag == 8 ? 3 : 1;
    }
}
