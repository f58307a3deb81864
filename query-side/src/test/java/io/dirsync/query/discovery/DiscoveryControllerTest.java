package io.dirsync.query.discovery;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dirsync.scim.ScimException;
import io.dirsync.scim.ScimSchemas;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.ResponseEntity;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Calls the controller directly, with a bound request standing in for the servlet container. */
class DiscoveryControllerTest {
    private static final String BASE = "https://sso.example.com/dirsync/scim/v2/conn-1";

    private final DiscoveryController controller = new DiscoveryController(new DiscoveryDocuments(new ObjectMapper()));

    @BeforeEach
    void bindRequest() {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/dirsync/scim/v2/conn-1/Schemas");
        request.setScheme("https");
        request.setServerName("sso.example.com");
        request.setServerPort(443);
        request.setContextPath("/dirsync");
        RequestContextHolder.setRequestAttributes(new ServletRequestAttributes(request));
    }

    @AfterEach
    void unbindRequest() {
        RequestContextHolder.resetRequestAttributes();
    }

    @Test
    void serviceProviderConfigIsScimJsonWithItsLocation() {
        ResponseEntity<JsonNode> response = controller.serviceProviderConfig("conn-1", null);
        assertThat(response.getStatusCode().value()).isEqualTo(200);
        assertThat(response.getHeaders().getContentType()).hasToString(ScimSchemas.MEDIA_TYPE);
        assertThat(response.getBody().at("/meta/location").asText()).isEqualTo(BASE + "/ServiceProviderConfig");
        assertThat(response.getBody().at("/meta/resourceType").asText()).isEqualTo("ServiceProviderConfig");
    }

    @Test
    void schemasAreAListResponseOfLocatedSchemas() {
        ResponseEntity<JsonNode> response = controller.schemas("conn-1", null);
        JsonNode body = response.getBody();
        assertThat(response.getHeaders().getContentType()).hasToString(ScimSchemas.MEDIA_TYPE);
        assertThat(body.get("schemas").get(0).asText()).isEqualTo(ScimSchemas.LIST_RESPONSE);
        assertThat(body.get("totalResults").asInt()).isEqualTo(4);
        assertThat(body.get("itemsPerPage").asInt()).isEqualTo(4);
        assertThat(body.get("startIndex").asInt()).isEqualTo(1);
        assertThat(body.get("Resources"))
                .hasSize(4)
                .allSatisfy(schema -> assertThat(schema.at("/meta/location").asText())
                        .isEqualTo(BASE + "/Schemas/" + schema.get("id").asText()));
    }

    @Test
    void oneSchemaByIdIsTheResourceItself() {
        JsonNode user = controller.schema("conn-1", ScimSchemas.USER, null).getBody();
        assertThat(user.get("id").asText()).isEqualTo(ScimSchemas.USER);
        assertThat(user.at("/meta/location").asText()).isEqualTo(BASE + "/Schemas/" + ScimSchemas.USER);
    }

    @Test
    void resourceTypesAreAListResponseOfLocatedTypes() {
        JsonNode body = controller.resourceTypes("conn-1", null).getBody();
        assertThat(body.get("totalResults").asInt()).isEqualTo(2);
        assertThat(body.get("Resources"))
                .extracting(type -> type.at("/meta/location").asText())
                .containsExactly(BASE + "/ResourceTypes/User", BASE + "/ResourceTypes/Group");
        ResponseEntity<JsonNode> group = controller.resourceType("conn-1", "Group", null);
        assertThat(group.getHeaders().getContentType()).hasToString(ScimSchemas.MEDIA_TYPE);
        assertThat(group.getBody().get("endpoint").asText()).isEqualTo("/Groups");
    }

    @Test
    void unknownIdsAre404() {
        assertThatThrownBy(() -> controller.schema("conn-1", "urn:example:nope", null))
                .isInstanceOfSatisfying(ScimException.class, e -> {
                    assertThat(e.status()).isEqualTo(404);
                    assertThat(e.scimType()).isNull();
                });
        assertThatThrownBy(() -> controller.resourceType("conn-1", "Device", null))
                .isInstanceOfSatisfying(
                        ScimException.class, e -> assertThat(e.status()).isEqualTo(404));
    }

    @Test
    void aFilterIsRefusedRatherThanSilentlyIgnored() {
        assertThatThrownBy(() -> controller.schemas("conn-1", "id eq \"x\""))
                .isInstanceOfSatisfying(
                        ScimException.class, e -> assertThat(e.status()).isEqualTo(403));
        assertThatThrownBy(() -> controller.resourceTypes("conn-1", "name eq \"User\""))
                .isInstanceOfSatisfying(
                        ScimException.class, e -> assertThat(e.status()).isEqualTo(403));
    }
}
