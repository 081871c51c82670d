package org.utbackpack.host.render;

import java.io.IOException;
import java.io.Writer;
import java.util.Arrays;

/**
 * A rendered page held as characters until it is complete, then written to the response as they are: no
 * string of the whole page is made for it. Unlike a {@link java.io.StringWriter} it never widens from one
 * byte per character to two (which copied every page holding a character beyond Latin-1, such as a dash),
 * and it is not synchronized.
 */
public final class PageBuffer extends Writer {

    private char[] chars;
    private int length;

    PageBuffer(int capacity) {
        this.chars = new char[Math.max(capacity, 16)];
    }

    @Override
    public void write(int c) {
        ensure(1);
        chars[length++] = (char) c;
    }

    @Override
    public void write(char[] source, int offset, int count) {
        ensure(count);
        System.arraycopy(source, offset, chars, length, count);
        length += count;
    }

    @Override
    public void write(String text) {
        write(text, 0, text.length());
    }

    @Override
    public void write(String text, int offset, int count) {
        ensure(count);
        text.getChars(offset, offset + count, chars, length);
        length += count;
    }

    @Override
    public Writer append(CharSequence text) {
        String s = String.valueOf(text);
        write(s, 0, s.length());
        return this;
    }

    private void ensure(int more) {
        if (length + more > chars.length) {
            chars = Arrays.copyOf(chars, Math.max(chars.length * 2, length + more));
        }
    }

    public int length() {
        return length;
    }

    /** Writes what was rendered to {@code out}. */
    public void writeTo(Writer out) throws IOException {
        out.write(chars, 0, length);
    }

    @Override
    public String toString() {
        return new String(chars, 0, length);
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
    }
}
