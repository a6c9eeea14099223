package io.terafleet.coordinator.http;

import io.javalin.Javalin;
import io.terafleet.coordinator.access.Access;
import io.javalin.http.Context;
import io.javalin.http.UploadedFile;
import io.terafleet.coordinator.batches.FileStore;
import io.terafleet.coordinator.batches.StoredFile;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;

/** OpenAI's Files API, for batch input and output: upload (multipart, purpose {@code batch}), read, list
 * (filtered by purpose), delete. */
final class FileRoutes {
    /** Purposes a stored file can have: uploaded batch input, or a batch's output and error files. */
    private static final java.util.Set<String> PURPOSES = java.util.Set.of("batch", "batch_output");

    private final FileStore files;
    private final long maxBytes;
    private final Clock clock;

    FileRoutes(FileStore files, long maxBytes, Clock clock) {
        this.files = files;
        this.maxBytes = maxBytes;
        this.clock = clock;
    }

    void register(Javalin app) {
        app.post("/v1/files", this::upload, Access.TENANT);
        app.get("/v1/files", this::list, Access.TENANT);
        app.get("/v1/files/{id}", ctx -> ctx.json(view(file(ctx))), Access.TENANT);
        app.delete("/v1/files/{id}", this::delete, Access.TENANT);
        app.get("/v1/files/{id}/content", this::content, Access.TENANT);
    }

    private void list(Context ctx) {
        String purpose = ctx.queryParam("purpose");
        if (purpose != null && !PURPOSES.contains(purpose)) {
            throw ApiError.invalid("purpose", "'purpose' must be one of " + PURPOSES + ", was '" + purpose + "'");
        }
        var data = files.list(tenant(ctx), 10_000).stream()
                .filter(f -> purpose == null || f.purpose().equals(purpose))
                .map(FileRoutes::view).toList();
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("object", "list");
        view.put("data", data);
        view.put("first_id", data.isEmpty() ? null : data.getFirst().get("id"));
        view.put("last_id", data.isEmpty() ? null : data.getLast().get("id"));
        view.put("has_more", false);
        ctx.json(view);
    }

    private void delete(Context ctx) {
        StoredFile file = file(ctx);
        files.delete(file.tenantId(), file.id());
        ctx.json(Map.of("id", file.id(), "object", "file", "deleted", true));
    }

    private void upload(Context ctx) throws IOException {
        String type = ctx.contentType() == null ? "" : ctx.contentType();
        if (!type.startsWith("multipart/form-data")) {
            throw ApiError.invalid(null, "Upload files as multipart/form-data with the fields 'purpose' and 'file'");
        }
        Multipart form = Multipart.read(ctx);
        String purpose = form.purpose();
        if (purpose == null || purpose.isBlank()) {
            throw ApiError.invalid("purpose", "Missing required parameter: 'purpose'.");
        }
        if (!purpose.equals("batch")) {
            throw ApiError.invalid("purpose", "'purpose' must be 'batch' (the only purpose this API serves), was '"
                    + purpose + "'");
        }
        UploadedFile upload = form.file();
        StoredFile stored;
        if (upload != null) {
            if (upload.size() > maxBytes) {
                throw ApiError.invalid("file", "the file has " + upload.size() + " bytes; at most " + maxBytes);
            }
            try (InputStream in = upload.content()) {
                stored = store(ctx, purpose, upload.filename(), in);
            }
        } else {
            stored = storeNamelessPart(ctx, purpose);
        }
        ctx.json(view(stored));
    }

    /** A file part sent without a filename (some clients send bytes so) is still the file. */
    private StoredFile storeNamelessPart(Context ctx, String purpose) throws IOException {
        jakarta.servlet.http.Part part;
        try {
            part = ctx.req().getPart("file");
        } catch (jakarta.servlet.ServletException e) {
            part = null;
        }
        if (part == null) {
            throw ApiError.invalid("file", "Missing required parameter: 'file'.");
        }
        if (part.getSize() > maxBytes) {
            throw ApiError.invalid("file", "the file has " + part.getSize() + " bytes; at most " + maxBytes);
        }
        try (InputStream in = part.getInputStream()) {
            return store(ctx, purpose, part.getSubmittedFileName(), in);
        }
    }

    private StoredFile store(Context ctx, String purpose, String filename, InputStream in) throws IOException {
        String name = filename == null || filename.isBlank()
                || io.terafleet.coordinator.intake.StorableText.problem(filename) != null ? "upload.jsonl" : filename;
        return files.create(tenant(ctx), purpose, name.length() > 500 ? name.substring(0, 500) : name, in, maxBytes,
                clock.millis());
    }

    private void content(Context ctx) throws IOException {
        StoredFile file = file(ctx);
        ctx.contentType("application/octet-stream");
        if (!compressible(ctx)) {
            // Only an identity body has this length: a compressed one is sent chunked, its length unknown ahead.
            ctx.header("Content-Length", Long.toString(file.bytes()));
        }
        files.copyContent(file.id(), ctx.outputStream());
    }

    /** Whether the response may be compressed: the client accepts an encoding the server compresses with. */
    static boolean compressible(Context ctx) {
        String accepted = ctx.header("Accept-Encoding");
        return accepted != null && (accepted.contains("gzip") || accepted.contains("br") || accepted.contains("deflate"));
    }

    private StoredFile file(Context ctx) {
        String id = ctx.pathParam("id");
        return files.find(tenant(ctx), id).orElseThrow(() -> ApiError.notFound("file_id", "No such File object: " + id));
    }

    private static String tenant(Context ctx) {
        return TenantScope.require(ctx).tenant().id();
    }

    static Map<String, Object> view(StoredFile f) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", f.id());
        view.put("object", "file");
        view.put("bytes", f.bytes());
        view.put("created_at", f.createdAt() / 1000);
        view.put("filename", f.filename());
        view.put("purpose", f.purpose());
        view.put("status", "processed");
        view.put("status_details", null);
        return view;
    }
}
