package dev.threadscope.instrument;

/**
 * A class file's constant pool, read in place, plus the entries a patch appends. Only what
 * the patcher needs: UTF-8 lookups and new Utf8, Class, NameAndType and Methodref entries.
 */
final class ConstantPool {
    private final byte[] bytes;
    private final int[] offsets; // offset of each entry's tag, by index
    private final int end;       // offset just past the pool
    private final ClassBytes added = new ClassBytes();
    private int count;

    ConstantPool(byte[] bytes) {
        this.bytes = bytes;
        this.count = u2(bytes, 8);
        this.offsets = new int[count];
        int p = 10;
        for (int i = 1; i < count; i++) {
            offsets[i] = p;
            int tag = bytes[p] & 0xFF;
            p += 1 + (tag == 1 ? 2 + u2(bytes, p + 1) : size(tag));
            if (tag == 5 || tag == 6) {
                i++; // long and double take two slots
            }
        }
        this.end = p;
    }

    int end() {
        return end;
    }

    int count() {
        return count;
    }

    /** Offset of entry {@code index}'s tag byte in the class file. */
    int offset(int index) {
        return offsets[index];
    }

    boolean utf8Equals(int index, String value) {
        int p = offsets[index];
        if ((bytes[p] & 0xFF) != 1) {
            return false;
        }
        int length = u2(bytes, p + 1);
        if (length != value.length()) {
            return false; // for a value with non-ASCII characters too: they take more bytes than chars
        }
        // Byte by byte (the names looked up are ASCII; a byte of a longer encoding is negative and
        // matches no char): no String, and no charset to initialise at premain.
        for (int i = 0; i < length; i++) {
            if (bytes[p + 3 + i] != value.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /** Whether entry {@code index} is a Methodref to {@code owner.name desc} (internal names). */
    boolean isMethodRef(int index, String owner, String name, String desc) {
        if (index <= 0 || index >= offsets.length || offsets[index] == 0 || (bytes[offsets[index]] & 0xFF) != 10) {
            return false;
        }
        int p = offsets[index];
        int cls = offsets[u2(bytes, p + 1)];
        int nameAndType = offsets[u2(bytes, p + 3)];
        return (bytes[cls] & 0xFF) == 7 && utf8Equals(u2(bytes, cls + 1), owner)
                && (bytes[nameAndType] & 0xFF) == 12 && utf8Equals(u2(bytes, nameAndType + 1), name)
                && utf8Equals(u2(bytes, nameAndType + 3), desc);
    }

    int utf8(String value) {
        added.writeByte(1);
        added.writeUTF(value);
        return next();
    }

    int classRef(String internalName) {
        int name = utf8(internalName);
        return entry(7, name, -1);
    }

    int methodRef(String owner, String name, String desc) {
        int cls = classRef(owner);
        int nameAndType = entry(12, utf8(name), utf8(desc));
        return entry(10, cls, nameAndType);
    }

    /** The new constant_pool_count followed by the whole pool, old entries and new. */
    void writeTo(ClassBytes target) {
        if (count > 0xFFFF) {
            throw new IllegalStateException("constant pool too large");
        }
        target.writeShort(count);
        target.write(bytes, 10, end - 10);
        added.writeTo(target);
    }

    private int entry(int tag, int a, int b) {
        added.writeByte(tag);
        added.writeShort(a);
        if (b >= 0) {
            added.writeShort(b);
        }
        return next();
    }

    private int next() {
        return count++;
    }

    static int u2(byte[] b, int p) {
        return ((b[p] & 0xFF) << 8) | (b[p + 1] & 0xFF);
    }

    static int u4(byte[] b, int p) {
        return ((b[p] & 0xFF) << 24) | ((b[p + 1] & 0xFF) << 16) | ((b[p + 2] & 0xFF) << 8) | (b[p + 3] & 0xFF);
    }

    private static int size(int tag) {
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
