package io.dirsync.query.directoryuser;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.List;

public record DirectoryUserPage(long totalResults, @JsonProperty("Resources") List<DirectoryUser> resources) {
}
