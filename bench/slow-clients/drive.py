"""The 80-connection slow-client experiment of bench/slow-clients.sh against a running service.

Usage: drive.py API_BASE MANAGEMENT_BASE IMAGE [SLOW INTERVAL SECONDS] (all three or none)

SLOW connections (default 80) each send the headers and the first bytes of a multipart
POST /localize, then one byte every INTERVAL seconds (default 3). Meanwhile one client sends
ordinary uploads of IMAGE back to back for SECONDS (default 45); their answers are tallied per
5-second window. At the end: what each slow connection got (an answer's status, closed, or still
open), and the service's own counters. Standard library only.
"""

import http.client
import re
import select
import socket
import sys
import threading
import time
import urllib.parse
import urllib.request

BOUNDARY = "tscam-slow-boundary"
WINDOW = 5


def multipart(image):
    head = (
        f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="image"; filename="photo.jpg"'
        "\r\nContent-Type: image/jpeg\r\n\r\n"
    ).encode()
    return head, head + image + f"\r\n--{BOUNDARY}--\r\n".encode()


class Trickle:
    """One slow connection: the request head and the part's opening, then a byte at a time."""

    def __init__(self, host, port, opening, length):
        self.sock = socket.create_connection((host, port))
        self.sock.sendall(
            (
                f"POST /localize HTTP/1.1\r\nHost: {host}\r\nContent-Length: {length}\r\n"
                f"Content-Type: multipart/form-data; boundary={BOUNDARY}\r\n\r\n"
            ).encode()
            + opening
        )
        self.answer = b""
        self.state = "open"
        self.at = None

    def tick(self, started):
        if self.state != "open":
            return
        self.read(started)
        if self.state == "open":
            try:
                self.sock.send(b"x")
            except OSError:
                self.finish(started)

    def read(self, started):
        while select.select([self.sock], [], [], 0)[0]:
            try:
                chunk = self.sock.recv(65536)
            except OSError:
                chunk = b""
            if not chunk:
                self.finish(started)
                return
            self.answer += chunk

    def finish(self, started):
        status = re.match(rb"HTTP/1\.1 (\d{3})", self.answer)
        self.state = status.group(1).decode() if status else "closed"
        self.at = time.monotonic() - started
        self.sock.close()


def ordinary(api, body, until, tallies, started):
    parts = urllib.parse.urlsplit(api)
    while time.monotonic() < until:
        sent = time.monotonic()
        conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=60)
        try:
            conn.request(
                "POST",
                "/localize?topk=1",
                body,
                {"Content-Type": f"multipart/form-data; boundary={BOUNDARY}"},
            )
            status = str(conn.getresponse().status)
        except OSError:
            status = "error"
        finally:
            conn.close()
        window = int((sent - started) // WINDOW)
        tally = tallies.setdefault(window, {})
        tally[status] = tally.get(status, 0) + 1
        tally.setdefault("ms", []).append((time.monotonic() - sent) * 1000)


def counters(management):
    text = urllib.request.urlopen(management + "/actuator/prometheus").read().decode()
    wanted = ("tscam_requests_total", "tscam_upload_timeouts_total", "tscam_uploads_in_flight")
    return [line for line in text.splitlines() if line.startswith(wanted)]


def main():
    api, management, image_path = sys.argv[1:4]
    slow, interval, seconds = (int(v) for v in (sys.argv[4:7] + ["80", "3", "45"])[:3])
    image = open(image_path, "rb").read()
    opening, body = multipart(image)
    parts = urllib.parse.urlsplit(api)
    started = time.monotonic()
    trickles = [Trickle(parts.hostname, parts.port, opening, len(body)) for _ in range(slow)]
    stop = threading.Event()

    def trickle():
        while not stop.wait(interval):
            for connection in trickles:
                connection.tick(started)

    threading.Thread(target=trickle, daemon=True).start()
    tallies = {}
    time.sleep(1)  # the slow connections are in before the first ordinary request
    ordinary(api, body, started + seconds, tallies, started)
    stop.set()
    for connection in trickles:
        if connection.state == "open":
            connection.read(started)

    print(
        f"# {slow} slow connections, one byte every {interval} s; ordinary uploads of "
        f"{len(image)} bytes back to back for {seconds} s"
    )
    print("window_s  answers  by_status  p50_ms")
    for window in sorted(tallies):
        tally = tallies[window]
        ms = sorted(tally.pop("ms"))
        statuses = " ".join(f"{k}:{v}" for k, v in sorted(tally.items()))
        print(
            f"{window * WINDOW:>3}-{window * WINDOW + WINDOW:<4} {len(ms):>7}  {statuses:<18} "
            f"{ms[len(ms) // 2]:.0f}"
        )
    outcomes = {}
    for connection in trickles:
        outcomes[connection.state] = outcomes.get(connection.state, 0) + 1
    times = sorted(c.at for c in trickles if c.at is not None)
    print(
        "slow connections:",
        " ".join(f"{k}:{v}" for k, v in sorted(outcomes.items())),
        f"(answered or closed between {times[0]:.0f} and {times[-1]:.0f} s)" if times else "",
    )
    for line in counters(management):
        print(line)


if __name__ == "__main__":
    main()
