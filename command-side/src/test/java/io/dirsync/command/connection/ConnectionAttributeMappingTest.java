package io.dirsync.command.connection;

import io.dirsync.api.attributemapping.AttributeMapping;
import io.dirsync.api.attributemapping.AttributeMappingsReplacedEvent;
import io.dirsync.api.attributemapping.ReplaceAttributeMappingsCommand;
import io.dirsync.api.connection.ConnectionCreatedEvent;
import io.dirsync.api.connection.TokenDigest;
import io.dirsync.api.rolemapping.DirectorySyncDisabledEvent;
import io.dirsync.api.scim.InvalidAttributeException;
import io.dirsync.command.rolemapping.DirectoryCatalog;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Arrays;
import java.util.List;

import static org.axonframework.test.matchers.Matchers.predicate;
import static org.hamcrest.Matchers.containsString;
import static org.mockito.Mockito.mock;

/** The Connection aggregate's attribute mappings: every command path, given/when/then. */
class ConnectionAttributeMappingTest {
    private static final String CONNECTION = "conn-1";
    private static final ConnectionCreatedEvent CREATED =
            new ConnectionCreatedEvent(CONNECTION, "Contoso Entra", null, new TokenDigest("tok-1", "a".repeat(64)));
    private static final String DEPARTMENT = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department";
    private static final AttributeMapping DEPT = new AttributeMapping(DEPARTMENT, "department");
    private static final AttributeMapping WORK_EMAIL =
            new AttributeMapping("emails[type eq \"work\"].value", "workEmail");
    private static final AttributeMapping COST_CODE =
            new AttributeMapping("urn:dirsync:scim:schemas:extension:custom:2.0:User:costCode", "costCode");

    private FixtureConfiguration<Connection> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Connection.class);
        fixture.registerInjectableResource(mock(DirectoryCatalog.class));
    }

    @Test
    void storesCoreEnterpriseAndCustomMappings() {
        fixture.given(CREATED)
                .when(new ReplaceAttributeMappingsCommand(CONNECTION, List.of(DEPT, WORK_EMAIL, COST_CODE)))
                .expectSuccessfulHandlerExecution()
                .expectEvents(new AttributeMappingsReplacedEvent(CONNECTION, List.of(DEPT, WORK_EMAIL, COST_CODE)))
                .expectResultMessagePayload(List.of(DEPT, WORK_EMAIL, COST_CODE));
    }

    @Test
    void pathsAndAttributeNamesAreTrimmed() {
        fixture.given(CREATED)
                .when(new ReplaceAttributeMappingsCommand(
                        CONNECTION, List.of(new AttributeMapping("  " + DEPARTMENT + " ", "\tdepartment "))))
                .expectEvents(new AttributeMappingsReplacedEvent(CONNECTION, List.of(DEPT)));
    }

    @Test
    void aChangedListReplacesTheWholeList() {
        fixture.given(CREATED, new AttributeMappingsReplacedEvent(CONNECTION, List.of(DEPT, WORK_EMAIL)))
                .when(new ReplaceAttributeMappingsCommand(CONNECTION, List.of(WORK_EMAIL)))
                .expectEvents(new AttributeMappingsReplacedEvent(CONNECTION, List.of(WORK_EMAIL)));
    }

    @Test
    void anEmptyListRemovesAllMappings() {
        fixture.given(CREATED, new AttributeMappingsReplacedEvent(CONNECTION, List.of(DEPT)))
                .when(new ReplaceAttributeMappingsCommand(CONNECTION, List.of()))
                .expectEvents(new AttributeMappingsReplacedEvent(CONNECTION, List.of()));
    }

    @Test
    void theSameListAgainIsNoChange() {
        fixture.given(CREATED, new AttributeMappingsReplacedEvent(CONNECTION, List.of(DEPT, WORK_EMAIL)))
                .when(new ReplaceAttributeMappingsCommand(CONNECTION, List.of(DEPT, WORK_EMAIL)))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void anEmptyListOnAConnectionWithoutMappingsIsNoChange() {
        fixture.given(CREATED)
                .when(new ReplaceAttributeMappingsCommand(CONNECTION, List.of()))
                .expectNoEvents();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "title",
                "name.middleName",
                "phoneNumbers[type eq \"mobile\"].value",
                "addresses[type eq \"work\"].locality",
                "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value",
                "urn:ietf:params:scim:schemas:extension:CustomExtensionName:2.0:User:CustomAttribute"
            })
    void anyPathTheSchemaHoldsCanBeMapped(String scimPath) {
        AttributeMapping mapping = new AttributeMapping(scimPath, "x");
        fixture.given(CREATED)
                .when(new ReplaceAttributeMappingsCommand(CONNECTION, List.of(mapping)))
                .expectEvents(new AttributeMappingsReplacedEvent(CONNECTION, List.of(mapping)));
    }

    @Test
    void mappingsCanChangeWhileSyncIsDisabled() {
        fixture.given(CREATED, new DirectorySyncDisabledEvent(CONNECTION))
                .when(new ReplaceAttributeMappingsCommand(CONNECTION, List.of(DEPT)))
                .expectEvents(new AttributeMappingsReplacedEvent(CONNECTION, List.of(DEPT)));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "emails[type eq",
                "favoriteColor",
                "name.nickName",
                "userName.userName",
                "title[value eq \"x\"]",
                "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeId",
                "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User",
                " "
            })
    void aPathThatDoesNotParseOrNamesNoAttributeOfTheSchemaIsRejected(String scimPath) {
        fixture.given(CREATED)
                .when(new ReplaceAttributeMappingsCommand(
                        CONNECTION, List.of(DEPT, new AttributeMapping(scimPath, "x"))))
                .expectException(invalid("scimPath"))
                .expectNoEvents();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "  ", "\t"})
    void aBlankAttributeIsRejected(String attribute) {
        fixture.given(CREATED)
                .when(new ReplaceAttributeMappingsCommand(
                        CONNECTION, List.of(new AttributeMapping("userName", attribute))))
                .expectException(invalid("attribute"))
                .expectNoEvents();
    }

    @Test
    void aMissingAttributeIsRejected() {
        fixture.given(CREATED)
                .when(new ReplaceAttributeMappingsCommand(CONNECTION, List.of(new AttributeMapping("userName", null))))
                .expectException(invalid("attribute"))
                .expectNoEvents();
    }

    @Test
    void oneAttributeCannotBeWrittenByTwoMappings() {
        fixture.given(CREATED)
                .when(new ReplaceAttributeMappingsCommand(
                        CONNECTION,
                        List.of(
                                new AttributeMapping("userName", "login"),
                                new AttributeMapping("emails[type eq \"work\"].value", " login"))))
                .expectException(invalid("attribute"))
                .expectExceptionMessage(containsString("'login' is mapped twice"))
                .expectNoEvents();
    }

    @Test
    void aNullEntryIsRejected() {
        fixture.given(CREATED)
                .when(new ReplaceAttributeMappingsCommand(CONNECTION, Arrays.asList(DEPT, null)))
                .expectException(InvalidAttributeException.class)
                .expectNoEvents();
    }

    @Test
    void anUnknownConnectionCannotMap() {
        fixture.givenNoPriorActivity()
                .when(new ReplaceAttributeMappingsCommand(CONNECTION, List.of(DEPT)))
                .expectException(AggregateNotFoundException.class)
                .expectNoEvents();
    }

    private static org.hamcrest.Matcher<Object> invalid(String attribute) {
        return predicate(
                (Object e) -> e instanceof InvalidAttributeException invalid && attribute.equals(invalid.attribute()));
    }
}
