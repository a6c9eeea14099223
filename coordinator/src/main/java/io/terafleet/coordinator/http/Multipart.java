package io.terafleet.coordinator.http;

import io.javalin.http.Context;
import io.javalin.http.UploadedFile;
import io.terafleet.coordinator.intake.StorableText;

/**
 * The fields of a {@code /v1/files} upload. The servlet container parses the multipart body on first access and
 * throws on a malformed one (no closing boundary, bad headers); that is the client's error, a 400, never a 500.
 */
record Multipart(String purpose, UploadedFile file) {
    static Multipart read(Context ctx) {
        String purpose;
        UploadedFile file;
        try {
            purpose = ctx.formParam("purpose");
            file = ctx.uploadedFile("file");
        } catch (ApiError | ApiProblem e) {
            throw e;
        } catch (Exception e) { // Kotlin rethrows the container's IOException unchecked
            throw ApiError.invalid("file", "The multipart/form-data body is malformed (boundaries, part headers or"
                    + " its end could not be read); send the fields 'purpose' and 'file'.");
        }
        String problem = StorableText.problem(purpose);
        if (problem != null) {
            throw ApiError.invalid("purpose", "'purpose' " + problem);
        }
        return new Multipart(purpose, file);
    }
}
