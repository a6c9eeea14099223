#!/usr/bin/env python3
"""Cold start of a car's agent, full jar against the agent distribution, on loopback.

Starts one coordinator (the full jar), then, RUNS times each and alternating, an agent from each jar with a fresh
HOME and an empty model cache (so native libraries are unpacked and the model is extracted or downloaded anew), and
times from the process start until it is enrolled and until it serves all-minilm-l6-v2 (model fetched, hash-checked
and loaded). Prints each jar's size, every run and the medians.

usage: scripts/agent-cold-start.py [RUNS]   (after ./mvnw -q -B -ntp -pl cli -am package -DskipTests)
"""
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
JARS = {"full": os.path.join(ROOT, "cli/target/terafleet.jar"),
        "dist": os.path.join(ROOT, "agent-dist/target/terafleet-agent-linux-x86_64.jar")}
TOKEN = "cold-start-token-0001"
MODEL = "all-minilm-l6-v2"


def java():
    home = os.environ.get("JAVA_HOME") or subprocess.check_output(
        ["bash", "-c", ". scripts/find-jdk.sh && find_jdk"], cwd=ROOT, text=True).strip()
    return os.path.join(home, "bin", "java")


def start(cmd, env, marks, timeout=300):
    """Runs cmd; returns (process, {mark: (seconds after start, line)}) once every mark's pattern was printed."""
    started = time.monotonic()
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    seen, line = {}, ""
    for line in proc.stdout:
        for name, pattern in marks.items():
            if name not in seen and re.search(pattern, line):
                seen[name] = (time.monotonic() - started, line)
        if len(seen) == len(marks) or time.monotonic() - started > timeout:
            break
    if len(seen) != len(marks):
        proc.kill()
        raise SystemExit(f"{cmd[3]}: did not print {set(marks) - set(seen)}; last line: {line.strip()}")
    # Keep reading what it prints, so that a full pipe never blocks it.
    threading.Thread(target=lambda: [None for _ in proc.stdout], daemon=True).start()
    return proc, seen


def stop(proc):
    proc.terminate()
    try:
        proc.wait(30)
    except subprocess.TimeoutExpired:
        proc.kill()


def main():
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 3
    for kind, jar in JARS.items():
        print(f"{kind}: {os.path.relpath(jar, ROOT)} {os.path.getsize(jar):,} bytes "
              f"({os.path.getsize(jar) / 2**20:.1f} MiB)")
    work = tempfile.mkdtemp(prefix="terafleet-cold-start-")
    env = dict(os.environ, TERAFLEET_LOG_LEVEL="INFO", HOME=os.path.join(work, "coordinator-home"))
    os.makedirs(env["HOME"])
    coordinator, up = start([java(), "--enable-native-access=ALL-UNNAMED", "-jar", JARS["full"], "coordinator",
                            "--port", "0", "--data-dir", os.path.join(work, "coordinator"),
                            "--enrollment-token", TOKEN], env, {"up": r"listening on"})
    url = re.search(r"listening on (http://\S+)", up["up"][1]).group(1)
    try:
        policy = os.path.join(work, "policy.json")
        with open(policy, "w") as f:
            f.write('{"optedIn": true}\n')
        times = {kind: [] for kind in JARS}
        for run in range(runs):
            for kind, jar in JARS.items():
                home = os.path.join(work, f"{kind}-{run}")
                os.makedirs(home)
                car = dict(os.environ, TERAFLEET_LOG_LEVEL="INFO", HOME=home)
                proc, seen = start([java(), "--enable-native-access=ALL-UNNAMED", "-jar", jar,
                                    *([] if kind == "dist" else ["agent"]), "--coordinator", url, "--token", TOKEN,
                                    "--name", f"car-{kind}-{run}", "--models", MODEL, "--policy", policy,
                                    "--model-cache", os.path.join(home, "models"),
                                    "--spool-dir", os.path.join(home, "spool")], car,
                                   {"enrolled": r"enrolled as", "loaded": rf"serves {MODEL} online"})
                stop(proc)
                seen = {name: at for name, (at, _) in seen.items()}
                times[kind].append(seen)
                print(f"run {run + 1} {kind}: enrolled {seen['enrolled']:.2f} s, {MODEL} ready "
                      f"{seen['loaded']:.2f} s")
        for kind in JARS:
            print(f"median {kind}: enrolled {statistics.median(t['enrolled'] for t in times[kind]):.2f} s, "
                  f"{MODEL} ready {statistics.median(t['loaded'] for t in times[kind]):.2f} s ({runs} runs)")
    finally:
        stop(coordinator)
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
