package io.dirsync.api.directoryuser;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.List;

public record DirectoryUserPage(
        long totalResults, @JsonProperty("Resources") List<DirectoryUser> resources) {}
