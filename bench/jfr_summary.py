#!/usr/bin/env python3
"""Where a JFR recording's CPU samples went, by thread group and by the code on the stack (inclusive).

    python3 bench/jfr_summary.py dirsync.jfr [--since SECONDS | --between HH:MM:SS HH:MM:SS] [--match TEXT ...]

Reads `jfr print --events jdk.ExecutionSample` (JDK 17 has no `jfr view`). A sample counts for every listed piece of
code that appears anywhere on its stack, so the shares of one group add up to more than 100%. `--since` leaves out the
first seconds of the recording (the start-up and the JIT's first pass); `--between` keeps one phase, by the clock times
the harness logs at its start and end; `--match` adds pieces of code to look for.
"""
import argparse, collections, re, subprocess

GROUPS = (  # thread name -> group, first match wins
    ("http-nio", "request threads (Tomcat)"), ("WorkPackage", "streaming processors"),
    ("Coordinator", "streaming processors"), ("EventProcessor", "streaming processors"),
    ("C2 Compiler", "JIT"), ("C1 Compiler", "JIT"), ("GC Thread", "GC"), ("ParGC", "GC"), ("", "other"))
PIECES = (  # label -> text that identifies it on a stack
    ("SCIM write controller", "UserScimWriteController."), ("command bus dispatch", "SimpleCommandBus.dispatch"),
    ("user provisioning handler", "UserProvisioning.handle"), ("userName registry", "JdbcUserRegistry."),
    ("hash chain (interceptor)", "HashChainInterceptor."), ("event serializer (sealing)", "EncryptingEventSerializer.serialize"),
    ("seal personal data", "PersonalDataEnvelope.seal"), ("open personal data", "PersonalDataEnvelope.open"),
    ("event store append", "AbstractEventStorageEngine.appendEvents"), ("JDBC engine append", "JdbcEventStorageEngine.appendEvents"),
    ("subscribing projections", "SubscribingEventProcessor.process"), ("SCIM user read model", "ScimUserProjection.on"),
    ("user data keys", "JdbcUserDataKeys."), ("transaction commit", "DataSourceTransactionManager.doCommit"),
    ("Jackson write", "com.fasterxml.jackson.databind.ObjectMapper.write"), ("Jackson read", "com.fasterxml.jackson.databind.ObjectMapper.read"),
    ("Jackson tree convert", "ObjectMapper.valueToTree"), ("PostgreSQL JDBC driver", "org.postgresql."), ("Hikari", "com.zaxxer.hikari."),
    ("AES-GCM", "com.sun.crypto.provider.GaloisCounterMode"), ("SHA-256 / HMAC", "sun.security.provider.SHA"),
    ("Spring Security filters", "org.springframework.security."), ("Spring MVC", "DispatcherServlet.doDispatch"),
    ("SCIM response JSON", "AbstractJackson2HttpMessageConverter.writeInternal"),
    ("SCIM request JSON", "AbstractJackson2HttpMessageConverter.readJavaType"),
    ("processor batch", "WorkPackage.processEvents"), ("event deserialisation", "EncryptingEventSerializer.deserialize"),
    ("upcasting", "Upcaster"), ("logging", "ch.qos.logback."), ("metrics (Micrometer)", "io.micrometer."))


def samples(path, depth):
    out = subprocess.run(["jfr", "print", "--stack-depth", str(depth), "--events", "jdk.ExecutionSample", path],
                         capture_output=True, text=True, check=True).stdout
    for block in out.split("jdk.ExecutionSample {")[1:]:
        time = re.search(r"startTime = (\S+)", block)
        thread = re.search(r'sampledThread = "([^"]*)"', block)
        frames = re.findall(r"^\s+(\S.*?\(.*?\))\s+line:", block, re.M)
        yield (time.group(1) if time else ""), (thread.group(1) if thread else "?"), frames


def group_of(thread):
    return next(label for text, label in GROUPS if text in thread)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("recording")
    ap.add_argument("--since", type=float, default=0, help="seconds at the start of the recording to leave out")
    ap.add_argument("--between", nargs=2, metavar=("FROM", "TO"),
                    help="keep only samples taken between these clock times (HH:MM:SS, as the harness logs them)")
    ap.add_argument("--depth", type=int, default=200)
    ap.add_argument("--match", nargs="*", default=[], help="more code to look for (text on a stack frame)")
    ap.add_argument("--top", type=int, default=25, help="top frames listed per group")
    args = ap.parse_args()
    pieces = list(PIECES) + [(m, m) for m in args.match]
    all_samples = list(samples(args.recording, args.depth))
    times = sorted(t for t, _, _ in all_samples if t)
    start = _seconds(times[0]) if times else 0
    by_group, inclusive, top = collections.Counter(), collections.defaultdict(collections.Counter), \
        collections.defaultdict(collections.Counter)
    for time, thread, frames in all_samples:
        if time and _seconds(time) - start < args.since:
            continue
        if args.between and not (time and _seconds(args.between[0]) <= _seconds(time) <= _seconds(args.between[1])):
            continue
        group = group_of(thread)
        by_group[group] += 1
        stack = "\n".join(frames)
        for label, text in pieces:
            if text in stack:
                inclusive[group][label] += 1
        if frames:
            top[group][frames[0]] += 1
    total = sum(by_group.values())
    window = f"between {args.between[0]} and {args.between[1]}" if args.between else f"after the first {args.since:.0f} s"
    print(f"{total} samples {window}")
    for group, n in by_group.most_common():
        print(f"\n## {group}: {n} samples, {n / max(1, total):.0%}")
        for label, count in inclusive[group].most_common():
            print(f"  {count / n:6.1%}  {label}")
        print("  top frames:")
        for frame, count in top[group].most_common(args.top):
            print(f"  {count / n:6.1%}  {frame}")


def _seconds(stamp):
    h, m, s = re.search(r"T?(\d\d):(\d\d):(\d\d(?:\.\d+)?)", stamp).groups()
    return int(h) * 3600 + int(m) * 60 + float(s)


if __name__ == "__main__":
    main()
