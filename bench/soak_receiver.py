"""The soak's webhook receiver: a loopback HTTP server that checks each delivery's Standard Webhooks signature and,
on a fixed cycle, answers at once, answers slowly (some answers after dirsync's 5 s timeout) or is down (its port
closed, so connections are refused). It records what it accepted, so the soak can check that every delivery dirsync
marked delivered did arrive, signed."""
import base64, hashlib, hmac, http.server, json, random, threading, time

# (seconds into the cycle where the phase ends, phase): 60 s up, 20 s slow, 20 s down, 20 s up
CYCLE = ((60, "up"), (80, "slow"), (100, "down"), (120, "up"))
SLOW_SECONDS = (1.0, 7.0)  # a slow answer takes this long; dirsync gives up on an attempt after 5 s


class Receiver:
    def __init__(self, port):
        self.port = port
        self.secret = None
        self.lock = threading.Lock()
        self.accepted = {}  # webhook-id -> times accepted (2xx answered; at least once: a retry may arrive again)
        self.bad_signatures = 0  # unsigned, wrongly signed or not JSON
        self.requests = 0
        self.started = time.monotonic()
        self.always_up = False
        self.server = None
        self.thread = threading.Thread(target=self._follow_cycle, name="receiver-cycle", daemon=True)
        self._stopping = threading.Event()

    def start(self):
        self._listen()
        self.thread.start()
        return self

    def url(self):
        return f"http://127.0.0.1:{self.port}/hooks"

    def phase(self):
        if self.always_up:
            return "up"
        at = (time.monotonic() - self.started) % CYCLE[-1][0]
        return next(name for end, name in CYCLE if at < end)

    def stats(self):
        with self.lock:
            return {"requests": self.requests, "accepted": sum(self.accepted.values()), "distinct": len(self.accepted),
                    "bad_signatures": self.bad_signatures}

    def stay_up(self):
        """Ends the cycle: up from now on, so the outbox can drain."""
        self.always_up = True

    def stop(self):
        self._stopping.set()
        self._close()

    def _follow_cycle(self):
        while not self._stopping.wait(0.2):
            down = self.phase() == "down"
            if down and self.server:
                self._close()
            elif not down and not self.server:
                self._listen()

    def _listen(self):
        receiver = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                receiver._receive(self, body)

            def log_message(self, *args):
                pass

        for _ in range(50):  # the port may linger for a moment after a close
            try:
                self.server = http.server.ThreadingHTTPServer(("127.0.0.1", self.port), Handler)
                break
            except OSError:
                time.sleep(0.1)
        threading.Thread(target=self.server.serve_forever, name="receiver", daemon=True).start()

    def _close(self):
        server, self.server = self.server, None
        if server:
            server.shutdown()
            server.server_close()

    def _receive(self, handler, body):
        webhook_id = handler.headers.get("webhook-id", "")
        signed = self._signed(webhook_id, handler.headers.get("webhook-timestamp", ""), body,
                              handler.headers.get("webhook-signature", "")) and _is_json(body)
        with self.lock:
            self.requests += 1
            if not signed:
                self.bad_signatures += 1
        if self.phase() == "slow":
            time.sleep(random.uniform(*SLOW_SECONDS))
        try:
            handler.send_response(204 if signed else 401)
            handler.end_headers()
        except OSError:
            return  # dirsync gave up on this attempt already
        if signed:
            with self.lock:
                self.accepted[webhook_id] = self.accepted.get(webhook_id, 0) + 1

    def _signed(self, webhook_id, timestamp, body, signatures):
        if not self.secret:
            return False
        key = base64.b64decode(self.secret.removeprefix("whsec_"))
        expected = base64.b64encode(hmac.new(key, f"{webhook_id}.{timestamp}.".encode() + body, hashlib.sha256).digest()).decode()
        return any(hmac.compare_digest(s.removeprefix("v1,"), expected) for s in signatures.split())


def _is_json(body):
    try:
        json.loads(body)
        return True
    except ValueError:
        return False
