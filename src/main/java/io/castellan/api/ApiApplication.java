package io.castellan.api;

import io.castellan.access.BearerTokenFilter;
import io.castellan.access.CallerResource;
import io.castellan.audit.AuditFilter;
import io.castellan.audit.AuditResource;
import io.castellan.approval.ApprovalResource;
import io.castellan.access.TokenResource;
import io.castellan.behaviour.HealthResource;
import io.castellan.budget.BudgetResource;
import io.castellan.event.EventResource;
import io.castellan.inbox.InboxResource;
import io.castellan.memory.MemoryResource;
import io.castellan.fleet.FleetResource;
import io.castellan.invocation.InvocationResource;
import io.castellan.invocation.ProcessActivityResource;
import io.castellan.invocation.ProcessInvocationsResource;
import io.castellan.invocation.deadletter.DeadLetterResource;
import io.castellan.journal.JournalResource;
import io.castellan.message.ProcessAskResource;
import io.castellan.mission.MissionResource;
import io.castellan.platform.BodyLimit;
import io.castellan.platform.IntegerParameters;
import io.castellan.platform.JsonProvider;
import io.castellan.platform.ProblemMapper;
import io.castellan.process.ProcessResource;
import io.castellan.process.ProcessVersionsResource;
import io.castellan.retention.StorageResource;
import io.castellan.secret.SecretResource;
import io.castellan.state.StateResource;
import io.castellan.usage.UsageResource;
import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;
import java.util.Set;

/** The management API at {@code /api/v1}: every resource here sits behind the bearer-token filter. */
@ApplicationPath("/api/v1")
public class ApiApplication extends Application {

    @Override
    public Set<Class<?>> getClasses() {
        return Set.of(ProcessResource.class, ProcessVersionsResource.class, io.castellan.history.ForkResource.class, io.castellan.history.RewindResource.class, InvocationResource.class, ProcessInvocationsResource.class, ProcessActivityResource.class,
                JournalResource.class, StateResource.class, UsageResource.class, BudgetResource.class, HealthResource.class, SecretResource.class, MissionResource.class, FleetResource.class,
                TokenResource.class, CallerResource.class, DeadLetterResource.class, EventResource.class, ProcessAskResource.class, ApprovalResource.class, InboxResource.class, MemoryResource.class, AuditResource.class, StorageResource.class, AuditFilter.class, BearerTokenFilter.class, BodyLimit.class, IntegerParameters.class, JsonProvider.class, ProblemMapper.class, io.castellan.telemetry.TraceContextFilter.class);
    }
}
