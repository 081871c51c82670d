package org.utbackpack.host.plugin;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32;

/**
 * Writes stored (uncompressed) zips with control over each entry's Unix mode, which
 * java.util.zip.ZipOutputStream cannot set: needed to build an archive holding a symbolic link.
 */
final class RawZip {

    private record Entry(String name, byte[] data, int unixMode) {
    }

    private final List<Entry> entries = new ArrayList<>();

    RawZip file(String name, String content) {
        entries.add(new Entry(name, content.getBytes(StandardCharsets.UTF_8), 0100644));
        return this;
    }

    RawZip file(String name, byte[] content) {
        entries.add(new Entry(name, content, 0100644));
        return this;
    }

    RawZip symlink(String name, String target) {
        entries.add(new Entry(name, target.getBytes(StandardCharsets.UTF_8), 0120777));
        return this;
    }

    Path writeTo(Path zip) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream directory = new ByteArrayOutputStream();
        for (Entry entry : entries) {
            int offset = out.size();
            byte[] name = entry.name().getBytes(StandardCharsets.UTF_8);
            long crc = crc(entry.data());
            out.write(header(0x04034b50, 30, b -> {
                b.putShort(4, (short) 20);
                b.putInt(14, (int) crc);
                b.putInt(18, entry.data().length);
                b.putInt(22, entry.data().length);
                b.putShort(26, (short) name.length);
            }));
            out.write(name);
            out.write(entry.data());
            directory.write(header(0x02014b50, 46, b -> {
                b.putShort(4, (short) (3 << 8 | 20));   // made by Unix
                b.putShort(6, (short) 20);
                b.putInt(16, (int) crc);
                b.putInt(20, entry.data().length);
                b.putInt(24, entry.data().length);
                b.putShort(28, (short) name.length);
                b.putInt(38, entry.unixMode() << 16);
                b.putInt(42, offset);
            }));
            directory.write(name);
        }
        int directoryOffset = out.size();
        byte[] directoryBytes = directory.toByteArray();
        out.write(directoryBytes);
        ByteBuffer end = ByteBuffer.allocate(22).order(ByteOrder.LITTLE_ENDIAN);
        end.putInt(0, 0x06054b50);
        end.putShort(8, (short) entries.size());
        end.putShort(10, (short) entries.size());
        end.putInt(12, directoryBytes.length);
        end.putInt(16, directoryOffset);
        out.write(end.array());
        Files.write(zip, out.toByteArray());
        return zip;
    }

    private interface Filler {
        void fill(ByteBuffer buffer);
    }

    private static byte[] header(int signature, int size, Filler filler) {
        ByteBuffer buffer = ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
        buffer.putInt(0, signature);
        filler.fill(buffer);
        return buffer.array();
    }

    private static long crc(byte[] data) {
        CRC32 crc = new CRC32();
        crc.update(data);
        return crc.getValue();
    }
}
