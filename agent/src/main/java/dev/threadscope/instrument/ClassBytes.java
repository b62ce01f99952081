package dev.threadscope.instrument;

import java.util.Arrays;

/**
 * A growable big-endian byte buffer for writing class-file parts: what the patcher needs of
 * ByteArrayOutputStream and DataOutputStream, without their cost at premain. On JDK 21+ the
 * first DataOutputStream.writeShort initialises {@code jdk.internal.util.ByteArray}, six
 * VarHandles: ~1.5 ms of start-up on JDK 25 (measured), more than the patching itself.
 */
final class ClassBytes {
    private byte[] bytes;
    private int size;

    ClassBytes() {
        this(64);
    }

    ClassBytes(int capacity) {
        bytes = new byte[Math.max(16, capacity)];
    }

    private void room(int n) {
        if (size + n > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + n));
        }
    }

    void writeByte(int v) {
        room(1);
        bytes[size++] = (byte) v;
    }

    void writeShort(int v) {
        room(2);
        bytes[size] = (byte) (v >>> 8);
        bytes[size + 1] = (byte) v;
        size += 2;
    }

    void writeInt(int v) {
        room(4);
        bytes[size] = (byte) (v >>> 24);
        bytes[size + 1] = (byte) (v >>> 16);
        bytes[size + 2] = (byte) (v >>> 8);
        bytes[size + 3] = (byte) v;
        size += 4;
    }

    void write(byte[] b) {
        write(b, 0, b.length);
    }

    void write(byte[] b, int offset, int length) {
        room(length);
        System.arraycopy(b, offset, bytes, size, length);
        size += length;
    }

    /** A CONSTANT_Utf8's length and bytes: modified UTF-8, as DataOutputStream.writeUTF writes it. */
    void writeUTF(String s) {
        int length = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            length += c >= 1 && c <= 0x7F ? 1 : c <= 0x7FF ? 2 : 3;
        }
        if (length > 0xFFFF) {
            throw new IllegalArgumentException("a constant of " + length + " bytes does not fit a class file");
        }
        writeShort(length);
        room(length);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= 1 && c <= 0x7F) {
                bytes[size++] = (byte) c;
            } else if (c <= 0x7FF) {
                bytes[size++] = (byte) (0xC0 | (c >> 6));
                bytes[size++] = (byte) (0x80 | (c & 0x3F));
            } else {
                bytes[size++] = (byte) (0xE0 | (c >> 12));
                bytes[size++] = (byte) (0x80 | ((c >> 6) & 0x3F));
                bytes[size++] = (byte) (0x80 | (c & 0x3F));
            }
        }
    }

    /** Appends what this buffer holds to {@code target}. */
    void writeTo(ClassBytes target) {
        target.write(bytes, 0, size);
    }

    int size() {
        return size;
    }

    byte[] toByteArray() {
        return Arrays.copyOf(bytes, size);
    }
}
