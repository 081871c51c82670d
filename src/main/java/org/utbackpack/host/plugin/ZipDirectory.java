package org.utbackpack.host.plugin;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashSet;
import java.util.Set;

/**
 * What java.util.zip does not tell: how many entries the central directory claims and which entries
 * are Unix symbolic links (file type bits in the external attributes). Read straight from the zip's
 * end-of-central-directory record and central directory headers.
 *
 * @param entryCount the number of entries the archive declares
 * @param symlinks   names of entries stored as symbolic links
 */
record ZipDirectory(int entryCount, Set<String> symlinks) {

    private static final int END_SIGNATURE = 0x06054b50;
    private static final int HEADER_SIGNATURE = 0x02014b50;
    private static final int END_SIZE = 22;
    private static final int MAX_COMMENT = 0xFFFF;
    private static final int HOST_UNIX = 3;
    private static final int HOST_MAC_OSX = 19;
    private static final int TYPE_MASK = 0xF000;
    private static final int TYPE_SYMLINK = 0xA000;

    ZipDirectory {
        symlinks = Set.copyOf(symlinks);
    }

    /**
     * @throws IOException when the file is not a zip, or is a Zip64 archive (only needed past 65,535
     *                     entries or 4 GB, far beyond what a plugin may hold)
     */
    static ZipDirectory read(Path zip) throws IOException {
        try (FileChannel channel = FileChannel.open(zip, StandardOpenOption.READ)) {
            long size = channel.size();
            int tailLength = (int) Math.min(size, END_SIZE + MAX_COMMENT);
            ByteBuffer tail = readFully(channel, size - tailLength, tailLength);
            int end = findEnd(tail);
            int entries = tail.getShort(end + 10) & 0xFFFF;
            long directorySize = tail.getInt(end + 12) & 0xFFFFFFFFL;
            long directoryOffset = tail.getInt(end + 16) & 0xFFFFFFFFL;
            if (entries == 0xFFFF || directoryOffset == 0xFFFFFFFFL || directorySize == 0xFFFFFFFFL) {
                throw new IOException("Zip64 archives are not accepted (a plugin has far fewer entries and bytes)");
            }
            if (directoryOffset + directorySize > size || directorySize > Integer.MAX_VALUE) {
                throw new IOException("the zip's central directory lies outside the file");
            }
            ByteBuffer directory = readFully(channel, directoryOffset, (int) directorySize);
            return new ZipDirectory(entries, symlinks(directory, entries));
        }
    }

    private static ByteBuffer readFully(FileChannel channel, long position, int length) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(length).order(ByteOrder.LITTLE_ENDIAN);
        while (buffer.hasRemaining()) {
            if (channel.read(buffer, position + buffer.position()) < 0) {
                throw new IOException("the zip file is truncated");
            }
        }
        return buffer.flip();
    }

    private static int findEnd(ByteBuffer tail) throws IOException {
        for (int i = tail.limit() - END_SIZE; i >= 0; i--) {
            if (tail.getInt(i) == END_SIGNATURE) {
                return i;
            }
        }
        throw new IOException("not a zip file (no end of central directory record)");
    }

    private static Set<String> symlinks(ByteBuffer directory, int entries) throws IOException {
        Set<String> links = new HashSet<>();
        int p = 0;
        for (int i = 0; i < entries; i++) {
            if (p + 46 > directory.limit() || directory.getInt(p) != HEADER_SIGNATURE) {
                throw new IOException("the zip's central directory is damaged at entry " + (i + 1));
            }
            int host = (directory.getShort(p + 4) & 0xFFFF) >>> 8;
            int nameLength = directory.getShort(p + 28) & 0xFFFF;
            int extraLength = directory.getShort(p + 30) & 0xFFFF;
            int commentLength = directory.getShort(p + 32) & 0xFFFF;
            int mode = directory.getInt(p + 38) >>> 16;
            if (p + 46 + nameLength > directory.limit()) {
                throw new IOException("the zip's central directory is damaged at entry " + (i + 1));
            }
            if ((host == HOST_UNIX || host == HOST_MAC_OSX) && (mode & TYPE_MASK) == TYPE_SYMLINK) {
                byte[] name = new byte[nameLength];
                directory.get(p + 46, name);
                // java.util.zip decodes names as UTF-8 too, so the names match ZipFile's entries.
                links.add(new String(name, StandardCharsets.UTF_8));
            }
            p += 46 + nameLength + extraLength + commentLength;
        }
        return links;
    }
}
