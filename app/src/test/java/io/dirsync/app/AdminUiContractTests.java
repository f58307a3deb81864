package io.dirsync.app;

import com.fasterxml.jackson.databind.JsonNode;
import io.dirsync.app.DirsyncClient.Connection;
import io.dirsync.app.HttpClientSupport.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The admin web UI in a real browser (Debian's headless chromium): users and groups are provisioned over real
 * SCIM HTTP, then checked through the pages. One Spring context and one browser for the whole class; the
 * tests run in order on the same connection. Screenshots land in target/screenshots/.
 */
@SpringBootTest(
        classes = DirsyncApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "dirsync.admin-token=" + DirsyncClient.ADMIN_TOKEN,
            "dirsync.role-resolver.delay-ms=50",
            // the webhook receiver listens on http://127.0.0.1, as an operator would allow for local use
            "dirsync.webhooks.poll-ms=50",
            "dirsync.webhooks.allow-http=true",
            "dirsync.webhooks.allowed-targets=127.0.0.1"
        })
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
abstract class AdminUiContractTests {
    private static final List<String> PEOPLE = List.of(
            "Ada Lovelace",
            "Grace Hopper",
            "Alan Turing",
            "Katherine Johnson",
            "Edsger Dijkstra",
            "Barbara Liskov",
            "Donald Knuth",
            "Margaret Hamilton",
            "Dennis Ritchie",
            "Frances Allen",
            "Ken Thompson",
            "Radia Perlman",
            "John Backus",
            "Hedy Lamarr",
            "Tim Berners-Lee",
            "Anita Borg",
            "Niklaus Wirth",
            "Shafi Goldwasser",
            "Leslie Lamport",
            "Sophie Wilson",
            "Claude Shannon",
            "Adele Goldberg",
            "Bjarne Stroustrup",
            "Jean Sammet",
            "Guido van Rossum",
            "Mary Kenneth Keller",
            "James Gosling",
            "Lynn Conway",
            "Vint Cerf",
            "Joan Clarke");

    @LocalServerPort
    int port;

    @org.springframework.beans.factory.annotation.Autowired
    org.springframework.jdbc.core.JdbcTemplate jdbc;

    Browser browser;
    DirsyncClient client;
    AdminApi api;
    String origin;
    String organizationId;
    Connection acme;
    String domain;
    String ada;
    String adaName;
    String bob;
    String bobName;
    Instant beforeGroups;

    @BeforeAll
    void provisionAndSignIn() throws Exception {
        origin = "http://127.0.0.1:" + port;
        client = new DirsyncClient(origin);
        api = new AdminApi(client);
        // userName is unique per connection, and every run creates its own connection
        domain = "example.com";
        organizationId = api.call(
                        "POST",
                        "/api/organizations",
                        Map.of(
                                "name",
                                "Acme Corp",
                                "roles",
                                List.of("admin", "member", "viewer"),
                                "defaultRole",
                                "member"))
                .json()
                .get("id")
                .asText();
        JsonNode created = api.call(
                        "POST", "/api/connections", Map.of("name", "Acme Okta", "organizationId", organizationId))
                .json();
        acme = new Connection(
                created.get("id").asText(),
                created.get("scimBaseUrl").asText(),
                created.get("bearerToken").asText());

        List<String> userIds = new ArrayList<>();
        for (String person : PEOPLE) {
            userIds.add(scimUser(person));
        }
        ada = userIds.get(0);
        adaName = userName(PEOPLE.get(0));
        bob = userIds.get(1);
        bobName = userName(PEOPLE.get(1));
        Response deactivated = client.scim(
                acme,
                "PATCH",
                "/Users/" + userIds.get(29),
                ScimUsersContractTests.patch(Map.of("op", "Replace", "path", "active", "value", "False")));
        assertThat(deactivated.status()).as(deactivated.toString()).isEqualTo(200);

        Thread.sleep(1100);
        beforeGroups = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        Thread.sleep(1100);
        String admins = scimGroup("Admins", ada);
        String engineering = scimGroup("Engineering", ada, bob, userIds.get(2), userIds.get(3));
        scimGroup("Support", userIds.get(4), userIds.get(5));
        Response mapped = api.call(
                "PUT",
                "/api/connections/" + acme.id() + "/role-mappings",
                List.of(Map.of("groupId", admins, "role", "admin"), Map.of("groupId", engineering, "role", "viewer")));
        assertThat(mapped.status()).as(mapped.toString()).isEqualTo(200);
        Response session = api.call("POST", "/api/users/" + ada + "/sessions", null);
        assertThat(session.status()).as(session.toString()).isEqualTo(201);
        api.awaitRole(organizationId, ada, "admin");
        api.awaitRole(organizationId, bob, "viewer");
        AdminApi.await("the Directory users view to show every user and role", () -> {
            JsonNode page = api.call("GET", "/api/connections/" + acme.id() + "/directory-users?count=100", null)
                    .json();
            long withRoles = 0;
            for (JsonNode user : page.get("Resources")) {
                withRoles += user.get("role").isNull() ? 0 : 1;
            }
            return page.get("totalResults").asInt() == PEOPLE.size() && withRoles == PEOPLE.size() - 1
                    ? null
                    : page.toString();
        });
        AdminApi.await(
                "the connection overview",
                () -> api.call("GET", "/api/connections/" + acme.id() + "/directory-users?count=1", null)
                                        .status()
                                == 200
                        ? null
                        : "no");

        browser = Browser.start();
        browser.open(origin + "/admin");
        browser.await(ExpectedConditions.urlContains("/admin/login"));
        browser.find("#token").sendKeys("not-the-token");
        browser.find("#sign-in").click();
        assertThat(browser.find("#login-error").getText()).contains("not the admin token");
        assertThat(browser.consoleErrors()).as("only the refused login's 401").allMatch(e -> e.contains("401"));
        browser.find("#token").sendKeys(DirsyncClient.ADMIN_TOKEN);
        browser.find("#sign-in").click();
        browser.await(ExpectedConditions.urlContains("/admin/connections"));
    }

