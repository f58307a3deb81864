package io.dirsync.command.connection;

import io.dirsync.api.attributemapping.AttributeMapping;
import io.dirsync.api.attributemapping.ReplaceAttributeMappingsCommand;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;

/** {@code PUT /api/connections/{id}/attribute-mappings}: the whole list; reads are on the query side. */
@RestController
public class AttributeMappingWriteController {
    private final CommandGateway commands;

    public AttributeMappingWriteController(CommandGateway commands) {
        this.commands = commands;
    }

    /** Answers the mappings as stored: paths and attribute names trimmed. */
    @PutMapping("/api/connections/{connectionId}/attribute-mappings")
    public List<AttributeMapping> replace(
            @PathVariable String connectionId, @RequestBody List<AttributeMapping> mappings) {
        return commands.sendAndWait(new ReplaceAttributeMappingsCommand(connectionId, mappings));
    }
}
