package io.dirsync.app.ui.operations;

import io.dirsync.app.projection.ProjectionOperations;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;

/** Operations pages: projections with replay and progress. */
@Controller
public class OperationsPages {
    private final ProjectionOperations projections;

    public OperationsPages(ProjectionOperations projections) {
        this.projections = projections;
    }

    @GetMapping("/admin/projections")
    public String projections(Model model) {
        model.addAttribute("projections", projections.status());
        model.addAttribute("section", "projections");
        return "admin/projections";
    }

    @PostMapping("/admin/projections/{name}/replay")
    public String replay(@PathVariable String name) {
        projections.replay(name);
        return "redirect:/admin/projections?replayStarted=" + name;
    }
}