    @AfterEach
    void noConsoleErrors() {
        if (browser != null) {
            assertThat(browser.consoleErrors()).as("browser console errors").isEmpty();
        }
    }

    @AfterAll
    void closeBrowser() {
        if (browser != null) {
            browser.close();
        }
    }

    @Test
    @Order(1)
    void connectionsListLeadsToTheDirectoryUsersTabWithPagingAndSearch() {
        browser.open(origin + "/admin/connections");
        browser.find("#connections a[href='/admin/connections/" + acme.id() + "']")
                .click();
        browser.find("#tab-users").click();
        browser.await(ExpectedConditions.textToBePresentInElementLocated(
                org.openqa.selenium.By.id("result-count"), "Showing 1–25 of 30 users"));
        assertThat(browser.all("#directory-users tbody tr")).hasSize(25);
        WebElement adaRow = browser.find("#directory-users tr[data-user-id='" + ada + "']");
        assertThat(adaRow.getText()).contains(adaName, "Active", "admin");
        assertThat(adaRow.getText())
                .as("last synced, in words (a loaded machine may take minutes to get here)")
                .containsPattern("(just now|\\d+ min ago)$");
        browser.screenshot("directory-users");

        browser.find("#next-page").click();
        browser.await(ExpectedConditions.textToBePresentInElementLocated(
                org.openqa.selenium.By.id("result-count"), "Showing 26–30 of 30 users"));

        browser.open(origin + "/admin/connections/" + acme.id() + "/users");
        browser.find("#q").sendKeys("grace");
        browser.await(d -> browser.all("#directory-users tbody tr").size() == 1);
        assertThat(browser.find("#directory-users tbody tr").getText()).contains(bobName, "viewer");
        assertThat(browser.driver.getCurrentUrl())
                .as("the search is in the address, to share or reload")
                .contains("q=grace");

        browser.find("#q").clear();
        new org.openqa.selenium.support.ui.Select(browser.find("#status")).selectByValue("Deactivated");
        browser.await(d -> browser.driver.getCurrentUrl().contains("status=Deactivated")
                && browser.find("#result-count").getText().contains("of 1 user"));
        assertThat(browser.find("#directory-users tbody tr").getText())
                .contains(userName(PEOPLE.get(29)), "Deactivated");
    }

    @Test
    @Order(2)
    void userPageShowsAttributesGroupsRoleSourceSessionsHistoryAndTheUserAsOfBefore() {
        browser.open(origin + "/admin/connections/" + acme.id() + "/users?q=ada");
        browser.find("#directory-users a.user-link").click();
        browser.await(ExpectedConditions.urlContains("/admin/users/" + ada));
        assertThat(browser.find("#user-name").getText()).isEqualTo(adaName);
        assertThat(browser.find("#attributes").getText()).contains("Ada", "Lovelace", "E-" + 0, "department", "R&D");
        assertThat(browser.find("#user-groups").getText()).contains("Admins", "Engineering");
        assertThat(browser.find("#role-value").getText()).isEqualTo("admin");
        assertThat(browser.find("#role-source").getText()).isEqualTo("from group Admins");
        assertThat(browser.find("#sessions").getText()).contains("active");
        assertThat(browser.all("#history .event-type"))
                .extracting(WebElement::getText)
                .contains("User provisioned", "Group members added", "Member role changed");
        browser.screenshot("user-page");

        // the "as of" picker: before the groups were pushed, Ada was in none
        String before = LocalDateTime.ofInstant(beforeGroups, ZoneOffset.UTC).toString();
        browser.driver.executeScript(
                "arguments[0].value = arguments[1];",
                browser.find("#asOf"),
                before.length() == 16 ? before + ":00" : before);
        browser.find("#as-of-form button[type=submit]").click();
        browser.await(ExpectedConditions.presenceOfElementLocated(org.openqa.selenium.By.id("as-of-banner")));
        assertThat(browser.driver.getCurrentUrl()).contains("asOf=");
        assertThat(browser.all("#user-groups")).as("no group yet").isEmpty();
        assertThat(browser.all("#history .event-type"))
                .extracting(WebElement::getText)
                .contains("User provisioned")
                .doesNotContain("Group members added");
    }

    @Test
    @Order(3)
    void draggingAMappingAboveAnotherChangesAMembersRoleAfterAPreview() throws InterruptedException {
        browser.open(origin + "/admin/connections/" + acme.id() + "/role-mapping");
        assertThat(mappingOrder()).containsExactly("Admins", "Engineering");

        // keyboard first: the arrows move a row and keep focus on it
        WebElement down = browser.find("#mapping-list li:first-child .move-down");
        down.sendKeys(Keys.ENTER);
        browser.await(d -> mappingOrder().equals(List.of("Engineering", "Admins")));
        browser.driver.switchTo().activeElement().sendKeys(Keys.ENTER);
        assertThat(mappingOrder())
                .as("focus stayed on the moved row's button; at the end it moves to the other arrow")
                .containsExactly("Admins", "Engineering");

        // then drag Engineering above Admins with the mouse
        WebElement engineering = browser.find("#mapping-list li:nth-child(2) .mapping-group");
        WebElement admins = browser.find("#mapping-list li:nth-child(1)");
        int lift = admins.getRect().getY() - engineering.getRect().getY() - 10;
        Actions drag = new Actions(browser.driver).clickAndHold(engineering).pause(Duration.ofMillis(150));
        for (int step = 1; step <= 5; step++) {
            drag.moveByOffset(0, lift / 5).pause(Duration.ofMillis(80));
        }
        drag.release().perform();
        browser.await(d -> mappingOrder().equals(List.of("Engineering", "Admins")));
        assertThat(browser.all("#mapping-list .rank"))
                .extracting(WebElement::getText)
                .containsExactly("1", "2");

        browser.await(ExpectedConditions.presenceOfElementLocated(org.openqa.selenium.By.id("preview-changes")));
        assertThat(browser.find("#preview-changes").getText()).contains(adaName, "admin", "viewer");
        assertThat(browser.find("#preview-changes").getText()).doesNotContain(bobName);
        browser.screenshot("role-mapping");

        browser.find("#save-mappings").click();
        browser.await(ExpectedConditions.presenceOfElementLocated(org.openqa.selenium.By.id("saved")));
        assertThat(mappingOrder()).containsExactly("Engineering", "Admins");
        api.awaitRole(organizationId, ada, "viewer");
        browser.open(origin + "/admin/users/" + ada);
        assertThat(browser.find("#role-value").getText()).isEqualTo("viewer");
        assertThat(browser.find("#role-source").getText()).isEqualTo("from group Engineering");
    }

