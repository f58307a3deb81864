package io.dirsync.scim.group;

import java.util.Arrays;

/**
 * Whether a group view includes {@code members}, from RFC 7644 {@code attributes}/{@code excludedAttributes}.
 * Decided before reading, so a view without members never loads a large group's member list.
 */
public final class MemberSelection {
    private MemberSelection() {
    }

    public static boolean includesMembers(String attributes, String excludedAttributes) {
        return !names(excludedAttributes, "members") && (attributes == null || names(attributes, "members"));
    }

    private static boolean names(String list, String attribute) {
        return list != null && Arrays.stream(list.split(",")).map(String::trim).anyMatch(attribute::equalsIgnoreCase);
    }
}
