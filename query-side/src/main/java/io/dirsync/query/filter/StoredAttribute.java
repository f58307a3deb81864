package io.dirsync.query.filter;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/**
 * An attribute, or sub-attribute, that a resource keeps as rows of its {@link AttributeValueTable} rather than in a
 * column, with how its values compare. Resolved from the schema by {@link StoredAttributes}.
 *
 * @param attribute   the rows' {@code attribute_key}: the lower-cased name, URN-qualified in an extension
 * @param sub         the rows' {@code sub_key}: the lower-cased sub-attribute, "" for the attribute's own value, null
 *                    for a complex attribute as a whole
 * @param kind        how values compare and sort
 * @param multiValued a multi-valued complex attribute of the schema: a value filter must match within one value
 */
public record StoredAttribute(String attribute, String sub, Kind kind, boolean multiValued) {

    /**
     * TEXT ignores case; EXACT is caseExact (RFC 7643 section 2.2); ANY is a free-form extension attribute whose type
     * no schema gives, compared as the filter's value reads; COMPLEX is a complex attribute as a whole.
     */
    public enum Kind {
        TEXT,
        EXACT,
        BOOLEAN,
        NUMBER,
        DATETIME,
        ANY,
        COMPLEX
    }

    /** Fixed width, so that text order is time order; stored lower-cased like every value_key. */
    private static final DateTimeFormatter CANONICAL =
            DateTimeFormatter.ofPattern("uuuu-MM-dd't'HH:mm:ss.SSSSSSSSS'z'", Locale.ROOT);

    /**
     * A dateTime as its UTC instant in one fixed-width form: values sent with different offsets or precision then
     * compare and sort as times, by plain text comparison. Null when {@code text} is no RFC 3339 date-time.
     */
    public static String canonicalDateTime(String text) {
        try {
            return CANONICAL.format(OffsetDateTime.parse(text).withOffsetSameInstant(ZoneOffset.UTC));
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
