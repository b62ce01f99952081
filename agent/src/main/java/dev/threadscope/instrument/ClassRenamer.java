package dev.threadscope.instrument;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Renames a class by rewriting the one constant-pool string that holds its internal name.
 * Enough for the bridge, which never names itself in a descriptor; far cheaper at start-up
 * than a remapping pass through ASM.
 */
final class ClassRenamer {
    private ClassRenamer() {
    }

    static byte[] rename(byte[] classFile, String from, String to) {
        ByteBuffer in = ByteBuffer.wrap(classFile);
        if (in.getInt() != 0xCAFEBABE) {
            throw new IllegalArgumentException("not a class file");
        }
        in.position(8);
        int count = in.getShort() & 0xFFFF;
        ByteArrayOutputStream out = new ByteArrayOutputStream(classFile.length + 64);
        out.write(classFile, 0, 10);
        int replaced = 0;
        try (DataOutputStream data = new DataOutputStream(out)) {
            for (int i = 1; i < count; i++) {
                int start = in.position();
                int tag = in.get();
                if (tag == 1) {
                    int length = in.getShort() & 0xFFFF;
                    String value = new String(classFile, in.position(), length, StandardCharsets.UTF_8);
                    in.position(in.position() + length);
                    if (value.equals(from)) {
                        data.writeByte(1);
                        data.writeUTF(to);
                        replaced++;
                        continue;
                    }
                } else {
                    in.position(in.position() + entrySize(tag));
                    if (tag == 5 || tag == 6) {
                        i++; // long and double take two slots
                    }
                }
                data.write(classFile, start, in.position() - start);
            }
            data.write(classFile, in.position(), classFile.length - in.position());
        } catch (IOException impossible) {
            throw new IllegalStateException(impossible);
        }
        if (replaced != 1) {
            throw new IllegalArgumentException("expected one constant " + from + ", found " + replaced);
        }
        return out.toByteArray();
    }

    private static int entrySize(int tag) {
        switch (tag) {
            case 7: case 8: case 16: case 19: case 20:
                return 2;
            case 15:
                return 3;
            case 3: case 4: case 9: case 10: case 11: case 12: case 17: case 18:
                return 4;
            case 5: case 6:
                return 8;
            default:
                throw new IllegalArgumentException("unknown constant-pool tag " + tag);
        }
    }
}
