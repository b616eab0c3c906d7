package dev.creor.runtime.internal.plugins;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Finds, in a class file's constant pool, a reference to a method that ends the JVM:
 * {@code System.exit}, {@code Runtime.exit} or {@code Runtime.halt}. A class that calls one
 * of them names it there, as a method reference, whether it calls it directly or through a
 * method reference ({@code System::exit}); only reflection hides the call.
 *
 * <p>The scan reads the constant pool only, without building any of it: a few microseconds per
 * class. A class file too malformed to scan is left to the JVM, which rejects it with a
 * {@link ClassFormatError}.
 */
final class ExitCallScan {
    private static final int MAGIC = 0xCAFEBABE;
    private static final byte[] SYSTEM = "java/lang/System".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] RUNTIME = "java/lang/Runtime".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] EXIT = "exit".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] HALT = "halt".getBytes(StandardCharsets.US_ASCII);

    private ExitCallScan() {
    }

    /** The first method that ends the JVM which the class refers to, e.g. {@code System.exit}; empty if none. */
    static Optional<String> exitCallIn(byte[] classFile) {
        try {
            return new Pool(classFile).exitCall();
        } catch (ArrayIndexOutOfBoundsException | IllegalArgumentException malformed) {
            return Optional.empty();
        }
    }

    /** The constant pool's entries, as offsets into the class file. */
    private static final class Pool {
        private final byte[] bytes;
        /** Where each entry's tag is, by index (1-based, as the class file counts). */
        private final int[] offsets;

        Pool(byte[] bytes) {
            this.bytes = bytes;
            if (u4(0) != MAGIC) {
                throw new IllegalArgumentException("not a class file");
            }
            int count = u2(8);
            offsets = new int[count];
            int at = 10;
            for (int index = 1; index < count; index++) {
                offsets[index] = at;
                int tag = bytes[at] & 0xFF;
                at += switch (tag) {
                    case 1 -> 3 + u2(at + 1);           // Utf8: length, then bytes
                    case 3, 4 -> 5;                      // Integer, Float
                    case 5, 6 -> 9;                      // Long, Double
                    case 7, 8, 16, 19, 20 -> 3;          // Class, String, MethodType, Module, Package
                    case 9, 10, 11, 12, 17, 18 -> 5;     // refs, NameAndType, Dynamic, InvokeDynamic
                    case 15 -> 4;                        // MethodHandle
                    default -> throw new IllegalArgumentException("unknown constant pool tag " + tag);
                };
                if (tag == 5 || tag == 6) {
                    index++;                             // a Long or Double takes two entries
                }
            }
        }

        Optional<String> exitCall() {
            for (int index = 1; index < offsets.length; index++) {
                int at = entry(index);
                if (at == 0 || (bytes[at] & 0xFF) != 10) {   // 10: Methodref
                    continue;
                }
                int owner = entry(u2(entry(u2(at + 1)) + 1));      // Methodref -> Class -> Utf8
                int name = entry(u2(entry(u2(at + 3)) + 1));       // Methodref -> NameAndType -> Utf8
                if (isUtf8(owner, SYSTEM) && isUtf8(name, EXIT)) {
                    return Optional.of("System.exit");
                }
                if (isUtf8(owner, RUNTIME) && isUtf8(name, EXIT)) {
                    return Optional.of("Runtime.exit");
                }
                if (isUtf8(owner, RUNTIME) && isUtf8(name, HALT)) {
                    return Optional.of("Runtime.halt");
                }
            }
            return Optional.empty();
        }

        /** Where the entry with this index starts. */
        private int entry(int index) {
            return offsets[index];
        }

        private boolean isUtf8(int at, byte[] expected) {
            if ((bytes[at] & 0xFF) != 1 || u2(at + 1) != expected.length) {
                return false;
            }
            for (int i = 0; i < expected.length; i++) {
                if (bytes[at + 3 + i] != expected[i]) {
                    return false;
                }
            }
            return true;
        }

        private int u2(int at) {
            return ((bytes[at] & 0xFF) << 8) | (bytes[at + 1] & 0xFF);
        }

        private int u4(int at) {
            return (u2(at) << 16) | u2(at + 2);
        }
    }
}