    @Test
    @Order(4)
    void disablingSyncUnlocksManualRoleEdits() {
        browser.open(origin + "/admin/users/" + ada);
        assertThat(browser.find("#role").isEnabled())
                .as("a mapped role is locked while sync is on")
                .isFalse();
        assertThat(browser.find("#role-lock").getText()).contains("disable sync");

        browser.open(origin + "/admin/connections/" + acme.id());
        browser.find("#disable-sync").click();
        browser.await(ExpectedConditions.presenceOfElementLocated(org.openqa.selenium.By.id("enable-sync")));
        assertThat(browser.find("#sync-state").getText()).isEqualTo("Sync off");
        assertThat(client.scim(acme, "GET", "/Users/" + ada, null).status())
                .as("SCIM is refused while sync is off")
                .isEqualTo(403);

        browser.open(origin + "/admin/users/" + ada);
        WebElement role = browser.find("#role");
        assertThat(role.isEnabled()).isTrue();
        new org.openqa.selenium.support.ui.Select(role).selectByValue("admin");
        browser.find("#save-role").click();
        browser.await(ExpectedConditions.urlContains("roleSaved"));
        assertThat(browser.find("#role-value").getText()).isEqualTo("admin");
        assertThat(browser.find("#role-source").getText()).isEqualTo("set by hand");
        browser.screenshot("manual-role");
    }

    @Test
    @Order(5)
    void operationsPagesListGroupsFailuresProjectionsAndWebhooks() {
        Response refused =
                client.http().send("POST", acme.base() + "/Users", "wrong-token", DirsyncClient.user("x@" + domain));
        assertThat(refused.status()).isEqualTo(401);
        browser.open(origin + "/admin/connections/" + acme.id() + "/groups");
        assertThat(browser.find("#groups").getText()).contains("Engineering", "4", "Admins", "1", "Support", "2");
        browser.open(origin + "/admin/connections/" + acme.id() + "/failures");
        assertThat(browser.find("#failures").getText()).contains("POST", "/Users", "401");
        browser.open(origin + "/admin/projections");
        assertThat(browser.find("#projections").getText()).contains("directory-users", "connection-overview");
        browser.open(origin + "/admin/webhooks");
        assertThat(browser.find("main").getText()).contains("Webhook endpoints");

        browser.resize(390, 900);
        browser.open(origin + "/admin/connections/" + acme.id() + "/users");
        browser.screenshot("directory-users-narrow");
        browser.resize(1280, 1000);

        browser.open(origin + "/admin/projections");
        browser.click("tr[data-projection='connection-overview'] button");
        browser.await(ExpectedConditions.urlContains("replayStarted=connection-overview"));
        browser.open(origin + "/admin/connections/" + acme.id());
        assertThat(browser.find("#scim-base-url").getAttribute("value"))
                .as("the page stands while its overview is rebuilt")
                .isEqualTo(acme.base());

        browser.open(origin + "/admin/projections");
        browser.click("tr[data-projection='scim-groups'] button");
        browser.await(ExpectedConditions.urlContains("replayStarted=scim-groups"));
        browser.await(ExpectedConditions.textToBePresentInElementLocated(
                By.cssSelector("tr[data-projection='scim-groups']"), "done"));
    }

