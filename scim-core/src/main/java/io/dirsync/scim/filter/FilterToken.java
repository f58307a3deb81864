package io.dirsync.scim.filter;

import java.util.ArrayList;
import java.util.List;

/**
 * One lexical piece of a SCIM filter, as the {@link FilterDialectNormalizer} sees it. The tokenizer only
 * separates quoted strings, brackets, parentheses, whitespace and the words between them; it does not know
 * the grammar. That is enough to rewrite IdP dialects without ever touching the inside of a quoted value.
 *
 * @param start offset of the token's first character in the filter
 */
record FilterToken(Type type, String text, int start) {

    enum Type {
        WORD,
        STRING,
        SPACE,
        OPEN_PAREN,
        CLOSE_PAREN,
        OPEN_BRACKET,
        CLOSE_BRACKET
    }

    boolean is(Type expected) {
        return type == expected;
    }

    /** Splits a filter into tokens; their texts concatenated give back the filter exactly. */
    static List<FilterToken> tokenize(String filter) {
        List<FilterToken> tokens = new ArrayList<>();
        int i = 0;
        while (i < filter.length()) {
            char c = filter.charAt(i);
            int end;
            Type type;
            if (Character.isWhitespace(c)) {
                end = skipWhile(filter, i, Character::isWhitespace);
                type = Type.SPACE;
            } else if (c == '"') {
                end = endOfString(filter, i);
                type = Type.STRING;
            } else if (single(c) != null) {
                end = i + 1;
                type = single(c);
            } else {
                end = skipWhile(filter, i, ch -> !Character.isWhitespace(ch) && ch != '"' && single(ch) == null);
                type = Type.WORD;
            }
            tokens.add(new FilterToken(type, filter.substring(i, end), i));
            i = end;
        }
        return tokens;
    }

    private static Type single(char c) {
        return switch (c) {
            case '(' -> Type.OPEN_PAREN;
            case ')' -> Type.CLOSE_PAREN;
            case '[' -> Type.OPEN_BRACKET;
            case ']' -> Type.CLOSE_BRACKET;
            default -> null;
        };
    }

    /** A JSON string honours backslash escapes; an unterminated one runs to the end and the parser reports it. */
    private static int endOfString(String filter, int open) {
        int i = open + 1;
        while (i < filter.length()) {
            char c = filter.charAt(i);
            if (c == '\\') {
                i += 2;
            } else if (c == '"') {
                return i + 1;
            } else {
                i++;
            }
        }
        return filter.length();
    }

    private interface CharTest {
        boolean test(char c);
    }

    private static int skipWhile(String filter, int from, CharTest test) {
        int i = from;
        while (i < filter.length() && test.test(filter.charAt(i))) {
            i++;
        }
        return i;
    }
}
