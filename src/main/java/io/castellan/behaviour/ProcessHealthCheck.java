package io.castellan.behaviour;

import io.castellan.process.ProcessState;
import io.castellan.process.Processes;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

/** One running process's health check, in a transaction of its own, for the periodic timer. */
@ApplicationScoped
class ProcessHealthCheck {

    @Inject
    private Processes processes;

    @Inject
    private HealthWatch watch;

    @Transactional(Transactional.TxType.REQUIRES_NEW)
    void run(String name) {
        processes.find(name).filter(p -> p.state() == ProcessState.RUNNING)
                .ifPresent(p -> watch.check(name, processes.manifest(name, p.version()), null));
    }
}
