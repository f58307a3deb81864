package io.dirsync.api.rolemapping;

/** Why a member has its role. Serialised lower-case in the admin API: "mapping", "default", "manual". */
public enum RoleSource {
    MAPPING,
    DEFAULT,
    MANUAL,
    NONE
}
