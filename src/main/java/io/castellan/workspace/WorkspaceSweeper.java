package io.castellan.workspace;

import io.castellan.invocation.Invocation;
import jakarta.ejb.Schedule;
import jakarta.ejb.Singleton;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;

/**
 * Every minute, removes the workspaces of invocations that have ended (or are gone): a workspace
 * lives as long as its invocation, across restarts and waits, and no longer.
 */
@Singleton
public class WorkspaceSweeper {

    private static final Logger LOG = Logger.getLogger(WorkspaceSweeper.class.getName());

    @PersistenceContext
    private EntityManager em;

    @Inject
    private Workspaces workspaces;

    @Schedule(second = "17", minute = "*", hour = "*", persistent = false)
    void sweep() {
        Path root = WorkspaceDirs.root();
        if (!Files.isDirectory(root)) {
            return;
        }
        List<Path> dirs;
        try (Stream<Path> list = Files.list(root)) {
            dirs = list.filter(Files::isDirectory).toList();
        } catch (IOException e) {
            LOG.log(Level.WARNING, "Cannot list workspaces: {0}", e.getMessage());
            return;
        }
        for (Path dir : dirs) {
            String id = dir.getFileName().toString();
            if (id.startsWith("check-")) {
                continue;
            }
            Invocation invocation = em.find(Invocation.class, id);
            if (invocation == null || invocation.status().isFinal()) {
                try {
                    WorkspaceDirs.delete(dir);
                    workspaces.forget(id);
                } catch (IOException e) {
                    LOG.log(Level.WARNING, "Cannot remove the workspace {0}: {1}", new Object[] {dir, e.getMessage()});
                }
            }
        }
    }
}
