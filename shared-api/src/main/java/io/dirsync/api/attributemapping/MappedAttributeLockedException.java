package io.dirsync.api.attributemapping;

import java.util.Collection;
import java.util.TreeSet;

/** The keys come from attribute mappings and directory sync is on: the IdP decides them, not an admin. */
public class MappedAttributeLockedException extends RuntimeException {
    public MappedAttributeLockedException(Collection<String> keys) {
        super("publicMetadata " + new TreeSet<>(keys) + " come from attribute mappings while directory sync is enabled;"
                + " change the mappings or disable sync");
    }
}
