package io.castellan.platform;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Locale;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/** Brings the database schema up to date from the migrations in {@code db/} before anything uses it. */
@Singleton
@Startup
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class SchemaMigration {

    private static final Logger LOG = Logger.getLogger(SchemaMigration.class.getName());

    @Resource(lookup = "jdbc/castellan")
    private DataSource dataSource;

    @PostConstruct
    void migrate() {
        boolean postgresql = isPostgreSql();
        String[] locations = postgresql
                ? new String[] {"classpath:db/migration", "classpath:db/postgresql"}
                : new String[] {"classpath:db/migration"};
        var result = Flyway.configure(SchemaMigration.class.getClassLoader())
                .dataSource(dataSource)
                .locations(locations)
                .table("castellan_schema_history")
                // Liberty's timer store may create its tables in the same schema before this runs
                .baselineOnMigrate(true)
                .baselineVersion("0")
                .load()
                .migrate();
        LOG.info(() -> "Schema at version " + result.targetSchemaVersion + " (" + result.migrationsExecuted + " migrations applied now)");
    }

    /** PostgreSQL also runs db/postgresql: the timer tables Liberty cannot create there itself, and partial indexes (H2 has none). */
    private boolean isPostgreSql() {
        try (Connection connection = dataSource.getConnection()) {
            return connection.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT).contains("postgresql");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot reach the database to migrate its schema", e);
        }
    }
}
