package dev.threadscope.instrument;

import static dev.threadscope.instrument.ConstantPool.u2;
import static dev.threadscope.instrument.ConstantPool.u4;

/**
 * Rewrites one method's Code attribute in place: every {@code invokevirtual} or
 * {@code invokespecial} of one instance method with no arguments becomes an
 * {@code invokestatic} of a bridge method taking that receiver. Both are three bytes and
 * take the same operand stack, so no pc moves and the StackMapTable, exception table and
 * every other table stay valid as they are. The instructions are walked one by one (not
 * searched for as bytes), so an operand that happens to look like the call is never touched.
 */
final class CallReplacer {
    private static final int INVOKEVIRTUAL = 0xb6;
    private static final int INVOKESPECIAL = 0xb7;
    private static final int INVOKESTATIC = 0xb8;

    private CallReplacer() {
    }

    /**
     * The new attribute_info body for the Code attribute at {@code b[start, start+length)}, or
     * null if the method has no such call (or holds an instruction this walker does not know).
     * {@code called} is "owner.name desc" in internal form, e.g. {@code java/lang/Thread.start0()V}.
     */
    static byte[] patch(byte[] b, int start, int length, ConstantPool pool, String calledOwner, String calledName,
                        String calledDesc, int replacementRef) {
        int codeLength = u4(b, start + 4);
        int code = start + 8;
        byte[] out = new byte[length];
        System.arraycopy(b, start, out, 0, length);
        int replaced = 0;
        for (int pc = 0; pc < codeLength; ) {
            int op = b[code + pc] & 0xFF;
            if ((op == INVOKEVIRTUAL || op == INVOKESPECIAL)
                    && pool.isMethodRef(u2(b, code + pc + 1), calledOwner, calledName, calledDesc)) {
                out[8 + pc] = (byte) INVOKESTATIC;
                out[8 + pc + 1] = (byte) (replacementRef >> 8);
                out[8 + pc + 2] = (byte) replacementRef;
                replaced++;
            }
            int n = length(b, code, pc);
            if (n <= 0) {
                return null;
            }
            pc += n;
        }
        return replaced == 0 ? null : out;
    }

    /** Length of the instruction at {@code pc}; 0 for an opcode not in the JVM specification. */
    static int length(byte[] b, int code, int pc) {
        int op = b[code + pc] & 0xFF;
        if (op == 0xaa) { // tableswitch
            int p = (pc + 4) & ~3;
            int low = u4(b, code + p + 4);
            int high = u4(b, code + p + 8);
            return p - pc + 12 + 4 * (high - low + 1);
        }
        if (op == 0xab) { // lookupswitch
            int p = (pc + 4) & ~3;
            return p - pc + 8 + 8 * u4(b, code + p + 4);
        }
        if (op == 0xc4) { // wide
            return (b[code + pc + 1] & 0xFF) == 0x84 ? 6 : 4;
        }
        return op < LENGTHS.length() ? LENGTHS.charAt(op) - '0' : 0;
    }

    /** Lengths of the fixed-size instructions by opcode, 0x00 to 0xc9 ('0': variable or unknown). */
    private static final String LENGTHS =
            "1111111111111111" // 0x00 nop .. dconst_1
            + "2323322222111111" // 0x10 bipush, sipush, ldc, ldc_w, ldc2_w, iload..aload, iload_0..
            + "1111111111111111" // 0x20
            + "1111112222211111" // 0x30 ..saload, istore..astore, istore_0..
            + "1111111111111111" // 0x40
            + "1111111111111111" // 0x50
            + "1111111111111111" // 0x60
            + "1111111111111111" // 0x70
            + "1111311111111111" // 0x80 .. iinc (0x84)
            + "1111111113333333" // 0x90 .. ifeq (0x99)..
            + "3333333332001111" // 0xa0 ..if_acmpne, goto, jsr, ret, tableswitch, lookupswitch, returns
            + "1133333335532311" // 0xb0 areturn, return, get/put, invoke*, invokeinterface/dynamic, new .. athrow
            + "3311043355";      // 0xc0 checkcast, instanceof, monitorenter/exit, wide, multianewarray, ifnull, ifnonnull, goto_w, jsr_w
}