    @Test
    @Order(6)
    void theAccessReviewTabShowsTheDirectoryAsOfAnInstantAndTheChangesSinceWithFiltersAndDownloads()
            throws InterruptedException {
        Response edited =
                api.call("PATCH", "/api/users/" + bob + "/public-metadata", Map.of("desk", "<b>4</b>", "floor", 2));
        assertThat(edited.status()).as(edited.toString()).isEqualTo(200);
        api.awaitMetadata(bob, Map.of("desk", "<b>4</b>", "floor", 2));
        Thread.sleep(1100); // the page's instant is now to the second
        browser.open(origin + "/admin/connections/" + acme.id());
        browser.find("#tab-access-review").click();
        browser.await(ExpectedConditions.presenceOfElementLocated(By.id("access-snapshot")));
        assertThat(browser.all("#access-snapshot tbody tr"))
                .as("every user, as of now")
                .hasSize(PEOPLE.size());
        WebElement bobMetadata =
                browser.find("#access-snapshot tr[data-user-id='" + bob + "'] td[data-label='Public metadata']");
        assertThat(bobMetadata.getText().split(", "))
                .as("key=value pairs, as text (in the order stored: the request's Map.of has none)")
                .containsExactlyInAnyOrder("desk=<b>4</b>", "floor=2");
        assertThat(bobMetadata.findElements(By.tagName("b"))).as("escaped").isEmpty();
        assertThat(browser.find("#access-snapshot tr[data-user-id='" + ada + "'] td[data-label='Public metadata']")
                        .getText())
                .isEqualTo("{}");

        browser.find("#group").sendKeys("Support");
        browser.find("#review").click();
        browser.await(ExpectedConditions.urlContains("group=Support"));
        assertThat(browser.all("#access-snapshot tbody tr"))
                .as("the two members of Support")
                .hasSize(2);
        browser.screenshot("access-review");

        browser.find("#group").clear();
        browser.find("#asOf").clear();
        browser.find("#asOf").sendKeys(beforeGroups.toString());
        browser.find("#review").click();
        browser.await(ExpectedConditions.urlContains("asOf="));
        WebElement adaThen = browser.find("#access-snapshot tr[data-user-id='" + ada + "']");
        assertThat(adaThen.getText())
                .as("before the groups were pushed")
                .contains(adaName)
                .doesNotContain("Admins");

        String since = beforeGroups.toString();
        browser.find("#asOf").clear();
        browser.find("#asOf").sendKeys(Instant.now().plusSeconds(1).toString());
        browser.find("#since").sendKeys(since);
        browser.find("#group").sendKeys("Engineering");
        browser.find("#review").click();
        browser.await(ExpectedConditions.presenceOfElementLocated(By.id("access-changes")));
        new org.openqa.selenium.support.ui.Select(browser.find("#status")).selectByValue("joined");
        browser.find("#review").click();
        browser.await(ExpectedConditions.urlContains("status=joined"));
        assertThat(browser.all("#access-changes tbody tr"))
                .extracting(row -> row.getAttribute("data-user-id"))
                .as("the four who joined Engineering")
                .hasSize(4)
                .contains(ada, bob);
        assertThat(browser.find("#access-changes tr[data-user-id='" + ada + "']")
                        .getText())
                .contains("joined", "Engineering", "GroupMembersAddedEvent");

        new org.openqa.selenium.support.ui.Select(browser.find("#status")).selectByValue("metadata-changed");
        browser.find("#review").click();
        browser.await(ExpectedConditions.urlContains("status=metadata-changed"));
        assertThat(browser.all("#access-changes tbody tr"))
                .as("a publicMetadata change belongs to no group")
                .isEmpty();
        browser.find("#group").clear();
        browser.find("#review").click();
        browser.await(ExpectedConditions.not(ExpectedConditions.urlContains("group=Engineering")));
        List<WebElement> metadataChanges = browser.all("#access-changes tbody tr");
        assertThat(metadataChanges)
                .extracting(row -> row.getAttribute("data-user-id") + " " + row.getAttribute("data-kind"))
                .as("bob's hand edit, the only publicMetadata change since")
                .containsExactly(bob + " metadata-changed");
        WebElement bobChange = metadataChanges.get(0);
        assertThat(bobChange
                        .findElement(By.cssSelector("td[data-label='Public metadata']"))
                        .getText())
                .isIn("{} → desk=<b>4</b>, floor=2", "{} → floor=2, desk=<b>4</b>");
        assertThat(bobChange.getText()).contains(bobName, "edited by an admin", "PublicMetadataEditedEvent");
        browser.driver.executeScript("document.getElementById('access-changes').scrollIntoView()");
        browser.screenshot("access-review-metadata-changes");

        String csv = (String) browser.driver.executeAsyncScript("const done = arguments[arguments.length - 1];"
                + "fetch(document.getElementById('download-csv').href).then(r => r.text()).then(done);");
        assertThat(csv.lines().findFirst().orElseThrow()).startsWith("at,kind,userId,userName,groupId,groupName,");
        assertThat(csv).contains(ada + "," + adaName);
        String ndjson = (String) browser.driver.executeAsyncScript("const done = arguments[arguments.length - 1];"
                + "fetch(document.getElementById('download-ndjson').href).then(r => r.text()).then(done);");
        assertThat(ndjson.lines().map(HttpClientSupport::parse)).allMatch(row -> row.has("eventPosition"));
    }

