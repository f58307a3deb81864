package io.dirsync.api.user;

import java.util.List;

public record UserPage(long totalResults, List<UserState> users) {

    public UserPage {
        users = List.copyOf(users);
    }
}
