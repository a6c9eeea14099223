package io.terafleet.coordinator.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.terafleet.coordinator.db.Database;
import io.terafleet.coordinator.db.DatabaseConfig;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGKILL while writes are acknowledged under concurrent load, then the same H2 file opened again, round after
 * round: every job and every completion that was acknowledged before the kill must be in the store. Rounds come
 * from {@code -Dterafleet.killRounds} (a few by default; the store ADR gives the long runs).
 */
class AcknowledgedWritesSurviveKillTest {
    private static final int CREATORS = 3;

    @TempDir
    Path dir;

    @Test
    void everyAcknowledgedJobAndCompletionSurvivesSigkillAndRestart() throws Exception {
        int rounds = Integer.getInteger("terafleet.killRounds", 4);
        var random = new Random(17);
        List<String> lost = new ArrayList<>();
        int acknowledged = 0;
        // Job creation times (micros) without [0] and with [1] a CHECKPOINT SYNC after each: sum and count.
        long[][] creation = new long[2][2];
        for (int round = 0; round < rounds; round++) {
            int current = round;
            List<String[]> acks = runAndKill(round, 1 + random.nextInt(60));
            acknowledged += acks.size();
            for (String[] ack : acks) {
                if (ack[0].equals(AcknowledgeUntilKilled.JOB)) {
                    int checkpointed = Boolean.parseBoolean(ack[3]) ? 1 : 0;
                    creation[checkpointed][0] += Long.parseLong(ack[2]);
                    creation[checkpointed][1]++;
                }
            }
            lost.addAll(missing(acks).stream().map(what -> "round " + current + ": " + what).toList());
        }
        System.out.printf("kill rounds: %d, acknowledged writes: %d, lost: %d; mean job creation %.1f ms (%d jobs),"
                + " with a CHECKPOINT SYNC after it %.1f ms (%d jobs)%n", rounds, acknowledged, lost.size(),
                creation[0][0] / 1000.0 / Math.max(1, creation[0][1]), creation[0][1],
                creation[1][0] / 1000.0 / Math.max(1, creation[1][1]), creation[1][1]);
        assertThat(lost).as("acknowledged before SIGKILL, absent after restart").isEmpty();
    }

    /** Starts the stand-in, kills it with SIGKILL once it acknowledged {@code killAfter} writes; every ack read. */
    private List<String[]> runAndKill(int round, int killAfter) throws IOException, InterruptedException {
        Process process = start(round);
        var acks = new ArrayList<String[]>();
        var killed = new AtomicBoolean();
        List<String> other = new ArrayList<>();
        try (var output = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = output.readLine()) != null) {
                String[] words = line.split(" ");
                if (words.length >= 3 && words[words.length - 1].equals(AcknowledgeUntilKilled.END)) {
                    acks.add(words);
                } else if (!killed.get()) {
                    other.add(line);
                }
                if (acks.size() == killAfter && killed.compareAndSet(false, true)) {
                    // SIGKILL (no shutdown hook, no close of the store); the handle leaves the pipe open to read on.
                    process.toHandle().destroyForcibly();
                }
            }
        } finally {
            process.destroyForcibly();
            assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(killed).as("the stand-in ended before it acknowledged %d writes: %s", killAfter, other).isTrue();
        return acks;
    }

    /** What the reopened store lacks of the acknowledged writes. */
    private List<String> missing(List<String[]> acks) {
        List<String> missing = new ArrayList<>();
        try (Database reopened = Database.open(DatabaseConfig.h2File(dir))) {
            var jobs = new JobRepository(reopened);
            for (String[] ack : acks) {
                String jobId = ack[1];
                if (ack[0].equals(AcknowledgeUntilKilled.JOB)) {
                    if (jobs.status(jobId).map(s -> s.total() != AcknowledgeUntilKilled.INPUTS_PER_JOB).orElse(true)) {
                        missing.add("job " + jobId);
                    }
                } else if (!resultsPresent(jobs, jobId, Integer.parseInt(ack[2]), Integer.parseInt(ack[3]))) {
                    missing.add("results of " + jobId + " inputs " + ack[2] + ".." + ack[3]);
                }
            }
        }
        return missing;
    }

    private static boolean resultsPresent(JobRepository jobs, String jobId, int first, int last) {
        int[] present = {0};
        jobs.streamResults(jobId, (index, customId, embedding, error) -> {
            if (index >= first && index <= last && embedding != null) {
                present[0]++;
            }
        });
        return present[0] == last - first + 1;
    }

    private Process start(int round) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        // Under surefire java.class.path may be a manifest-only jar; its test class path is the full one.
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        return new ProcessBuilder(java, "-cp", classPath, AcknowledgeUntilKilled.class.getName(), dir.toString(),
                String.valueOf(CREATORS), String.valueOf(round))
                .redirectErrorStream(true)
                .start();
    }
}
