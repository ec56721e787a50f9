package io.castellan.process;

import io.castellan.manifest.Manifest;
import io.castellan.manifest.ManifestParser;
import io.castellan.platform.InTransaction;
import io.castellan.platform.ProblemException;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.PersistenceException;
import jakarta.transaction.TransactionSynchronizationRegistry;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** Deploys, changes and removes agent processes. */
@ApplicationScoped
public class Processes {

    @Resource(lookup = "java:comp/TransactionSynchronizationRegistry")
    private TransactionSynchronizationRegistry transactions;

    /** Built at first use: it knows the names this server's extensions add (tools, hooks, prompt builders). */
    private volatile ManifestParser parser;

    @Inject
    private jakarta.enterprise.inject.Instance<io.castellan.manifest.ExtensionNames> extensionNames;
    /** Stored manifests were validated when deployed; re-reading them must not depend on today's environment. */
    private final ManifestParser storedParser = ManifestParser.forStored();
    private final Map<ProcessVersion.Key, Manifest> manifests = new ConcurrentHashMap<>();

    @PersistenceContext
    private EntityManager em;

    @Inject
    private Event<ProcessEvent> events;

    @Inject
    private ProcessLocks processLocks;

    private ManifestParser parser() {
        ManifestParser built = parser;
        if (built == null) {
            built = ManifestParser.withSystemEnvironment().withExtensions(
                    extensionNames.isResolvable() ? extensionNames.get() : io.castellan.manifest.ExtensionNames.NONE);
            parser = built;
        }
        return built;
    }

    public Manifest validate(String manifestText) {
        return parser().parse(manifestText);
    }

    @Transactional
    public AgentProcess deploy(String manifestText, String actor) {
        return deploy(manifestText, actor, null);
    }

    /** @param reason why, as the deployer says; kept with the version */
    @Transactional
    public AgentProcess deploy(String manifestText, String actor, String reason) {
        return deploy(parser().parse(manifestText), manifestText, actor, reason);
    }

    /** Deploys a manifest read before the transaction ({@link DeployChecks} says why). */
    @Transactional
    public AgentProcess deploy(Manifest manifest, String manifestText, String actor, String reason) {
        if (em.find(AgentProcess.class, manifest.name()) != null) {
            throw DeployChecks.taken(manifest.name());
        }
        Instant now = Instant.now();
        AgentProcess process = new AgentProcess(manifest.name(), manifest.start() ? ProcessState.RUNNING : ProcessState.STOPPED, now);
        // what the caller's transaction holds goes first: inserts are grouped by table at a flush
        // (hibernate.order_inserts), and a version of another process still held (an agent's self
        // change before it spawns) would take this process's version ahead of its row (a foreign key)
        em.flush();
        try {
            em.persist(process);
            em.persist(new ProcessVersion(manifest.name(), 1, manifestText, now, actor, reason));
            em.flush();
        } catch (PersistenceException e) {
            throw ProblemException.conflict("a process named '" + manifest.name() + "' was deployed at the same time");
        }
        events.fire(new ProcessEvent(ProcessEvent.Kind.DEPLOYED, process.name(), null, process.state(), 1, manifest, actor));
        return process;
    }

    @Transactional
    public AgentProcess update(String name, String manifestText, String actor) {
        return update(name, manifestText, actor, null);
    }

    /** @param reason why, as the deployer says (or the version a rollback restored); kept with the version */
    @Transactional
    public AgentProcess update(String name, String manifestText, String actor, String reason) {
        return update(name, parser().parse(manifestText), manifestText, actor, reason);
    }

    /** Updates to a manifest read before the transaction ({@link DeployChecks}). */
    @Transactional
    public AgentProcess update(String name, Manifest manifest, String manifestText, String actor, String reason) {
        if (!name.equals(manifest.name())) {
            throw DeployChecks.otherName(name);
        }
        AgentProcess process = processLocks.lock(name);
        process.nextVersion(Instant.now());
        em.persist(new ProcessVersion(name, process.version(), manifestText, Instant.now(), actor, reason));
        events.fire(new ProcessEvent(ProcessEvent.Kind.UPDATED, name, process.state(), process.state(), process.version(), manifest, actor));
        return process;
    }

