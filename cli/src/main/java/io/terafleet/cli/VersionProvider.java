package io.terafleet.cli;

import io.terafleet.coordinator.BuildInfo;
import picocli.CommandLine;

/** {@code terafleet --version}: the version and the commit the jar was built from. */
final class VersionProvider implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
        BuildInfo build = BuildInfo.current();
        return new String[] {"terafleet " + build.version() + " (commit " + build.commit() + ")",
                "Java " + Runtime.version() + ", " + System.getProperty("os.name") + " " + System.getProperty("os.arch")};
    }
}
