"""Copies of stored user events under new user ids, sealed the way dirsync seals them.

Every UserProvisionedEvent carries its profile sealed under the user's own data key (app/.../erasure/
PersonalDataCipher.java), bound to the user id. A copy made by SQL alone would either not open (moved ciphertext
fails authentication) or open as an erased user, and the projections would then do less work than for a real
user. So each copy is opened here, renamed, and sealed again under a fresh key of its own, with the same
construction: AES-256-GCM under HMAC(dataKey, "dirsync/pii/v1/encryption"), a synthetic nonce
HMAC(HMAC(dataKey, "dirsync/pii/v1/nonce"), associated | 0 | plaintext)[:12], and the associated data
"dirsync-pii-v1:<userId>:profile". The copies' metadata is the template's, so the hash chain does not verify them.

Rows go to PostgreSQL through COPY FROM STDIN (psql), the fastest bulk path, in global_index order of
(copy number, template).
"""
import base64, hashlib, hmac, json, os, subprocess

from cryptography.hazmat.primitives.ciphers.aead import AESGCM

PREFIX = "pii:v1:"
ENCRYPTION_LABEL = b"dirsync/pii/v1/encryption"
NONCE_LABEL = b"dirsync/pii/v1/nonce"
NULL = "\\N"  # COPY text format


def _associated(user_id):
    return f"dirsync-pii-v1:{user_id}:profile".encode()


def _hmac(key, data):
    return hmac.new(key, data, hashlib.sha256).digest()


def open_profile(key, user_id, sealed):
    raw = base64.b64decode(sealed[len(PREFIX):])
    return AESGCM(_hmac(key, ENCRYPTION_LABEL)).decrypt(raw[:12], raw[12:], _associated(user_id))


def seal_profile(key, user_id, plaintext):
    associated = _associated(user_id)
    nonce = _hmac(_hmac(key, NONCE_LABEL), associated + b"\x00" + plaintext)[:12]
    sealed = nonce + AESGCM(_hmac(key, ENCRYPTION_LABEL)).encrypt(nonce, plaintext, associated)
    return PREFIX + base64.b64encode(sealed).decode()


def templates(pg, connection_id=None):
    """The stored UserProvisionedEvents with unwrapped keys, by user id."""
    where = f" AND e.aggregate_identifier IN (SELECT user_id FROM scim_user WHERE connection_id = '{connection_id}')" \
        if connection_id else ""
    rows = pg.query(
        "SELECT e.event_identifier, e.aggregate_identifier, e.type, e.time_stamp, e.payload_type,"
        " coalesce(e.payload_revision, ''), encode(e.payload, 'hex'), encode(e.meta_data, 'hex'),"
        " encode(k.key_bytes, 'hex')"
        " FROM domain_event_entry e JOIN user_data_key k ON k.user_id = e.aggregate_identifier AND NOT k.wrapped"
        " WHERE e.sequence_number = 0 AND e.payload_type LIKE '%UserProvisionedEvent'" + where +
        " ORDER BY e.global_index")
    out = {}
    for line in rows.split("\n"):
        if not line:
            continue
        f = line.split("|")
        out[f[1]] = {"event_id": f[0], "type": f[2], "time_stamp": f[3], "payload_type": f[4], "revision": f[5],
                     "payload": bytes.fromhex(f[6]), "meta_data": bytes.fromhex(f[7]), "key": bytes.fromhex(f[8])}
    return out


def renamed(text, tag):
    return text.replace("@bench.example", f"@{tag}.bench.example").replace("ext-", f"{tag}-ext-")


def _bytea(data):
    return "\\\\x" + data.hex()


def copies(pg, pairs, templates_by_user):
    """Writes one sealed copy of the template event per (tag, template user id) pair, with a fresh data key,
    as the user id `tag-<template user id>`. Returns the number of events written."""
    events = [_copy_cmd(pg, "domain_event_entry (event_identifier, aggregate_identifier, sequence_number, type, time_stamp,"
                            " payload_type, payload_revision, payload, meta_data)")]
    keys = [_copy_cmd(pg, "user_data_key (user_id, key_bytes, wrapped, created_at)")]
    written = 0
    try:
        for tag, template_id in pairs:
            t = templates_by_user.get(template_id)
            if t is None:
                continue
            user_id = f"{tag}-{template_id}"
            payload = json.loads(t["payload"])
            profile = renamed(open_profile(t["key"], template_id, payload["profile"]).decode(), tag).encode()
            key = os.urandom(32)
            payload["userId"] = user_id
            payload["profile"] = seal_profile(key, user_id, profile)
            body = json.dumps(payload, separators=(",", ":")).encode()
            revision = t["revision"] or NULL
            events[0].stdin.write(f"{tag}-{t['event_id']}\t{user_id}\t0\t{t['type']}\t{t['time_stamp']}\t{t['payload_type']}\t"
                                  f"{revision}\t{_bytea(body)}\t{_bytea(t['meta_data'])}\n")
            keys[0].stdin.write(f"{user_id}\t{_bytea(key)}\tf\t{t['time_stamp']}\n")
            written += 1
    finally:
        for proc in keys + events:
            proc.stdin.close()
            if proc.wait() != 0:
                raise SystemExit(f"COPY failed: {proc.stderr.read()}")
    return written


def _copy_cmd(pg, target):
    cmd = [os.path.join(pg.bin, "psql"), "-X", "-q", "-v", "ON_ERROR_STOP=1", "-h", "127.0.0.1", "-p", str(pg.port),
           "-U", "postgres", "-d", "dirsync", "-c", f"COPY {target} FROM STDIN"]
    if pg.user:
        cmd = ["runuser", "-u", pg.user, "--", *cmd]
    return subprocess.Popen(cmd, stdin=subprocess.PIPE, stderr=subprocess.PIPE, text=True, bufsize=1 << 20)
