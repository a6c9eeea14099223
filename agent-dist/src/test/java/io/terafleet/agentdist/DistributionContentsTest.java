package io.terafleet.agentdist;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The car's jars as built (this test runs in the package phase, after the shade executions): the agent role, one
 * platform's native libraries compiled for that platform's CPU, and nothing a car does not run.
 */
class DistributionContentsTest {
    /** ELF {@code e_machine} values. */
    private static final int X86_64 = 0x3E;
    private static final int AARCH64 = 0xB7;

    @ParameterizedTest
    @CsvSource({"linux-x86_64, linux-x64, linux-x86_64, linux-x86-64, 62",
            "linux-aarch64, linux-aarch64, linux-aarch64, linux-aarch64, 183"})
    void holdsTheAgentAndOnePlatformsNativesOnly(String platform, String ortFolder, String tokenizerFolder,
                                                 String jnaFolder, int machine) throws IOException {
        Path jar = Path.of("target", "terafleet-agent-" + platform + ".jar");
        assertThat(jar).exists();
        System.out.printf("%s: %,d bytes%n", jar.getFileName(), Files.size(jar));
        try (JarFile file = new JarFile(jar.toFile())) {
            List<String> names = Collections.list(file.entries()).stream().map(ZipEntry::getName).toList();
            assertThat(file.getManifest().getMainAttributes().getValue("Main-Class"))
                    .isEqualTo(AgentMain.class.getName());
            assertThat(names).contains("io/terafleet/agentdist/AgentCommand.class", "io/terafleet/agent/Agent.class",
                    "terafleet-agent-logback.xml", "models/kjv-gpt/tokenizer.json");

            assertThat(names).noneMatch(n -> n.startsWith("io/terafleet/coordinator/") || n.startsWith("io/terafleet/sim/")
                    || n.startsWith("io/terafleet/cli/") || n.startsWith("io/javalin/") || n.startsWith("org/h2/")
                    || n.startsWith("org/postgresql/") || n.startsWith("org/flywaydb/") || n.startsWith("com/zaxxer/")
                    || n.startsWith("org/eclipse/jetty/"));
            assertThat(names).as("no model weights").noneMatch(n -> n.endsWith(".onnx") || n.endsWith("-tokenizer.json"));

            assertThat(folders(names, "ai/onnxruntime/native/")).containsExactly(ortFolder);
            assertThat(folders(names, "native/lib/")).containsExactly(tokenizerFolder);
            List<String> natives = names.stream().filter(n -> n.matches(".*\\.(so|dll|dylib|jnilib|a)$")).toList();
            assertThat(natives).containsExactlyInAnyOrder("ai/onnxruntime/native/" + ortFolder + "/libonnxruntime.so",
                    "ai/onnxruntime/native/" + ortFolder + "/libonnxruntime4j_jni.so",
                    "native/lib/" + tokenizerFolder + "/cpu/libtokenizers.so",
                    "com/sun/jna/" + jnaFolder + "/libjnidispatch.so");
            for (String lib : natives) {
                assertThat(elfMachine(file, lib)).as("%s is built for %s", lib, platform).isEqualTo(machine);
            }
            assertThat(names).as("JNA's classes stay").contains("com/sun/jna/Native.class");
            assertThat(machine).isIn(X86_64, AARCH64);
        }
    }

    /**
     * The jar alone (no other class path, only the JDK) signs and checks a car's result: the Bouncy Castle classes
     * its Ed25519 code reaches are all kept by the shade filter. The signing code is pure Java, so the x86_64 jar
     * answers for both.
     */
    @ParameterizedTest
    @CsvSource({"linux-x86_64", "linux-aarch64"})
    void signsAndChecksWithNothingButItself(String platform) throws Exception {
        Path jar = Path.of("target", "terafleet-agent-" + platform + ".jar");
        try (var loader = new java.net.URLClassLoader(new java.net.URL[] {jar.toUri().toURL()},
                ClassLoader.getPlatformClassLoader())) {
            Class<?> keys = loader.loadClass("io.terafleet.core.identity.CarKeys");
            assertThat(keys.getClassLoader()).isSameAs(loader);
            var pair = (java.security.KeyPair) keys.getMethod("generate").invoke(null);
            byte[] digest = new byte[32];
            String signature = (String) keys.getMethod("sign", java.security.PrivateKey.class, byte[].class)
                    .invoke(null, pair.getPrivate(), digest);
            var verify = keys.getMethod("verify", java.security.PublicKey.class, byte[].class, String.class);
            assertThat((Boolean) verify.invoke(null, pair.getPublic(), digest, signature)).isTrue();
            digest[0] = 1;
            assertThat((Boolean) verify.invoke(null, pair.getPublic(), digest, signature)).isFalse();
        }
    }

    /** The sub-folders directly under {@code root} that hold files. */
    private static List<String> folders(List<String> names, String root) {
        return names.stream().filter(n -> n.startsWith(root) && !n.endsWith("/"))
                .map(n -> n.substring(root.length())).filter(n -> n.contains("/"))
                .map(n -> n.substring(0, n.indexOf('/'))).distinct().toList();
    }

    private static int elfMachine(JarFile jar, String entry) throws IOException {
        ZipEntry found = jar.getEntry(entry);
        assertThat(found).as(entry).isNotNull();
        try (InputStream in = jar.getInputStream(found)) {
            byte[] header = in.readNBytes(20);
            assertThat(header).startsWith(0x7F, 'E', 'L', 'F');
            return (header[18] & 0xFF) | (header[19] & 0xFF) << 8; // little-endian e_machine
        }
    }
}
