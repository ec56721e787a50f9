package io.castellan.startup;

import io.castellan.platform.ServerSettings;
import jakarta.annotation.PostConstruct;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import java.io.File;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Keeps the JVM's ahead-of-time cache (JDK 25's AOT cache: the classes of Liberty, its features
 * and Castellan read, parsed and linked once) for the next start of this server: with it a start
 * is several seconds shorter. The first start asks the second to record; the second's JVM writes
 * the cache when that server stops (about half a minute, once); every start after uses it, until
 * the JDK or Liberty changes. Through {@code configDropins/defaults/jvm.options}, which only this
 * class writes (it leaves a file of the operator's alone). {@code castellan.startup.cache=false}
 * turns it off.
 */
@Singleton
@Startup
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class StartupCache {

    private static final Logger LOG = Logger.getLogger(StartupCache.class.getName());

    @PostConstruct
    void planNextStart() {
        try {
            Path data = Path.of(ServerSettings.get("castellan/data/dir", "castellan")).toAbsolutePath();
            Path options = Path.of(ServerSettings.get("castellan/server/config/dir", "."), "configDropins", "defaults", "jvm.options");
            CachePlan plan = new CachePlan(data.resolve("startup.aot"));
            Path made = data.resolve("startup.aot.jvm");
            String thisJvm = thisJvm();
            CachePlan.Mode mode = plan.mode(ManagementFactory.getRuntimeMXBean().getInputArguments());
            if (mode == CachePlan.Mode.RECORDING) {
                // a recording killed before it wrote must not leave an older cache that looks current
                Files.deleteIfExists(plan.cache());
                Files.createDirectories(data);
                Files.writeString(made, thisJvm);
                LOG.info(() -> "Start-up cache: this server records it; the JVM writes " + plan.cache() + " when the server stops (about half a minute, once)");
            }
            boolean current = Files.isRegularFile(plan.cache()) && Files.isRegularFile(made) && Files.readString(made).equals(thisJvm);
            boolean enabled = Boolean.parseBoolean(ServerSettings.get("castellan/startup/cache", "true")) && jdkHasTheCache();
            boolean ours = write(options, plan.next(enabled, mode, current));
            if (ours && enabled && mode == CachePlan.Mode.NONE) {
                LOG.info("Start-up cache: the next start of this server records it; the starts after that one use it");
            }
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.WARNING, "Start-up cache: not kept ({0}); starts take their usual time", e.getMessage());
        }
    }

    /** Writes, replaces or deletes the options file; false when it is the operator's, left alone. */
    private static boolean write(Path options, Optional<String> content) throws IOException {
        String existing = Files.exists(options) ? Files.readString(options) : null;
        if (existing != null && !CachePlan.written(existing)) {
            return false;
        }
        if (content.isEmpty()) {
            Files.deleteIfExists(options);
        } else if (!content.get().equals(existing)) {
            Files.createDirectories(options.getParent());
            Files.writeString(options, content.get());
        }
        return true;
    }

    /** The options exist from HotSpot 25 on; an older JVM would refuse to start with them. */
    private static boolean jdkHasTheCache() {
        boolean has = Runtime.version().feature() >= 25 && !System.getProperty("java.vm.name", "").contains("OpenJ9");
        if (!has) {
            LOG.info(() -> "Start-up cache: off, it needs a HotSpot JDK 25 or newer (this is " + System.getProperty("java.vm.name") + " " + Runtime.version() + ")");
        }
        return has;
    }

    /** What the JDK checks a cache against: the runtime and the class path's files. */
    private static String thisJvm() {
        String classPath = Stream.of(System.getProperty("java.class.path", "").split(File.pathSeparator))
                .map(File::new).map(f -> f.getAbsolutePath() + ":" + f.length() + ":" + f.lastModified())
                .collect(Collectors.joining(","));
        return System.getProperty("java.home") + " " + Runtime.version() + " " + classPath;
    }
}
