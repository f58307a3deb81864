package io.dirsync.query.accessreview;

import io.dirsync.scim.ScimException;
import io.dirsync.scim.ScimType;
import org.springframework.http.MediaType;

import java.util.Locale;

/** How an access review is written: a JSON array, one JSON object a line, or CSV with a header row. */
enum ExportFormat {
    JSON(MediaType.APPLICATION_JSON),
    NDJSON(MediaType.parseMediaType("application/x-ndjson")),
    CSV(MediaType.parseMediaType("text/csv;charset=UTF-8"));

    final MediaType mediaType;

    ExportFormat(MediaType mediaType) {
        this.mediaType = mediaType;
    }

    /** {@code format=} decides; else the first of NDJSON and CSV that {@code Accept} names; else JSON. */
    static ExportFormat of(String format, String accept) {
        if (format != null && !format.isBlank()) {
            try {
                return valueOf(format.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw ScimException.badRequest(ScimType.invalidValue, "'format' must be json, ndjson or csv");
            }
        }
        if (accept != null) {
            for (MediaType type : MediaType.parseMediaTypes(accept)) {
                if (type.isCompatibleWith(NDJSON.mediaType) && !type.isWildcardType()) {
                    return NDJSON;
                }
                if (type.isCompatibleWith(CSV.mediaType) && !type.isWildcardType()) {
                    return CSV;
                }
            }
        }
        return JSON;
    }
}