    @Transactional
    public AgentProcess act(String name, LifecycleAction action, String actor) {
        AgentProcess process = processLocks.lock(name);
        if (process.state() == action.target()) {
            return process;
        }
        if (!action.allowedFrom(process.state())) {
            throw ProblemException.conflict("cannot " + action.name().toLowerCase() + " a process that is " + process.state());
        }
        changeState(process, action.target(), actor);
        return process;
    }

    /** Moves a locked process to a new state and tells the other areas. */
    public void changeState(AgentProcess process, ProcessState next, String actor) {
        changeState(process, next, actor, null);
    }

    /**
     * Moves a locked process to a new state for a reason Castellan keeps with it (such as
     * {@code budget: max_daily_cost}), so whatever lifts that reason knows the state is its own.
     */
    public void changeState(AgentProcess process, ProcessState next, String actor, String reason) {
        InTransaction.required(transactions);
        ProcessState from = process.state();
        process.changeState(next, Instant.now(), reason);
        events.fire(new ProcessEvent(ProcessEvent.Kind.STATE_CHANGED, process.name(), from, next, process.version(),
                manifest(process.name(), process.version()), actor));
    }

    /**
     * Castellan acting on a process for a reason (a budget, a health alert, a mission): moves a
     * locked process to the state unless its state does not allow that (a stop of a process
     * already stopped, a pause of one that is not running), which is then left as it is.
     */
    public void changeStateIfAllowed(AgentProcess process, ProcessState next, String actor, String reason) {
        InTransaction.required(transactions);
        if (process.state().canBecome(next)) {
            changeState(process, next, actor, reason);
        }
    }

    @Transactional
    public void delete(String name, String actor) {
        AgentProcess process = processLocks.lock(name);
        if (process.activeInvocation() != null) {
            throw ProblemException.conflict("invocation " + process.activeInvocation() + " is running; delete the process when it has ended");
        }
        events.fire(new ProcessEvent(ProcessEvent.Kind.DELETED, name, process.state(), null, process.version(), null, actor));
        em.createQuery("delete from ProcessVersion v where v.processName = :name").setParameter("name", name).executeUpdate();
        em.remove(process);
    }

    @Transactional
    public Optional<AgentProcess> find(String name) {
        return Optional.ofNullable(em.find(AgentProcess.class, name));
    }

    /**
     * The process, or a 404. Not a transactional method of its own (and {@link #find}, called on
     * this bean itself, passes no interceptor): the caller's transaction, if it has one, holds the
     * read, as it would have; without one the read needs none. Thrown out of a transaction this
     * method began, the refusal became an FFDC incident of the server's, one for each name asked
     * for: anyone could fill the server's disk through a webhook's URL.
     */
    public AgentProcess require(String name) {
        return find(name).orElseThrow(() -> ProblemException.notFound("process '" + name + "'"));
    }

    @Transactional
    public List<AgentProcess> list(String afterName, int limit) {
        return em.createQuery("select p from AgentProcess p where p.name > :after order by p.name", AgentProcess.class)
                .setParameter("after", afterName == null ? "" : afterName)
                .setMaxResults(limit)
                .getResultList();
    }

    /**
     * A mark that moves with every deploy, update, delete or state change of any process, on any
     * server: whether something derived from the fleet's manifests must be derived again.
     */
    @Transactional
    public String changeMark() {
        // count: deploys and deletes; the versions' sum: updates, whatever the servers' clocks; the newest change: the rest
        Object[] mark = em.createQuery("select count(p), sum(p.version), max(p.updatedAt) from AgentProcess p", Object[].class)
                .getSingleResult();
        return mark[0] + "/" + mark[1] + "@" + mark[2];
    }

