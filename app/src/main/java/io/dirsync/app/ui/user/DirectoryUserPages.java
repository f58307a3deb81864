package io.dirsync.app.ui.user;

import io.dirsync.api.directoryuser.DirectoryUserPage;
import io.dirsync.api.directoryuser.ListDirectoryUsersQuery;
import io.dirsync.app.ui.AdminReads;
import io.dirsync.query.support.Queries;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;

/** The Directory users tab: one page of a connection's users at a time, searched and paged in SQL. */
@Controller
public class DirectoryUserPages {
    static final int PAGE_SIZE = 25;
    private final AdminReads reads;
    private final QueryGateway queries;

    public DirectoryUserPages(AdminReads reads, QueryGateway queries) {
        this.reads = reads;
        this.queries = queries;
    }

    /** Where one page of the list starts and ends, for the pager. */
    public record Paging(int startIndex, int endIndex, long total, Integer previous, Integer next) {
        static Paging of(int startIndex, int shown, long total) {
            return new Paging(
                    startIndex,
                    startIndex + shown - 1,
                    total,
                    startIndex > 1 ? Math.max(1, startIndex - PAGE_SIZE) : null,
                    startIndex + shown <= total ? startIndex + PAGE_SIZE : null);
        }
    }

    @GetMapping("/admin/connections/{connectionId}/users")
    public String list(
            @PathVariable String connectionId,
            @RequestParam(required = false) String q,
            @RequestParam(required = false) String status,
            @RequestParam(defaultValue = "1") int startIndex,
            Model model) {
        ListDirectoryUsersQuery query = ListDirectoryUsersQuery.of(connectionId, status, q, startIndex, PAGE_SIZE);
        DirectoryUserPage page = Queries.await(queries.query(query, DirectoryUserPage.class));
        model.addAttribute("connection", reads.connection(connectionId));
        model.addAttribute("users", page.resources());
        model.addAttribute(
                "paging", Paging.of(query.startIndex(), page.resources().size(), page.totalResults()));
        model.addAttribute("q", query.search());
        model.addAttribute("status", query.status());
        model.addAttribute("tab", "users");
        return "admin/directory-users";
    }
}
