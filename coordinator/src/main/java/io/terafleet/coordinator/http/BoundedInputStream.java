package io.terafleet.coordinator.http;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/** Refuses a request body past a byte limit with 413, while still streaming it. */
final class BoundedInputStream extends FilterInputStream {
    private final long limit;
    private long count;

    BoundedInputStream(InputStream in, long limit) {
        super(in);
        this.limit = limit;
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        if (b >= 0) {
            counted(1);
        }
        return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        int n = super.read(buffer, offset, length);
        if (n > 0) {
            counted(n);
        }
        return n;
    }

    private void counted(long n) {
        count += n;
        if (count > limit) {
            throw new ApiProblem(ProblemDetails.of(413, "body-too-large", "Request body too large",
                    "the body exceeds the limit of " + limit + " bytes"));
        }
    }
}
