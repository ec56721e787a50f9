package io.castellan.arquillian;

import org.jboss.shrinkwrap.api.Archive;
import org.jboss.shrinkwrap.api.exporter.ZipExporter;
import org.jboss.shrinkwrap.impl.base.exporter.zip.ZipStoredExporterImpl;

/**
 * The zip exporter Liberty's Arquillian container writes the test WAR with, storing its entries
 * instead of deflating them: the WAR is 170 MB of jars that are compressed already (the ONNX
 * runtime alone is 93 MB), and deflating them again took 10 s of each test class's deployment.
 */
public class StoredZipExporter extends ZipStoredExporterImpl implements ZipExporter {

    public StoredZipExporter(Archive<?> archive) {
        super(archive);
    }
}
