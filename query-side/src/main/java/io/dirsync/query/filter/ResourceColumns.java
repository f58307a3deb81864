package io.dirsync.query.filter;

import com.unboundid.scim2.common.Path;
import com.unboundid.scim2.common.exceptions.BadRequestException;
import io.dirsync.scim.ScimException;
import io.dirsync.scim.ScimType;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * What one SCIM resource type's read-model table offers to filters and {@code sortBy}: attribute name to
 * column, multi-valued attributes with tables of their own, and optionally an {@link AttributeValueTable} for every
 * other attribute. {@link FilterSql} and {@link #orderBy} are written once against it, so every resource type gets
 * the same grammar by declaring its columns. Attribute names are matched ignoring case (RFC 7643 section 2.1);
 * the core schema URN prefix is optional, extension attributes are named with their URN.
 */
public final class ResourceColumns {
    private final String coreSchema;
    private final String idColumn;
    private final String defaultOrderColumn;
    private final Map<String, FilterColumn> columns;
    private final Map<String, MultiValuedColumns> multiValued;
    private final AttributeValueTable values;
    private final Map<String, String> sortExpressions;
    private final String sortableNames;

    private ResourceColumns(Builder builder) {
        this.coreSchema = builder.coreSchema;
        this.idColumn = builder.idColumn;
        this.defaultOrderColumn = builder.defaultOrderColumn;
        this.columns = Map.copyOf(builder.columns);
        this.multiValued = Map.copyOf(builder.multiValued);
        this.values = builder.values;
        Map<String, String> sort = new LinkedHashMap<>();
        builder.columns.forEach((name, column) -> sort.put(name, column.sql()));
        sort.putAll(builder.sortOnly);
        this.sortExpressions = Map.copyOf(sort);
        this.sortableNames = String.join(", ", builder.names);
    }

    /**
     * @param idColumn           the resource id; ends every ORDER BY so that equal sort values keep one order
     *                           across pages (Okta pages with startIndex and needs stable ordering)
     * @param defaultOrderColumn the order without {@code sortBy}, e.g. creation time
     */
    public static Builder builder(String coreSchema, String idColumn, String defaultOrderColumn) {
        return new Builder(coreSchema, idColumn, defaultOrderColumn);
    }

    /**
     * RFC 7644 section 3.4.2.3. Resources without a value sort last ascending and first descending, as the RFC
     * asks; both databases are told so explicitly (their defaults differ). The id tie-breaker follows the
     * direction, so a descending list is exactly the ascending one reversed.
     */
    public String orderBy(String sortBy, boolean descending) {
        if (sortBy == null || sortBy.isBlank()) {
            return defaultOrderColumn + " ASC, " + idColumn + " ASC";
        }
        String name = sortName(sortBy);
        List<String> expressions = sortExpressions.containsKey(name)
                ? List.of(sortExpressions.get(name))
                : stored(name)
                        .map(attribute -> values.sortExpressions(attribute))
                        .orElse(List.of());
        if (expressions.isEmpty()) {
            // RFC 7644 is silent on an unknown sortBy. We advertise sort support, so ignoring it would hand the
            // client an order it did not ask for and believes it got; invalidValue says what is wrong instead.
            throw ScimException.badRequest(
                    ScimType.invalidValue,
                    "Cannot sort on '" + sortBy + "'; sortBy supports "
                            + sortableNames
                            + (values == null
                                    ? ""
                                    : ", and every other attribute or sub-attribute of the schema and"
                                            + " its extensions that is not complex (a multi-valued one by its primary, else first, value)"));
        }
        StringBuilder orderBy = new StringBuilder();
        for (String expression : expressions) {
            orderBy.append(expression).append(descending ? " DESC NULLS FIRST, " : " ASC NULLS LAST, ");
        }
        return orderBy.append(idColumn).append(descending ? " DESC" : " ASC").toString();
    }

    /** The lower-cased dotted name of a path without value filters; null when it has one. */
    String attributeName(Path path) {
        StringBuilder name = new StringBuilder();
        String urn = path.getSchemaUrn();
        if (urn != null && !urn.equalsIgnoreCase(coreSchema)) {
            name.append(urn.toLowerCase(Locale.ROOT)).append(':');
        }
        boolean first = true;
        for (Path.Element element : path) {
            if (element.getValueFilter() != null) {
                return null;
            }
            name.append(first ? "" : ".").append(element.getAttribute().toLowerCase(Locale.ROOT));
            first = false;
        }
        return name.toString();
    }

    Optional<FilterColumn> column(String name) {
        return Optional.ofNullable(columns.get(name));
    }

    /** The multi-valued attribute {@code name} is or starts with, and the sub-attribute it names ("" for none). */
    Optional<Map.Entry<MultiValuedColumns, String>> multiValued(String name) {
        for (Map.Entry<String, MultiValuedColumns> attribute : multiValued.entrySet()) {
            String prefix = attribute.getKey();
            if (name.equals(prefix)) {
                return Optional.of(Map.entry(attribute.getValue(), ""));
            }
            if (name.startsWith(prefix + ".")) {
                return Optional.of(Map.entry(attribute.getValue(), name.substring(prefix.length() + 1)));
            }
        }
        return Optional.empty();
    }

    /**
     * The attribute {@code name} as the {@link AttributeValueTable} keeps it; empty when a column or a multi-valued
     * attribute's own table holds it instead, or when it is undefined. The projection writes rows for exactly these.
     *
     * @param name a lower-cased attribute path, URN-qualified in an extension, as {@link #attributeName} gives
     */
    public Optional<StoredAttribute> stored(String name) {
        if (values == null || columns.containsKey(name) || multiValued(name).isPresent()) {
            return Optional.empty();
        }
        return values.resolve(name);
    }

    AttributeValueTable values() {
        return values;
    }

    /** The columns of a singular complex attribute's sub-attributes ({@code name} for name.givenName...). */
    List<FilterColumn> subColumns(String complexName) {
        return columns.entrySet().stream()
                .filter(e -> e.getKey().startsWith(complexName + "."))
                .map(Map.Entry::getValue)
                .toList();
    }

    private String sortName(String sortBy) {
        try {
            String name = attributeName(Path.fromString(sortBy.trim()));
            return name == null ? "" : name;
        } catch (BadRequestException e) {
            throw ScimException.badRequest(
                    ScimType.invalidValue, "sortBy '" + sortBy + "' is not an attribute path: " + e.getMessage());
        }
    }

    public static final class Builder {
        private final String coreSchema;
        private final String idColumn;
        private final String defaultOrderColumn;
        private final Map<String, FilterColumn> columns = new LinkedHashMap<>();
        private final Map<String, MultiValuedColumns> multiValued = new LinkedHashMap<>();
        private AttributeValueTable values;
        private final Map<String, String> sortOnly = new LinkedHashMap<>();
        private final Set<String> names = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);

        private Builder(String coreSchema, String idColumn, String defaultOrderColumn) {
            this.coreSchema = coreSchema;
            this.idColumn = idColumn;
            this.defaultOrderColumn = defaultOrderColumn;
        }

        /** A singular attribute, filterable and sortable: {@code userName}, {@code name.givenName}, {@code urn:...:department}. */
        public Builder column(String attribute, FilterColumn column) {
            columns.put(attribute.toLowerCase(Locale.ROOT), column);
            names.add(attribute);
            return this;
        }

        public Builder multiValued(String attribute, MultiValuedColumns values) {
            multiValued.put(attribute.toLowerCase(Locale.ROOT), values);
            return this;
        }

        /** Every other attribute of the schema and of any extension, kept as name/value rows. */
        public Builder attributeValues(AttributeValueTable table) {
            values = table;
            return this;
        }

        /** Sorting a multi-valued attribute uses one value (RFC 7644: the primary, else the first). */
        public Builder sortableAs(String attribute, String sql) {
            sortOnly.put(attribute.toLowerCase(Locale.ROOT), sql);
            names.add(attribute);
            return this;
        }

        public ResourceColumns build() {
            return new ResourceColumns(this);
        }
    }
}
