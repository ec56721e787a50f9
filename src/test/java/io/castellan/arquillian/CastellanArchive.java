package io.castellan.arquillian;

import java.io.File;
import java.net.URISyntaxException;
import org.assertj.core.api.Assertions;
import org.awaitility.Awaitility;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.exporter.ZipExporter;
import org.jboss.shrinkwrap.api.spec.WebArchive;

/** The WAR the build made, with the in-container tests and their assertion libraries added. */
public final class CastellanArchive {

    static {
        // the container exports the archive through the default domain's zip exporter
        ShrinkWrap.getDefaultDomain().getConfiguration().getExtensionLoader()
                .addOverride(ZipExporter.class, StoredZipExporter.class);
    }

    private CastellanArchive() {
    }

    public static WebArchive withTests(Class<?>... tests) {
        WebArchive built = ShrinkWrap.createFromZipFile(WebArchive.class, new File(System.getProperty("war.file", "target/castellan.war")));
        return ShrinkWrap.create(WebArchive.class, "castellan-arq.war")
                .merge(built)
                .addClasses(tests)
                .addClass(CastellanArchive.class)
                .addAsLibraries(jarOf(Awaitility.class), jarOf(org.hamcrest.Matcher.class), jarOf(Assertions.class));
    }

    private static File jarOf(Class<?> type) {
        try {
            return new File(type.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
