package io.terafleet.coordinator.intake;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Splits a byte stream into lines without ever holding more than one line (bounded by
 * {@code maxLineBytes}) in memory: an oversized line is skipped to its end and flagged, so one
 * huge line can neither exhaust memory nor hide the errors on the lines after it.
 */
final class LineReader {
    private final InputStream in;
    private final int maxLineBytes;
    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    private int lineNumber;
    private boolean eof;

    LineReader(InputStream in, int maxLineBytes) {
        this.in = new BufferedInputStream(in, 64 * 1024);
        this.maxLineBytes = maxLineBytes;
    }

    record Line(int number, byte[] bytes, boolean oversized) {
    }

    Line next() throws IOException {
        if (eof) {
            return null;
        }
        buffer.reset();
        boolean oversized = false;
        int b;
        while ((b = in.read()) != -1 && b != '\n') {
            if (buffer.size() < maxLineBytes) {
                buffer.write(b);
            } else {
                oversized = true;
            }
        }
        if (b == -1) {
            eof = true;
            if (buffer.size() == 0 && !oversized) {
                return null;
            }
        }
        lineNumber++;
        byte[] bytes = buffer.toByteArray();
        int length = bytes.length;
        if (length > 0 && bytes[length - 1] == '\r') {
            bytes = java.util.Arrays.copyOf(bytes, length - 1);
        }
        return new Line(lineNumber, bytes, oversized);
    }
}
