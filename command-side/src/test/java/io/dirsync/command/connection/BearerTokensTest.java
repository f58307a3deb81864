package io.dirsync.command.connection;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

class BearerTokensTest {

    @Test
    void everyIssuedTokenIsDistinct() {
        Set<String> secrets = new HashSet<>();
        Set<String> tokenIds = new HashSet<>();
        Set<String> digests = new HashSet<>();

        IntStream.range(0, 200).mapToObj(i -> BearerTokens.issue()).forEach(token -> {
            secrets.add(token.secret());
            tokenIds.add(token.digest().tokenId());
            digests.add(token.digest().sha256Hex());
        });

        assertThat(secrets).hasSize(200);
        assertThat(tokenIds).hasSize(200);
        assertThat(digests).hasSize(200);
    }

    @Test
    void aSecretIs256RandomBitsInUrlSafeBase64() {
        String secret = BearerTokens.issue().secret();

        assertThat(secret).startsWith("dsc_").matches("dsc_[A-Za-z0-9_-]{43}");
    }

    @Test
    void theDigestIsTheSha256HexOfTheSecret() {
        // FIPS 180-2 test vector
        assertThat(BearerTokens.sha256Hex("abc"))
                .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");

        BearerTokens.IssuedToken token = BearerTokens.issue();
        assertThat(token.digest().sha256Hex())
                .isEqualTo(BearerTokens.sha256Hex(token.secret()))
                .matches("[0-9a-f]{64}");
    }

    @Test
    void theSecretItselfIsNotInTheDigest() {
        BearerTokens.IssuedToken token = BearerTokens.issue();

        assertThat(token.digest().toString())
                .doesNotContain(token.secret())
                .doesNotContain(token.secret().substring(4));
    }

    @Test
    void onlyTheIssuedSecretMatchesItsDigest() {
        BearerTokens.IssuedToken token = BearerTokens.issue();
        BearerTokens.IssuedToken other = BearerTokens.issue();

        assertThat(BearerTokens.matches(token.secret(), token.digest().sha256Hex()))
                .isTrue();
        assertThat(BearerTokens.matches(other.secret(), token.digest().sha256Hex()))
                .isFalse();
        assertThat(BearerTokens.matches(token.secret() + " ", token.digest().sha256Hex()))
                .isFalse();
        assertThat(BearerTokens.matches("", token.digest().sha256Hex())).isFalse();
        assertThat(BearerTokens.matches(
                        token.digest().sha256Hex(), token.digest().sha256Hex()))
                .isFalse();
    }
}
