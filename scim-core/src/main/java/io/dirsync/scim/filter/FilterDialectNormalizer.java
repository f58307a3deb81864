package io.dirsync.scim.filter;

import io.dirsync.scim.filter.FilterToken.Type;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Rewrites the filter dialects identity providers really send into RFC 7644 section 3.4.2.2 grammar, before
 * UnboundID parses it (its parser rejects both forms):
 * <ul>
 *   <li>Entra ID's {@code emails[type eq "work"].value eq "a@b.c"}, a value path followed by a sub-attribute,
 *   becomes {@code emails[(type eq "work") and value eq "a@b.c"]}: the same meaning, one email that is of
 *   type work and has that value. The original value filter is parenthesised so an {@code or} inside it keeps
 *   binding tighter than the added {@code and}.</li>
 *   <li>Unquoted string values, as in Entra's documented {@code externalId eq jyoung}, get quoted. true, false
 *   and null stay literals (lower-cased: ABNF literals are case-insensitive, UnboundID's parser is not), and so
 *   do JSON numbers.</li>
 * </ul>
 * Everything else passes through character for character, so a real syntax error still reaches the parser.
 */
public final class FilterDialectNormalizer {
    private static final Set<String> COMPARISONS = Set.of("eq", "ne", "co", "sw", "ew", "gt", "ge", "lt", "le");
    private static final Set<String> LOGICAL = Set.of("and", "or", "not");
    /** RFC 8259 number: anything else bare (such as Okta's ids "00u1ab") is a string. */
    private static final Pattern JSON_NUMBER = Pattern.compile("-?(0|[1-9][0-9]*)(\\.[0-9]+)?([eE][+-]?[0-9]+)?");

    private FilterDialectNormalizer() {}

    public static String normalize(String filter) {
        List<FilterToken> tokens = FilterToken.tokenize(filter);
        StringBuilder out = new StringBuilder(filter.length() + 16);
        emit(tokens, 0, tokens.size(), out);
        return out.toString();
    }

    private static void emit(List<FilterToken> tokens, int from, int to, StringBuilder out) {
        int i = from;
        while (i < to) {
            FilterToken token = tokens.get(i);
            ValuePathSuffix suffix = token.is(Type.OPEN_BRACKET) ? valuePathSuffix(tokens, i) : null;
            if (suffix != null) {
                out.append("[(");
                emit(tokens, i + 1, suffix.closeBracket(), out);
                out.append(") and ").append(suffix.comparison()).append(']');
                i = suffix.end();
            } else {
                out.append(isBareValue(tokens, i) ? literal(token.text()) : token.text());
                i++;
            }
        }
    }

    /** {@code .sub op value} right after the bracket opened at {@code open} closes: Entra's form. */
    private record ValuePathSuffix(int closeBracket, String comparison, int end) {}

    private static ValuePathSuffix valuePathSuffix(List<FilterToken> tokens, int open) {
        int close = matchingBracket(tokens, open);
        if (close < 0 || close + 1 >= tokens.size()) {
            return null;
        }
        FilterToken sub = tokens.get(close + 1);
        if (!sub.is(Type.WORD) || sub.text().length() < 2 || sub.text().charAt(0) != '.') {
            return null;
        }
        int op = nextSignificant(tokens, close + 1);
        if (op < 0 || !tokens.get(op).is(Type.WORD)) {
            return null;
        }
        String operator = tokens.get(op).text();
        String comparison = sub.text().substring(1) + " " + operator;
        if (operator.equalsIgnoreCase("pr")) {
            return new ValuePathSuffix(close, comparison, op + 1);
        }
        if (!COMPARISONS.contains(operator.toLowerCase(Locale.ROOT))) {
            return null;
        }
        int value = nextSignificant(tokens, op);
        if (value < 0 || !(tokens.get(value).is(Type.WORD) || tokens.get(value).is(Type.STRING))) {
            return null;
        }
        String text = tokens.get(value).is(Type.WORD)
                ? literal(tokens.get(value).text())
                : tokens.get(value).text();
        return new ValuePathSuffix(close, comparison + " " + text, value + 1);
    }

    /** A word right after {@code attrPath op}: the comparison value, given without quotes. */
    private static boolean isBareValue(List<FilterToken> tokens, int index) {
        if (!tokens.get(index).is(Type.WORD)) {
            return false;
        }
        int op = previousSignificant(tokens, index);
        if (op < 0 || !isWord(tokens.get(op), COMPARISONS)) {
            return false;
        }
        int attribute = previousSignificant(tokens, op);
        return attribute >= 0
                && tokens.get(attribute).is(Type.WORD)
                && !isWord(tokens.get(attribute), LOGICAL)
                && !isWord(tokens.get(attribute), COMPARISONS);
    }

    private static String literal(String word) {
        String lower = word.toLowerCase(Locale.ROOT);
        if (lower.equals("true") || lower.equals("false") || lower.equals("null")) {
            return lower;
        }
        if (JSON_NUMBER.matcher(word).matches()) {
            return word;
        }
        // a bare word holds no quote or whitespace (the tokenizer ends words there); only '\' needs escaping
        return '"' + word.replace("\\", "\\\\") + '"';
    }

    private static boolean isWord(FilterToken token, Set<String> words) {
        return token.is(Type.WORD) && words.contains(token.text().toLowerCase(Locale.ROOT));
    }

    private static int matchingBracket(List<FilterToken> tokens, int open) {
        int depth = 0;
        for (int i = open; i < tokens.size(); i++) {
            if (tokens.get(i).is(Type.OPEN_BRACKET)) {
                depth++;
            } else if (tokens.get(i).is(Type.CLOSE_BRACKET) && --depth == 0) {
                return i;
            }
        }
        return -1;
    }

    private static int nextSignificant(List<FilterToken> tokens, int index) {
        for (int i = index + 1; i < tokens.size(); i++) {
            if (!tokens.get(i).is(Type.SPACE)) {
                return i;
            }
        }
        return -1;
    }

    private static int previousSignificant(List<FilterToken> tokens, int index) {
        for (int i = index - 1; i >= 0; i--) {
            if (!tokens.get(i).is(Type.SPACE)) {
                return i;
            }
        }
        return -1;
    }
}
