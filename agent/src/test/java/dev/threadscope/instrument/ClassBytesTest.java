package dev.threadscope.instrument;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;

import org.junit.jupiter.api.Test;

/** ClassBytes writes exactly what DataOutputStream would, which the patcher used before it. */
class ClassBytesTest {

    @Test
    void writesAsDataOutputStreamDoes() throws IOException {
        ByteArrayOutputStream expectedBytes = new ByteArrayOutputStream();
        DataOutputStream expected = new DataOutputStream(expectedBytes);
        ClassBytes actual = new ClassBytes(1); // grows from the smallest buffer
        int[] values = {0, 1, 0x7F, 0x80, 0xFF, 0x1234, 0xFFFF, 0x10000, -1, Integer.MIN_VALUE, Integer.MAX_VALUE};
        for (int v : values) {
            expected.writeByte(v);
            actual.writeByte(v);
            expected.writeShort(v);
            actual.writeShort(v);
            expected.writeInt(v);
            actual.writeInt(v);
        }
        byte[] chunk = new byte[1000];
        for (int i = 0; i < chunk.length; i++) {
            chunk[i] = (byte) (i * 31);
        }
        expected.write(chunk, 17, 900);
        actual.write(chunk, 17, 900);
        expected.write(chunk);
        actual.write(chunk);
        assertEquals(expected.size(), actual.size());
        assertArrayEquals(expectedBytes.toByteArray(), actual.toByteArray());
    }

    @Test
    void writesModifiedUtf8AsWriteUtfDoes() throws IOException {
        String[] constants = {"", "java/lang/ThreadscopeBridge", "caf\u00e9", "\u0000nul", "\u20ac\u7f51",
            "\ud83d\ude00 a supplementary character", "\u07ff\u0800\uffff"};
        for (String s : constants) {
            ByteArrayOutputStream expectedBytes = new ByteArrayOutputStream();
            new DataOutputStream(expectedBytes).writeUTF(s);
            ClassBytes actual = new ClassBytes();
            actual.writeUTF(s);
            assertArrayEquals(expectedBytes.toByteArray(), actual.toByteArray(), s);
        }
    }

    @Test
    void refusesAConstantTooLongForAClassFile() {
        String tooLong = "\u20ac".repeat(0x10000 / 3 + 1); // 3 bytes each: over 65535
        assertThrows(IllegalArgumentException.class, () -> new ClassBytes().writeUTF(tooLong));
    }

    @Test
    void appendsOneBufferToAnother() {
        ClassBytes a = new ClassBytes();
        a.writeShort(0xCAFE);
        ClassBytes b = new ClassBytes();
        b.writeByte(1);
        a.writeTo(b);
        assertArrayEquals(new byte[] {1, (byte) 0xCA, (byte) 0xFE}, b.toByteArray());
    }
}
