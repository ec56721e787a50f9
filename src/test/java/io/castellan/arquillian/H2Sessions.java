package io.castellan.arquillian;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;

/** The embedded database's own view of its sessions, for tests that must see one wait for another's lock. */
final class H2Sessions {

    private H2Sessions() {
    }

    /** How many sessions wait for a lock another holds now. */
    static int blocked(DataSource database) throws SQLException {
        try (Connection connection = database.getConnection(); Statement query = connection.createStatement();
             ResultSet count = query.executeQuery("select count(*) from information_schema.sessions where blocker_id is not null")) {
            count.next();
            return count.getInt(1);
        }
    }
}
