package io.dirsync.app;

import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.io.IOException;
import java.nio.file.Files;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** On H2 with a master key configured, so both ways of storing data keys are exercised (PostgreSQL runs without). */
class H2ErasureIT extends ErasureContractTests {

    @DynamicPropertySource
    static void dataDirectoryAndMasterKey(DynamicPropertyRegistry registry) throws IOException {
        String dir = Files.createTempDirectory("dirsync-h2-erasure-it").toString();
        registry.add("dirsync.data-dir", () -> dir);
        byte[] masterKey = new byte[32];
        new SecureRandom().nextBytes(masterKey);
        registry.add("dirsync.erasure.master-key", () -> Base64.getEncoder().encodeToString(masterKey));
    }

    @Test
    void dataKeysAreStoredWrappedByTheMasterKey() {
        DirsyncClient client = new DirsyncClient("http://127.0.0.1:" + port);
        DirsyncClient.Connection acme = client.createConnection("wrapped");
        String userId = client.createUser(acme, "wrapped-" + UUID.randomUUID() + "@example.com")
                .get("id")
                .asText();

        Map<String, Object> key =
                jdbc.queryForMap("SELECT key_bytes, wrapped FROM user_data_key WHERE user_id = ?", userId);
        assertThat(key.get("wrapped")).isEqualTo(true);
        assertThat((byte[]) key.get("key_bytes"))
                .as("nonce, wrapped 256-bit key, tag")
                .hasSize(12 + 32 + 16);
        assertThat(client.scim(acme, "GET", "/Users/" + userId, null)
                        .json()
                        .get("userName")
                        .asText())
                .startsWith("wrapped-");
    }
}
