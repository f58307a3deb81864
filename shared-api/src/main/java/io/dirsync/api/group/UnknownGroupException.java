package io.dirsync.api.group;

public class UnknownGroupException extends RuntimeException {
    public UnknownGroupException(String groupId) {
        super("Group " + groupId + " not found");
    }
}
