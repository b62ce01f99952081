package dev.threadscope.instrument;

import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;

/**
 * Injects, at method entry:
 * <pre>
 *   try { ThreadscopeBridge.entry(args...); } catch (Throwable ignored) { }
 * </pre>
 * laid out so that no frame is needed where the original code begins: the normal path
 * pushes {@code null} and falls into the handler, which pops whatever it got. With
 * {@code onThrow}, the whole original body is also covered by a last handler that calls
 * {@code ThreadscopeBridge.onThrow(this)} and rethrows. Frames are written in the class's
 * own compressed form, so unchanged methods are copied as they are.
 */
final class EntryHookAdapter extends MethodVisitor {
    private final Hook hook;
    private final boolean isStatic;
    private final Object[] entryLocals;
    private final Label bodyStart = new Label();

    EntryHookAdapter(MethodVisitor next, Hook hook, boolean isStatic, String owner, String desc) {
        super(Opcodes.ASM9, next);
        this.hook = hook;
        this.isStatic = isStatic;
        this.entryLocals = entryLocals(isStatic, owner, desc);
    }

    @Override
    public void visitCode() {
        super.visitCode();
        Label start = new Label();
        Label end = new Label();
        super.visitTryCatchBlock(start, end, end, "java/lang/Throwable");
        super.visitLabel(start);
        for (int i = 0; i < hook.arguments(); i++) {
            super.visitVarInsn(Opcodes.ALOAD, i);
        }
        super.visitMethodInsn(Opcodes.INVOKESTATIC, Hook.BRIDGE, hook.entry(), hook.entryDesc(), false);
        super.visitInsn(Opcodes.ACONST_NULL);
        super.visitLabel(end);
        super.visitFrame(Opcodes.F_SAME1, 0, null, 1, new Object[] {"java/lang/Throwable"});
        super.visitInsn(Opcodes.POP);
        super.visitLabel(bodyStart);
    }

    @Override
    public void visitMaxs(int maxStack, int maxLocals) {
        if (hook.onThrow() != null && !isStatic) {
            Label bodyEnd = new Label();
            Label handler = new Label();
            super.visitLabel(bodyEnd);
            super.visitTryCatchBlock(bodyStart, bodyEnd, handler, null);
            super.visitLabel(handler);
            super.visitFrame(Opcodes.F_FULL, entryLocals.length, entryLocals, 1, new Object[] {"java/lang/Throwable"});
            super.visitVarInsn(Opcodes.ALOAD, 0);
            super.visitMethodInsn(Opcodes.INVOKESTATIC, Hook.BRIDGE, hook.onThrow(), "(Ljava/lang/Thread;)V", false);
            super.visitInsn(Opcodes.ATHROW);
        }
        super.visitMaxs(Math.max(maxStack, Math.max(hook.arguments() + 1, 2)), maxLocals);
    }

    /** The frame locals at entry, in ASM's compressed notation (one entry per long/double). */
    private static Object[] entryLocals(boolean isStatic, String owner, String desc) {
        Type[] args = Type.getArgumentTypes(desc);
        Object[] locals = new Object[args.length + (isStatic ? 0 : 1)];
        int i = 0;
        if (!isStatic) {
            locals[i++] = owner;
        }
        for (Type arg : args) {
            locals[i++] = frameType(arg);
        }
        return locals;
    }

    private static Object frameType(Type type) {
        switch (type.getSort()) {
            case Type.BOOLEAN: case Type.CHAR: case Type.BYTE: case Type.SHORT: case Type.INT:
                return Opcodes.INTEGER;
            case Type.FLOAT:
                return Opcodes.FLOAT;
            case Type.LONG:
                return Opcodes.LONG;
            case Type.DOUBLE:
                return Opcodes.DOUBLE;
            default:
                return type.getInternalName();
        }
    }
}
