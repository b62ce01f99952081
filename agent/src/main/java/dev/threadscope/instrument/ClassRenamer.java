package dev.threadscope.instrument;

/**
 * Renames a class by rewriting the one constant-pool string that holds its internal name.
 * Enough for the bridge, which never names itself in a descriptor.
 */
final class ClassRenamer {
    private ClassRenamer() {
    }

    static byte[] rename(byte[] classFile, String from, String to) {
        if (classFile.length < 10 || ConstantPool.u4(classFile, 0) != 0xCAFEBABE) {
            throw new IllegalArgumentException("not a class file");
        }
        ConstantPool pool = new ConstantPool(classFile);
        int found = -1;
        for (int i = 1; i < pool.count(); i++) {
            if (pool.offset(i) != 0 && pool.utf8Equals(i, from)) {
                if (found >= 0) {
                    throw new IllegalArgumentException("two constants " + from);
                }
                found = i;
            }
        }
        if (found < 0) {
            throw new IllegalArgumentException("no constant " + from);
        }
        int start = pool.offset(found);
        int end = start + 3 + ConstantPool.u2(classFile, start + 1);
        ClassBytes out = new ClassBytes(classFile.length + 3 * to.length());
        out.write(classFile, 0, start);
        out.writeByte(1);
        out.writeUTF(to);
        out.write(classFile, end, classFile.length - end);
        return out.toByteArray();
    }
}