    /**
     * The chart of members per role on the Access review tab: drawn as SVG with a legend, its figures in a table that
     * agree with the snapshot on the same page (active users per role, at the chart's last point and, for a range
     * picked on the page, at its first), and a bad range answered beside the chart.
     */
    @Test
    @Order(14)
    void theAccessReviewTabChartsMembersPerRoleOverARangePickedOnThePage() {
        browser.signIn(origin, DirsyncClient.ADMIN_TOKEN);
        browser.open(origin + "/admin/connections/" + acme.id());
        browser.find("#tab-access-review").click();
        browser.await(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#role-chart svg")));
        Instant asOf = Instant.parse(browser.find("#asOf").getAttribute("value"));
        assertThat(browser.find("#chart-to").getAttribute("value")).isEqualTo(asOf.toString());
        assertThat(browser.find("#chart-from").getAttribute("value"))
                .as("the 30 days up to the page's instant by default")
                .isEqualTo(asOf.minus(Duration.ofDays(30)).toString());
        List<String> legend = browser.all("#role-chart-legend li").stream()
                .map(item -> item.getAttribute("data-role"))
                .toList();
        assertThat(legend).contains("member");
        assertThat(browser.all("#role-chart svg g.chart-line polyline")).hasSize(legend.size());
        assertThat(browser.all("#role-chart svg text.x-tick")).hasSizeGreaterThan(2);
        assertThat(browser.all("#role-chart svg text.y-tick")).hasSizeGreaterThan(1);
        assertThat(browser.find("#role-chart svg").getAttribute("aria-labelledby"))
                .isEqualTo("role-chart-title role-chart-desc");
        browser.driver.executeScript("document.getElementById('role-chart-card').scrollIntoView()");
        browser.screenshot("access-review-chart");

        browser.find("#role-counts-figures summary").click();
        assertThat(figureRoles())
                .as("the table's columns are the legend's roles")
                .isEqualTo(legend);
        List<WebElement> rows = browser.all("#role-counts tbody tr");
        assertThat(rows).as("a point a day, both ends included").hasSize(31);
        assertThat(figures(rows.get(rows.size() - 1)))
                .as("the last point is the page's instant: the snapshot's active users per role")
                .isEqualTo(activeUsersPerRole(legend));

        browser.find("#chart-from").clear();
        browser.find("#chart-from").sendKeys(beforeGroups.toString());
        new org.openqa.selenium.support.ui.Select(browser.find("#chart-step")).selectByValue("");
        browser.find("#chart-show").click();
        browser.await(ExpectedConditions.urlContains("chartFrom="));
        browser.find("#asOf").clear();
        browser.find("#asOf").sendKeys(beforeGroups.toString());
        browser.find("#review").click();
        browser.await(
                ExpectedConditions.urlContains("asOf=" + beforeGroups.toString().replace(":", "%3A")));
        assertThat(browser.find("#chart-from").getAttribute("value"))
                .as("the range picked stays when the review's instant changes")
                .isEqualTo(beforeGroups.toString());
        browser.find("#role-counts-figures summary").click();
        rows = browser.all("#role-counts tbody tr");
        assertThat(rows).as("30 points across the range").hasSize(30);
        assertThat(rows.get(0).getAttribute("data-at")).isEqualTo(beforeGroups.toString());
        List<String> roles = figureRoles();
        assertThat(roles).as("admin and viewer came with the groups' mappings").contains("admin", "viewer", "member");
        assertThat(figures(rows.get(0)))
                .as("before the groups: the snapshot then")
                .isEqualTo(activeUsersPerRole(roles));

        browser.find("#chart-to").clear();
        browser.find("#chart-to").sendKeys(beforeGroups.minusSeconds(60).toString());
        browser.find("#chart-show").click();
        assertThat(browser.find("#chart-error").getText()).contains("'to' must be after 'from'");
        assertThat(browser.all("#access-snapshot tbody tr"))
                .as("the rest of the page still answers")
                .isNotEmpty();
    }

    private List<String> figureRoles() {
        List<WebElement> headers = browser.all("#role-counts thead th");
        return headers.subList(1, headers.size()).stream()
                .map(header -> header.getAttribute("textContent").trim())
                .toList();
    }

    private static List<Long> figures(WebElement row) {
        return row.findElements(By.cssSelector("td")).stream()
                .map(cell -> Long.parseLong(cell.getText()))
                .toList();
    }

    /** Counted from the snapshot table on the page: its active users holding each role. */
    private List<Long> activeUsersPerRole(List<String> roles) {
        List<WebElement> users = browser.all("#access-snapshot tbody tr");
        assertThat(users).as("every user fits on the page").hasSizeLessThan(200);
        List<Long> counts = new ArrayList<>();
        for (String role : roles) {
            counts.add(users.stream()
                    .filter(row -> row.findElement(By.cssSelector("td[data-label='Status']"))
                                    .getText()
                                    .equals("Active")
                            && row.findElement(By.cssSelector("td.role-cell"))
                                    .getText()
                                    .equals(role))
                    .count());
        }
        return counts;
    }

    @Test
    @Order(7)
    void theSessionCookieIsNotTheTokenAndCrossOriginPostsAreRefused() throws IOException, InterruptedException {
        HttpClient http = HttpClient.newBuilder()
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        HttpResponse<String> login = http.send(
                HttpRequest.newBuilder(URI.create(origin + "/admin/login"))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .header("Origin", origin)
                        .POST(HttpRequest.BodyPublishers.ofString("token=" + DirsyncClient.ADMIN_TOKEN))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(login.statusCode()).isEqualTo(302);
        String setCookie = login.headers().firstValue("Set-Cookie").orElseThrow();
        assertThat(setCookie)
                .startsWith("dirsync_admin=")
                .contains("HttpOnly", "SameSite=Strict", "Path=/admin")
                .doesNotContain(DirsyncClient.ADMIN_TOKEN);
        String cookie = setCookie.substring(0, setCookie.indexOf(';'));

        HttpRequest.Builder disable = HttpRequest.newBuilder(
                        URI.create(origin + "/admin/connections/" + acme.id() + "/sync"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Cookie", cookie)
                .POST(HttpRequest.BodyPublishers.ofString("enabled=true"));
        assertThat(http.send(
                                disable.copy()
                                        .header("Origin", "http://evil.example")
                                        .build(),
                                HttpResponse.BodyHandlers.ofString())
                        .statusCode())
                .as("another origin")
                .isEqualTo(403);
        assertThat(http.send(disable.copy().build(), HttpResponse.BodyHandlers.ofString())
                        .statusCode())
                .as("neither Origin nor Referer")
                .isEqualTo(403);
        HttpResponse<String> page = http.send(
                HttpRequest.newBuilder(URI.create(origin + "/admin/connections"))
                        .header("Cookie", "dirsync_admin=v1.99999999999.AAAA.forged")
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(page.statusCode()).as("a forged cookie").isEqualTo(302);
        assertThat(page.headers().firstValue("Location").orElseThrow()).endsWith("/admin/login");
        assertThat(http.send(disable.copy().header("Origin", origin).build(), HttpResponse.BodyHandlers.ofString())
                        .statusCode())
                .as("same origin, valid session")
                .isEqualTo(302);
    }

    @Test
    @Order(8)
    void organizationsAreCreatedWithRolesAndARefusedFormSaysWhy() throws InterruptedException {
        browser.open(origin + "/admin/organizations");
        browser.find("#roles").sendKeys("owner, member");
        browser.find("#create-organization-submit").click();
        assertThat(browser.find("#organization-error").getText()).contains("needs a name");
        assertThat(browser.find("#roles").getAttribute("value"))
                .as("what was typed stays")
                .isEqualTo("owner, member");
        assertThat(browser.consoleErrors()).as("only the refused form's 400").allMatch(e -> e.contains("400"));

        browser.find("#name").sendKeys("Globex");
        browser.find("#defaultRole").sendKeys("member");
        browser.find("#create-organization-submit").click();
        browser.await(ExpectedConditions.presenceOfElementLocated(By.id("organization-created")));
        WebElement globex = awaitOrganizationRow("Globex", "owner");
        assertThat(globex.findElement(By.cssSelector(".organization-roles")).getText())
                .contains("owner", "member");
        assertThat(globex.findElement(By.cssSelector(".organization-default")).getText())
                .isEqualTo("member");

        globex.findElement(By.cssSelector(".add-role input[name=key]")).sendKeys("billing");
        globex.findElement(By.cssSelector(".add-role button")).click();
        browser.await(ExpectedConditions.presenceOfElementLocated(By.id("role-added")));
        awaitOrganizationRow("Globex", "billing");

        WebElement withBilling = awaitOrganizationRow("Globex", "billing");
        withBilling.findElement(By.cssSelector(".add-role input[name=key]")).sendKeys("   ");
        withBilling.findElement(By.cssSelector(".add-role button")).click();
        assertThat(browser.find(".role-error").getText()).as("a blank key").contains("needs a key");
        assertThat(browser.consoleErrors()).as("only the refused role's 400").allMatch(e -> e.contains("400"));
        browser.screenshot("organizations");
    }

    @Test
    @Order(9)
    void aConnectionIsCreatedForAnOrganizationWithTheErasePolicyAndItsTokenWorks() throws InterruptedException {
        browser.open(origin + "/admin/connections");
        new org.openqa.selenium.support.ui.Select(browser.find("#deletionPolicy")).selectByValue("erase");
        browser.find("#create-connection button[type=submit]").click();
        assertThat(browser.find("#connection-error").getText()).contains("name");
        assertThat(new org.openqa.selenium.support.ui.Select(browser.find("#deletionPolicy"))
                        .getFirstSelectedOption()
                        .getAttribute("value"))
                .as("the choice stays")
                .isEqualTo("erase");
        assertThat(browser.consoleErrors()).as("only the refused form's 400").allMatch(e -> e.contains("400"));

        browser.find("#name").sendKeys("Globex Entra");
        new org.openqa.selenium.support.ui.Select(browser.find("#organizationId")).selectByVisibleText("Globex");
        browser.find("#create-connection button[type=submit]").click();
        String base = browser.find("#scim-base-url").getAttribute("value");
        String token = browser.find("#bearer-token").getAttribute("value");
        browser.screenshot("connection-created");
        String connectionId = base.substring(base.lastIndexOf('/') + 1);
        assertThat(base).isEqualTo(origin + "/scim/v2/" + connectionId);

        Connection globex = new Connection(connectionId, base, token);
        assertThat(client.scim(globex, "GET", "/Users", null).status())
                .as("the token shown works")
                .isEqualTo(200);
        assertThat(jdbc.queryForObject(
                        "SELECT COUNT(*) FROM domain_event_entry WHERE aggregate_identifier = ?"
                                + " AND payload_type = 'io.dirsync.api.connection.DeletionPolicyChangedEvent'",
                        Long.class,
                        connectionId))
                .as("the erase policy chosen")
                .isEqualTo(1L);
        browser.find("main a.btn-primary").click();
        browser.await(ExpectedConditions.urlToBe(origin + "/admin/connections/" + connectionId));
        // the connection's name comes from a streaming view, a moment behind the command
        AdminApi.await("the connection page names Globex Entra", () -> {
            browser.open(origin + "/admin/connections/" + connectionId);
            String title = browser.find("main .title-row").getText();
            return title.contains("Globex Entra") ? null : title;
        });
        assertThat(browser.find("main .title-row").getText()).contains("Globex Entra", "Organization: Globex");
    }

    @Test
    @Order(10)
    void aWebhookIsRegisteredWithItsSecretShownOnceAndADeliveryIsRedelivered()
            throws IOException, InterruptedException {
        try (WebhookReceiver receiver = new WebhookReceiver()) {
            browser.open(origin + "/admin/webhooks");
            browser.find("#url").sendKeys("http://10.0.0.5/hook");
            browser.find("input[name=events][value='user.created']").click();
            browser.find("#register-webhook-submit").click();
            assertThat(browser.find("#webhook-error").getText())
                    .as("an internal address")
                    .isNotBlank();
            assertThat(browser.consoleErrors())
                    .as("only the refused form's 400")
                    .allMatch(e -> e.contains("400"));
            assertThat(browser.find("input[name=events][value='user.created']").isSelected())
                    .as("the choice stays")
                    .isTrue();

            browser.find("#url").clear();
            browser.find("#url").sendKeys(receiver.url());
            browser.find("#register-webhook-submit").click();
            String secret = browser.find("#webhook-secret").getAttribute("value");
            assertThat(secret).startsWith("whsec_");
            browser.screenshot("webhook-registered");
            receiver.verifyWith(secret);
            browser.find("#webhook-done").click();
            browser.await(ExpectedConditions.urlContains("/admin/webhooks/"));
            String deliveriesPage = browser.driver.getCurrentUrl();

            String userId = scimUser("Grace Murray");
            AdminApi.await(
                    "the delivery, signed with the secret shown",
                    () -> receiver.accepted(userId).stream().anyMatch(WebhookReceiver.Request::signatureValid)
                            ? null
                            : receiver.requests().toString());
            AdminApi.await("the delivery on the page", () -> {
                browser.open(deliveriesPage);
                return browser.find("#deliveries").getText().contains("delivered")
                        ? null
                        : browser.find("main").getText();
            });
            browser.find("#deliveries tbody tr:first-child button").click();
            browser.await(ExpectedConditions.presenceOfElementLocated(By.id("redelivered")));
            AdminApi.await(
                    "the redelivery",
                    () -> receiver.accepted(userId).size() >= 2
                            ? null
                            : receiver.requests().toString());
            browser.screenshot("webhook-deliveries");
        }
    }

    @Test
    @Order(11)
    void attributeMappingsAreEditedWithTheSchemasPathsToChooseFrom() throws InterruptedException {
        browser.open(origin + "/admin/connections/" + acme.id());
        browser.find("#tab-attribute-mappings").click();
        browser.await(ExpectedConditions.urlContains("/attribute-mappings"));
        assertThat(browser.all("#scim-paths option"))
                .extracting(e -> e.getAttribute("value"))
                .contains(
                        "userName",
                        "name.givenName",
                        "emails.value",
                        "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department");

        browser.find("#attribute-mappings tr.new-row input[name=scimPath]").sendKeys("nosuch.attribute");
        browser.find("#attribute-mappings tr.new-row input[name=attribute]").sendKeys("login");
        browser.find("#save-attribute-mappings").click();
        assertThat(browser.find("#mappings-error").getText()).contains("scimPath");
        assertThat(browser.consoleErrors()).as("only the refused form's 400").allMatch(e -> e.contains("400"));
        WebElement kept = browser.find("#attribute-mappings tr.attribute-row:not(.new-row)");
        assertThat(kept.findElement(By.name("scimPath")).getAttribute("value"))
                .as("what was typed stays")
                .isEqualTo("nosuch.attribute");
        assertThat(api.call("GET", "/api/connections/" + acme.id() + "/attribute-mappings", null)
                        .json())
                .as("nothing stored")
                .isEmpty();

        kept.findElement(By.name("scimPath")).clear();
        kept.findElement(By.name("scimPath")).sendKeys("userName");
        browser.find("#save-attribute-mappings").click();
        browser.await(ExpectedConditions.presenceOfElementLocated(By.id("mappings-saved")));
        api.awaitMetadata(ada, Map.of("login", adaName));
        assertThat(api.call("GET", "/api/connections/" + acme.id() + "/attribute-mappings", null)
                        .json())
                .isEqualTo(AdminApi.json(List.of(Map.of("scimPath", "userName", "attribute", "login"))));
        browser.open(origin + "/admin/connections/" + acme.id() + "/attribute-mappings");
        WebElement saved = browser.find("#attribute-mappings tr.attribute-row:not(.new-row)");
        assertThat(saved.findElement(By.name("attribute")).getAttribute("value"))
                .isEqualTo("login");
        browser.screenshot("attribute-mappings");
    }

    @Test
    @Order(12)
    void publicMetadataIsEditedOnTheUserPageAndAMappedKeyIsLockedWhileSyncIsOn() throws InterruptedException {
        api.awaitMetadata(ada, Map.of("login", adaName));

        browser.open(origin + "/admin/users/" + ada);
        assertThat(browser.find("#public-metadata dt[data-key='login'] .metadata-lock")
                        .getText())
                .isEqualTo("from SCIM");
        browser.find("#metadata-key").sendKeys("plan");
        browser.find("#metadata-value").sendKeys("pro");
        browser.find("#save-metadata").click();
        browser.await(ExpectedConditions.presenceOfElementLocated(By.id("metadata-saved")));
        api.awaitMetadata(ada, Map.of("login", adaName, "plan", "pro"));
        browser.open(origin + "/admin/users/" + ada);
        assertThat(browser.find("#public-metadata").getText()).contains("plan", "pro");
        assertThat(browser.all("#public-metadata dt[data-key='plan'] .metadata-lock"))
                .as("the admin's own key")
                .isEmpty();

        browser.find("#metadata-key").sendKeys("login");
        browser.find("#metadata-value").sendKeys("someone.else");
        browser.find("#save-metadata").click();
        assertThat(browser.find("#metadata-error").getText()).contains("login", "directory sync");
        assertThat(browser.find("#metadata-key").getAttribute("value"))
                .as("what was typed stays")
                .isEqualTo("login");
        assertThat(browser.consoleErrors()).as("only the refused edit's 409").allMatch(e -> e.contains("409"));
        browser.screenshot("public-metadata");

        browser.find("#metadata-key").clear();
        browser.find("#metadata-key").sendKeys("plan");
        browser.find("#metadata-value").clear();
        browser.find("#save-metadata").click();
        browser.await(ExpectedConditions.presenceOfElementLocated(By.id("metadata-saved")));
        api.awaitMetadata(ada, Map.of("login", adaName));
    }

    @Test
    @Order(13)
    void anAuditorSignsInToAReadOnlyViewThatEndsWhenTheTokenIsRevoked() throws IOException, InterruptedException {
        Response issued =
                api.call("POST", "/api/auditor-tokens", Map.of("name", "UI auditor", "expiresInSeconds", 3600));
        assertThat(issued.status()).as(issued.toString()).isEqualTo(201);
        String auditorToken = issued.json().get("token").asText();
        String auditorTokenId = issued.json().get("id").asText();

        browser.open(origin + "/admin/connections");
        browser.find("form.logout button").click();
        browser.await(ExpectedConditions.urlContains("/admin/login"));
        browser.find("#token").sendKeys(auditorToken);
        browser.find("#sign-in").click();
        browser.await(ExpectedConditions.urlContains("/admin/connections"));

        assertThat(browser.find("#read-only-badge").isDisplayed()).isTrue();
        assertThat(browser.find("#read-only-badge").getText()).isEqualTo("Read-only (auditor)");
        assertThat(browser.find("#connections").getText()).contains("Acme Okta");
        assertThat(browser.find(".mainnav").getText()).doesNotContain("Webhooks");
        assertNoVisibleWriteControl("connections");
        browser.open(origin + "/admin/connections/" + acme.id());
        assertThat(browser.find("#scim-base-url").getAttribute("value")).isEqualTo(acme.base());
        assertNoVisibleWriteControl("connection overview");
        browser.open(origin + "/admin/users/" + ada);
        assertThat(browser.find("#read-only-badge").isDisplayed()).isTrue();
        assertThat(browser.find("#user-name").getText()).isEqualTo(adaName);
        assertThat(browser.find("#role-card").getText()).contains("Role");
        assertNoVisibleWriteControl("user page");
        browser.screenshot("auditor-user-page");
        browser.open(origin + "/admin/connections/" + acme.id() + "/role-mapping");
        assertThat(mappingOrder()).as("the mappings stay readable").containsExactly("Engineering", "Admins");
        assertNoVisibleWriteControl("role mapping");
        browser.open(origin + "/admin/organizations");
        assertThat(browser.find("#organizations").getText()).contains("Globex");
        assertNoVisibleWriteControl("organizations");
        browser.open(origin + "/admin/connections/" + acme.id() + "/attribute-mappings");
        assertThat(browser.find("#attribute-mappings").isDisplayed()).isTrue();
        assertNoVisibleWriteControl("attribute mappings");

        String cookie = "dirsync_admin="
                + browser.driver.manage().getCookieNamed("dirsync_admin").getValue();
        HttpClient http = HttpClient.newBuilder()
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        HttpRequest.Builder disableSync = HttpRequest.newBuilder(
                        URI.create(origin + "/admin/connections/" + acme.id() + "/sync"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Cookie", cookie)
                .header("Origin", origin)
                .POST(HttpRequest.BodyPublishers.ofString("enabled=false"));
        assertThat(http.send(disableSync.build(), HttpResponse.BodyHandlers.ofString())
                        .statusCode())
                .as("a write from an auditor's session")
                .isEqualTo(403);
        HttpRequest.Builder revealToken = HttpRequest.newBuilder(
                        URI.create(origin + "/admin/connections/" + acme.id() + "/token"))
                .header("Cookie", cookie)
                .header("Origin", origin)
                .POST(HttpRequest.BodyPublishers.noBody());
        assertThat(http.send(revealToken.build(), HttpResponse.BodyHandlers.ofString())
                        .statusCode())
                .as("the connection token reveal")
                .isEqualTo(403);
        assertThat(http.send(
                                HttpRequest.newBuilder(URI.create(origin + "/admin/webhooks"))
                                        .header("Cookie", cookie)
                                        .build(),
                                HttpResponse.BodyHandlers.ofString())
                        .statusCode())
                .as("the webhook pages")
                .isEqualTo(403);
        assertThat(client.scim(acme, "GET", "/Users/" + ada, null).status())
                .as("sync is still on")
                .isEqualTo(200);

        Response revoked = api.call("DELETE", "/api/auditor-tokens/" + auditorTokenId, null);
        assertThat(revoked.status()).as(revoked.toString()).isEqualTo(204);
        browser.open(origin + "/admin/connections");
        browser.await(ExpectedConditions.urlContains("/admin/login"));
        assertThat(browser.all("#read-only-badge")).isEmpty();
    }

    /** No submit button of a POST form and no htmx write control is visible (logging out is not a write). */
    private void assertNoVisibleWriteControl(String page) {
        List<WebElement> visible = browser
                .all(
                        "form[method=post]:not(.logout) button, form[method=post]:not(.logout) input[type=submit],"
                                + " [hx-post], [hx-put], [hx-patch], [hx-delete], button.move-up, button.move-down, button.remove")
                .stream()
                .filter(WebElement::isDisplayed)
                .toList();
        assertThat(visible)
                .as("visible write controls on the " + page)
                .extracting(e -> e.getAttribute("outerHTML"))
                .isEmpty();
    }

    /** The organization list is a projection: it shows a new organization or role a moment after the write. */
    private WebElement awaitOrganizationRow(String name, String role) throws InterruptedException {
        AdminApi.await("organization " + name + " with role " + role, () -> {
            browser.open(origin + "/admin/organizations");
            return rowOf(name).filter(row -> row.getText().contains(role)).isPresent()
                    ? null
                    : browser.find("main").getText();
        });
        return rowOf(name).orElseThrow();
    }

    private java.util.Optional<WebElement> rowOf(String name) {
        return browser.all("#organizations tbody tr").stream()
                .filter(row -> row.findElement(By.cssSelector(".organization-name"))
                        .getText()
                        .equals(name))
                .findFirst();
    }

    private List<String> mappingOrder() {
        return browser.all("#mapping-list .mapping-group").stream()
                .map(WebElement::getText)
                .toList();
    }

    private String userName(String person) {
        return person.toLowerCase().replace(' ', '.').replace("-", "") + "@" + domain;
    }

    private String scimUser(String person) {
        String[] parts = person.split(" ", 2);
        int index = PEOPLE.indexOf(person);
        Map<String, Object> body = Map.of(
                "schemas",
                List.of(
                        "urn:ietf:params:scim:schemas:core:2.0:User",
                        "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"),
                "userName",
                userName(person),
                "externalId",
                "00u" + index,
                "name",
                Map.of("givenName", parts[0], "familyName", parts[1]),
                "displayName",
                person,
                "emails",
                List.of(Map.of("primary", true, "value", userName(person), "type", "work")),
                "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User",
                Map.of("department", index % 3 == 0 ? "R&D" : "Operations", "employeeNumber", "E-" + index),
                "active",
                true);
        Response response = client.scim(acme, "POST", "/Users", body);
        assertThat(response.status()).as(response.toString()).isEqualTo(201);
        return response.json().get("id").asText();
    }

    private String scimGroup(String name, String... members) {
        List<Map<String, String>> values = new ArrayList<>();
        for (String member : members) {
            values.add(Map.of("value", member));
        }
        Response response = client.scim(
                acme,
                "POST",
                "/Groups",
                Map.of(
                        "schemas",
                        List.of("urn:ietf:params:scim:schemas:core:2.0:Group"),
                        "displayName",
                        name,
                        "members",
                        values));
        assertThat(response.status()).as(response.toString()).isEqualTo(201);
        return response.json().get("id").asText();
    }
}