    /**
     * The processes whose current manifest may mention {@code word} ({@link ManifestSieve}), by
     * name: for fleet-wide work that concerns few processes of a large fleet.
     */
    @Transactional
    public List<AgentProcess> mentioning(String word) {
        return ManifestSieve.bind(em.createQuery("select p from AgentProcess p, ProcessVersion v where v.processName = p.name"
                        + " and v.version = p.version and " + ManifestSieve.CONDITION + " order by p.name", AgentProcess.class), word)
                .getResultList();
    }

    /** How many processes deployed by an agent of {@code parent} ({@code spawned by <parent>: ...}) exist now. */
    @Transactional
    public long spawnedBy(String parent) {
        return em.createQuery("select count(v) from ProcessVersion v where v.version = 1 and v.createdBy like 'agent:%'"
                        + " and v.reason like :r", Long.class)
                // a process name is a-z, 0-9 and '-': nothing in it is a LIKE wildcard
                .setParameter("r", spawnReason(parent, "") + "%")
                .getSingleResult();
    }

    /** The reason a spawned process's first version carries: who spawned it, and the agent's why. */
    public static String spawnReason(String parent, String why) {
        return "spawned by " + parent + ": " + why;
    }

    /**
     * The manifest of one version; versions never change, so each is parsed once. Not
     * transactional: the engine asks for it at every step, and a cached answer needs no transaction
     * (a first read outside one gets the immutable row detached).
     */
    public Manifest manifest(String name, int version) {
        return manifests.computeIfAbsent(new ProcessVersion.Key(name, version), key -> {
            ProcessVersion stored = em.find(ProcessVersion.class, key);
            if (stored == null) {
                throw ProblemException.notFound("version " + version + " of process '" + name + "'");
            }
            return storedParser.parse(stored.manifestText());
        });
    }

    /** Parses a stored manifest into the cache before work needs it; one that does not parse is left to that work to report. */
    public void readAhead(String name, int version, String manifestText) {
        try {
            manifests.computeIfAbsent(new ProcessVersion.Key(name, version), key -> storedParser.parse(manifestText));
        } catch (RuntimeException e) {
            // not cached: manifest() parses it again when it is needed, and fails there
        }
    }

    /** Lets go of a cached manifest (a stand-in process's, whose rows were rolled back). */
    public void forget(String name, int version) {
        manifests.remove(new ProcessVersion.Key(name, version));
    }

    /** A process's versions, newest first, below {@code before} when given. */
    @Transactional
    public List<ProcessVersion> versions(String name, Integer before, int limit) {
        require(name);
        return em.createQuery("select v from ProcessVersion v where v.processName = :name and v.version < :before order by v.version desc",
                        ProcessVersion.class)
                .setParameter("name", name).setParameter("before", before == null ? Integer.MAX_VALUE : before).setMaxResults(limit)
                .getResultList();
    }

    /** One version of an existing process; 404 for either missing. */
    @Transactional
    public ProcessVersion version(String name, int version) {
        require(name);
        ProcessVersion stored = em.find(ProcessVersion.class, new ProcessVersion.Key(name, version));
        if (stored == null) {
            throw ProblemException.notFound("version " + version + " of process '" + name + "'");
        }
        return stored;
    }

    /** A new version equal to an earlier one, validated again as a deploy is; refused for the current one. */
    @Transactional
    public AgentProcess rollback(String name, int version, String actor) {
        ProcessVersion target = version(name, version);
        AgentProcess process = require(name);
        if (process.version() == version) {
            throw ProblemException.conflict("version " + version + " is the current version of process '" + name + "'");
        }
        return update(name, target.manifestText(), actor, "rollback to version " + version);
    }

    @Transactional
    public String manifestText(String name, int version) {
        ProcessVersion stored = em.find(ProcessVersion.class, new ProcessVersion.Key(name, version));
        return stored == null ? null : stored.manifestText();
    }
}
