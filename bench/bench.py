#!/usr/bin/env python3
"""Promenade's benchmark: the packaged application against a GitHub stand-in with added latency.

Two processes: one runs only the GitHub sandbox (the stand-in: a package built with the sandbox in
it, target/stand-in, on its own port, with `promenade.sandbox.latency` added to every GitHub
request), the other is the production package measured (target/quarkus-app), configured as for a
real GitHub and pointed at the first. The stand-in is
warmed up first, so that what is measured is Promenade, not a cold stand-in.

For the overview, a repository page, a pending page and the page of a repository with 1,200
promotions (acme/monolith): the first load after sign-in, the same page again at once, and again
after `promenade.refresh-after` (acme/monolith's also after a push to its master, once its heads
moved); per load its time, the GitHub round trips on its critical path (the longest chain of GitHub
requests one after the other while it loaded), the GitHub requests and GraphQL points it cost, in
the page and in the background. Then
ten users signing in and opening the overview at the same moment, and `wrk` on a warm overview with
10 and 50 connections.

Then webhooks, as GitHub sends them (signed push deliveries): with an overview open (read as a
browser's EventSource would), a commit pushed to the stand-in and its delivery posted, the time
until the open page is sent the repository's new state (p50/p95 over 20 pushes) and the GitHub
requests each push cost; `wrk` posting signed deliveries of 200 real pushes as fast as it can, and
whether the snapshot then equals the stand-in's state.

Promenade runs with the JVM options the container image ships (`ENV JAVA_OPTS` in
src/main/docker/Dockerfile; the environment's JAVA_OPTS instead, when set); after the soak run
its resident memory and live heap (`jcmd GC.heap_info`) are reported. `--soak-only` measures just
the warm overview and the soak, to compare JVM options quickly.

Run through bench/run.sh. Not a test: no number makes it fail.
"""
import argparse
import hashlib
import hmac
import http.cookiejar
import queue
import json
import os
import platform
import re
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request

SECRET = "sandbox-secret-for-the-benchmark-only-0123456789"
WEBHOOK_SECRET = "webhook-secret-for-the-benchmark"
USERS = ["alice", "bob", "carol", "dave", "erin", "frank", "grace", "heidi", "ivan", "judy"]


def shipped_java_opts():
    """The JVM options of the container image (Dockerfile's ENV JAVA_OPTS), or the environment's JAVA_OPTS."""
    if os.environ.get("JAVA_OPTS"):
        return os.environ["JAVA_OPTS"].split()
    dockerfile = open("src/main/docker/Dockerfile").read()
    return re.search(r'ENV JAVA_OPTS="([^"]*)"', dockerfile).group(1).split()


def heap_info(pid):
    """The live heap after a full collection, from `jcmd GC.heap_info`: each generation's use and size."""
    subprocess.run(["jcmd", str(pid), "GC.run"], capture_output=True, text=True)
    info = subprocess.run(["jcmd", str(pid), "GC.heap_info"], capture_output=True, text=True).stdout
    spaces = re.findall(r"([A-Za-z][\w -]*?)\s+total (\d+)K, used (\d+)K", info)
    used = sum(int(space[2]) for space in spaces) // 1024
    return "%d MB used (%s)" % (used, ", ".join("%s %d of %d MB" % (name.strip(), int(u) // 1024, int(t) // 1024)
                                                for name, t, u in spaces))


def repositories(count):
    names = ["acme/storefront", "acme/payments", "acme/docs", "acme/ledger", "acme/infra", "acme/billing", "acme/monolith"]
    names += ["acme/service-%02d" % i for i in range(1, count - len(names) + 1)]
    return names[:count]


def properties(port, github_port, count, latency_ms, sandbox, app_key=None):
    base = "http://localhost:%d" % github_port
    props = {
        "quarkus.http.port": port,
        "quarkus.management.port": port + 1000,
        "quarkus.log.level": "WARN",
        "promenade.sandbox.enabled": "true" if sandbox else "false",
        "promenade.github.api-url": base + "/sandbox/api",
        "promenade.github.web-url": base + "/sandbox",
        "promenade.github.client-id": "promenade-sandbox",
        "promenade.github.client-secret": SECRET,
        "promenade.github.webhook-secret": WEBHOOK_SECRET,
        "promenade.environments[0].name": "test", "promenade.environments[0].branch": "master",
        "promenade.environments[1].name": "staging", "promenade.environments[2].name": "production",
        "promenade.repositories[4].environments[0].name": "main",
        "promenade.repositories[4].environments[0].branch": "main",
        "promenade.repositories[4].environments[1].name": "prod",
        "promenade.repositories[4].environments[1].branch": "release/prod",
    }
    if sandbox:
        props["promenade.sandbox.latency"] = "PT%gS" % (latency_ms / 1000)
    if app_key:
        # A GitHub App: the stand-in checks its JWT with the key's public half, as GitHub keeps it.
        props["promenade.github.app-id"] = "1"
        props["promenade.github.private-key-file"] = app_key
    if sandbox or not app_key:
        # As a GitHub App, Promenade finds the repositories in its installation; the stand-in plants them.
        for i, name in enumerate(repositories(count)):
            props["promenade.repositories[%d].name" % i] = name
    else:
        for key in [key for key in props if key.startswith("promenade.repositories[4]")]:
            del props[key]
    return ["-D%s=%s" % (key, value) for key, value in props.items()]


class Process:
    def __init__(self, name, port, args, workdir, package="target/quarkus-app"):
        self.name, self.port = name, port
        try:
            urllib.request.urlopen("http://localhost:%d/" % port, timeout=2)
            raise SystemExit("port %d is taken: stop what listens there first" % port)
        except urllib.error.HTTPError:
            raise SystemExit("port %d is taken: stop what listens there first" % port)
        except (urllib.error.URLError, ConnectionError, OSError):
            pass
        self.log = open(os.path.join(workdir, name + ".log"), "a")
        self.process = subprocess.Popen(["java"] + args + ["-jar", package + "/quarkus-run.jar"],
                                         stdout=self.log, stderr=subprocess.STDOUT)
        # The stand-in plants every repository's history first: thousands take minutes.
        for _ in range(1200):
            if self.process.poll() is not None:
                raise SystemExit("%s stopped; see %s" % (name, self.log.name))
            try:
                urllib.request.urlopen("http://localhost:%d/q/health/ready" % (port + 1000), timeout=2)
                return
            except (urllib.error.URLError, ConnectionError, OSError):
                time.sleep(0.5)
        raise SystemExit("%s did not start; see %s" % (name, self.log.name))

    def rss_mb(self):
        with open("/proc/%d/status" % self.process.pid) as status:
            return int(re.search(r"VmRSS:\s+(\d+)", status.read()).group(1)) // 1024

    def stop(self):
        if self.process.poll() is None:
            self.process.terminate()
            self.process.wait(30)
        self.log.close()


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Browser:
    """Signs in through the sandbox's OAuth pages as a browser would, and keeps the cookies."""

    def __init__(self, app):
        self.app = app
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar), NoRedirect())

    def get(self, url, headers=None):
        request = urllib.request.Request(url, headers=headers or {})
        try:
            response = self.opener.open(request, timeout=60)
            return response.status, response.headers, response.read()
        except urllib.error.HTTPError as error:
            return error.code, error.headers, error.read()

    def sign_in(self, login):
        status, headers, _ = self.get(self.app + "/")
        authorize = headers["Location"]
        query = urllib.parse.urlparse(authorize).query
        github = authorize.split("/sandbox/")[0]
        status, headers, _ = self.get(github + "/sandbox/login/oauth/grant?" + query + "&login=" + login)
        status, headers, _ = self.get(headers["Location"])
        assert status == 302, "sign-in failed for %s: %s" % (login, status)
        return self

    def cookie_header(self):
        return "; ".join("%s=%s" % (cookie.name, cookie.value) for cookie in self.jar)


class GitHub:
    """What the stand-in served: counters, and each request's times (epoch ms)."""

    def __init__(self, port):
        self.url = "http://localhost:%d/sandbox/stats" % port

    def stats(self, since=0):
        return json.load(urllib.request.urlopen(self.url + "?since=%d" % since))

    def total(self):
        stats = self.stats(int(time.time() * 1000))
        return stats["restRequests"] + stats["graphqlRequests"], stats["graphqlPoints"]

    def quiet(self):
        """Waits until nothing was asked for a second: background reads are done."""
        before = self.total()
        while True:
            time.sleep(1)
            after = self.total()
            if after == before:
                return after
            before = after


def round_trips(requests, start, end):
    """The longest chain of requests one after the other within [start, end] (the page's round trips),
    and the time spent in them."""
    inside = sorted((r for r in requests if r["start"] >= start and r["end"] <= end), key=lambda r: r["end"])
    chain, last, spent = 0, 0, 0
    for request in inside:
        if request["start"] >= last:
            chain, last, spent = chain + 1, request["end"], spent + request["end"] - request["start"]
    return chain, spent


def waited(requests, start, end):
    """How long, within [start, end], at least one GitHub request was in flight."""
    total, reach = 0, start
    for request in sorted((r for r in requests if r["end"] > start and r["start"] < end), key=lambda r: r["start"]):
        begin, finish = max(request["start"], reach), min(request["end"], end)
        if finish > begin:
            total, reach = total + finish - begin, finish
    return total


def load(browser, github, path):
    """One page load: its time, round trips, and the GitHub requests and points in it and after it."""
    before = github.quiet()
    start = time.time() * 1000
    status, _, body = browser.get(browser.app + path)
    end = time.time() * 1000
    assert status == 200, "%s answered %s" % (path, status)
    served = github.stats(int(start))["requests"]
    during = sum(1 for r in served if r["end"] <= end)
    after = github.quiet()
    chain, _ = round_trips(served, start, end)
    spent = waited(served, start, end)
    return {
        "ms": end - start,
        "round_trips": chain,
        "github_ms": spent,
        "requests": during,
        "background": after[0] - before[0] - during,
        "points": after[1] - before[1],
        "bytes": len(body),
    }


class Events:
    """A page's server-sent events, read in the background as a browser's EventSource would."""

    def __init__(self, browser, path):
        request = urllib.request.Request(browser.app + path, headers={"Cookie": browser.cookie_header(),
                                                                       "Accept": "text/event-stream"})
        self.response = urllib.request.urlopen(request, timeout=600)
        self.events = queue.Queue()
        threading.Thread(target=self.read, daemon=True).start()

    def read(self):
        name, data = "message", []
        try:
            for raw in self.response:
                line = raw.decode("utf-8").rstrip("\n")
                if not line:
                    if data:
                        self.events.put((time.time(), name, "\n".join(data)))
                    name, data = "message", []
                elif line.startswith("event:"):
                    name = line[6:].strip()
                elif line.startswith("data:"):
                    data.append(line[5:].lstrip(" ") if line.startswith("data: ") else line[5:])
        except (OSError, ValueError, AttributeError):
            # Closed: http.client gives up on a stream closed under it in any of these ways.
            pass

    def until(self, wanted, timeout=30):
        deadline = time.time() + timeout
        while True:
            arrived, name, data = self.events.get(timeout=max(0.01, deadline - time.time()))
            if wanted(name, data):
                return arrived

    def close(self):
        self.response.close()


def push(github_port, repository, message):
    """A commit pushed to master on the stand-in, as a developer would: its SHA."""
    body = urllib.parse.urlencode({"branch": "master", "login": "carol", "message": message}).encode()
    request = urllib.request.Request("http://localhost:%d/sandbox/%s/push" % (github_port, repository), data=body)
    try:
        urllib.request.build_opener(NoRedirect()).open(request, timeout=30)
    except urllib.error.HTTPError as redirect:
        return redirect.headers["X-Sandbox-Commit"]
    raise SystemExit("the stand-in did not take the push")


def delivery(repository, sha, installation=None):
    """A push delivery as GitHub sends it (as a GitHub App's, with its installation): its body and X-Hub-Signature-256."""
    owner, name = repository.split("/")
    payload = {"ref": "refs/heads/master", "before": "0" * 40, "after": sha, "created": False, "deleted": False,
               "repository": {"name": name, "full_name": repository, "owner": {"login": owner}, "default_branch": "master"},
               "pusher": {"name": "carol"}, "sender": {"login": "carol"}, "commits": []}
    if installation:
        payload["installation"] = {"id": installation}
    body = json.dumps(payload).encode()
    return body, "sha256=" + hmac.new(WEBHOOK_SECRET.encode(), body, hashlib.sha256).hexdigest()


def deliver(app_url, body, signature):
    request = urllib.request.Request(app_url + "/webhooks/github", data=body, headers={
        "Content-Type": "application/json", "X-GitHub-Event": "push", "X-Hub-Signature-256": signature})
    return urllib.request.urlopen(request, timeout=30).status


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


def webhooks(app_url, github_port, github, seconds, work):
    browser = Browser(app_url).sign_in("alice")
    status, _, page = browser.get(app_url + "/")
    live = re.search(rb'sse-connect="([^"]+)"', page).group(1).decode().replace("&amp;", "&")
    events = Events(browser, live)
    github.quiet()
    latencies, announced, before = [], [], github.total()
    for i in range(1, 21):
        repository = "acme/service-%02d" % i
        sha = push(github_port, repository, "Pushed by the benchmark")
        block = "repo-" + repository.replace("/", "--")
        body, signature = delivery(repository, sha)
        start = time.time()
        assert deliver(app_url, body, signature) == 202
        announced.append(events.until(lambda name, data: name == block and ('data-announced="%s"' % sha) in data) - start)
        latencies.append(events.until(lambda name, data: name == block and "data-announced" not in data
                                      and ('data-sha="%s"' % sha) in data) - start)
    after = github.quiet()
    print("\n| push webhook → open overview updated (20 pushes, SSE client) | p50 | p95 |")
    print("|---|---|---|")
    print("| \"new commit … counting\" shown | %.0f ms | %.0f ms |" % (percentile(announced, 0.5) * 1000,
                                                                      percentile(announced, 0.95) * 1000))
    print("| new state shown (counted by GitHub) | %.0f ms | %.0f ms |" % (percentile(latencies, 0.5) * 1000,
                                                                         percentile(latencies, 0.95) * 1000))
    print("\nGitHub requests per push webhook: %.1f (%d GraphQL points)." % ((after[0] - before[0]) / 20.0,
                                                                           (after[1] - before[1]) / 20))

    repository = "acme/service-30"
    shas = [push(github_port, repository, "Burst %d" % i) for i in range(200)]
    script = os.path.join(work, "webhooks.lua")
    with open(script, "w") as lua:
        lua.write("local bodies, signatures, i = {}, {}, 0\n")
        for sha in shas:
            body, signature = delivery(repository, sha)
            lua.write("table.insert(bodies, %s)\ntable.insert(signatures, %s)\n" % (json.dumps(body.decode()),
                                                                                   json.dumps(signature)))
        lua.write('request = function()\n  i = i %% #bodies + 1\n  return wrk.format("POST", "/webhooks/github", '
                  '{["Content-Type"] = "application/json", ["X-GitHub-Event"] = "push", '
                  '["X-Hub-Signature-256"] = signatures[i]}, bodies[i])\nend\n')
    before = github.total()
    output = subprocess.run(["wrk", "-t2", "-c50", "-d%ds" % seconds, "--latency", "-s", script, app_url],
                            capture_output=True, text=True, check=True).stdout
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    block = "repo-" + repository.replace("/", "--")
    events.until(lambda name, data: name == block and "data-announced" not in data and ('data-sha="%s"' % shas[-1]) in data,
                 timeout=60)
    after = github.quiet()
    status, _, page = browser.get(app_url + "/repos/" + repository)
    equal = ('data-sha="%s"' % shas[-1]).encode() in page
    print("\n**Signed push deliveries, wrk %d s, 50 connections**: %.0f accepted per second, %d refused; then the "
          "snapshot %s the stand-in's head (%d GitHub requests for the whole burst)."
          % (seconds, rate, int(errors.group(1)) if errors else 0, "equals" if equal else "DOES NOT EQUAL",
             after[0] - before[0]))
    events.close()


def row(page, label, result, latency):
    print("| %s | %s | %.0f ms (%.1f × latency) | %d (%d ms) | %d + %d | %d |" % (
        page, label, result["ms"], result["ms"] / latency, result["round_trips"], result["github_ms"], result["requests"],
        result["background"], result["points"]))


def wrk(url, cookie, connections, seconds):
    output = subprocess.run(["wrk", "-t2", "-c%d" % connections, "-d%ds" % seconds, "--latency", "-H", "Cookie: " + cookie,
                             url], capture_output=True, text=True, check=True).stdout
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    percentiles = dict(re.findall(r"^\s+(50|99)%\s+([\d.]+\w+)", output, re.M))
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    sockets = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output)
    failed = (int(errors.group(1)) if errors else 0) + (sum(int(n) for n in sockets.groups()) if sockets else 0)
    return rate, percentiles.get("50"), percentiles.get("99"), failed


def per_minute(requests):
    """The most GraphQL requests in any minute, and the most requests in flight at once."""
    graphql = sorted(request["start"] for request in requests if request["api"] == "graphql")
    most_minute, first = 0, 0
    for last, start in enumerate(graphql):
        while start - graphql[first] >= 60000:
            first += 1
        most_minute = max(most_minute, last - first + 1)
    edges = sorted([(request["start"], 1) for request in requests] + [(request["end"], -1) for request in requests])
    in_flight = most_in_flight = 0
    for _, step in edges:
        in_flight += step
        most_in_flight = max(most_in_flight, in_flight)
    return most_minute, most_in_flight


def app_mode(arguments, work, java_opts, github, github_port, app_port, key, running):
    """Promenade as a GitHub App: start-up with nobody signed in, pages while it reads, the warm overview, a change."""
    app_url = "http://localhost:%d" % app_port
    count = arguments.repositories
    budget = min(12500, 5000 + 50 * max(0, count + 1 - 20))
    print("# Promenade benchmark, as a GitHub App\n")
    print("%s · %d cores · %d repositories installed (3 environments each; acme/infra its own chain file) · %d ms added to"
          " every GitHub request · the installation's hourly budget %d points\n"
          % (time.strftime("%Y-%m-%d", time.gmtime()), os.cpu_count(), count, arguments.latency_ms, budget))
    github.quiet()
    start_ms = time.time() * 1000
    before = github.total()
    began = time.time()
    application = Process("promenade", app_port, java_opts + properties(app_port, github_port, count, arguments.latency_ms,
                                                                        False, key), work)
    running.append(application)
    # Pages while the installation reads: a person's page is read with their token, and never refused.
    browser = Browser(app_url).sign_in("alice")
    statuses = []
    while True:
        status, _, _ = browser.get(app_url + "/")
        statuses.append(status)
        time.sleep(2)
        stats = github.stats(int(time.time() * 1000) - 3000)
        if not stats["requests"] and time.time() - began > 10:
            break
    read_in = time.time() - began
    after = github.total()
    served = github.stats(int(start_ms))["requests"]
    most_minute, most_in_flight = per_minute(served)
    points = after[1] - before[1]
    print("**Start-up, nobody waiting**: every repository read in %.0f s; %d GitHub requests, %d GraphQL points (%.0f %% of the"
          " installation's hourly budget); at most %d GraphQL queries in a minute and %d requests at once (GitHub's secondary"
          " limits: 2,000 points a minute, 100 at once); pages loaded meanwhile: %s.\n"
          % (read_in, after[0] - before[0], points, 100.0 * points / budget, most_minute, most_in_flight,
             ", ".join("%d × %d" % (statuses.count(code), code) for code in sorted(set(statuses)))))
    headers = {"Accept-Encoding": "gzip", "Cookie": browser.cookie_header()}
    times, size = [], 0
    for _ in range(200):
        browser.get(app_url + "/")
    for _ in range(9):
        request = urllib.request.Request(app_url + "/", headers=headers)
        started = time.time()
        with urllib.request.urlopen(request, timeout=60) as response:
            size = len(response.read())
        times.append((time.time() - started) * 1000)
    times.sort()
    print("**Warm overview** (its first page of 100 rows): median %.0f ms of 9, %d KB compressed.\n" % (times[4], size // 1024))
    github.quiet()
    before = github.total()
    changes = 20
    for i in range(changes):
        repository = "acme/service-%02d" % (i + 1)
        sha = push(github_port, repository, "Pushed by the benchmark")
        body, signature = delivery(repository, sha, 1)
        deliver(app_url, body, signature)
    after = github.quiet()
    print("**Steady state**: %d pushes to %d repositories, delivered as the App's webhooks: %d GraphQL points (%.1f a change)."
          % (changes, changes, after[1] - before[1], (after[1] - before[1]) / changes))
    application.stop()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repositories", type=int, default=54)
    parser.add_argument("--latency-ms", type=int, default=100)
    parser.add_argument("--seconds", type=int, default=30, help="of each wrk run")
    parser.add_argument("--soak-seconds", type=int, default=60, help="of the soak run (wrk at 50 connections, memory watched)")
    parser.add_argument("--refresh-after", type=int, default=15, help="seconds; Promenade's default")
    parser.add_argument("--soak-only", action="store_true", help="only the warm overview and the soak (memory)")
    parser.add_argument("--app", action="store_true", help="as a GitHub App: start-up reads, pacing, the overview, changes")
    arguments = parser.parse_args()
    latency = arguments.latency_ms
    work = tempfile.mkdtemp(prefix="promenade-bench-")
    github_port, app_port = 18081, 18080
    app_url = "http://localhost:%d" % app_port

    running = []

    java_opts = shipped_java_opts()

    def app():
        process = Process("promenade", app_port, java_opts + properties(app_port, github_port, arguments.repositories, latency,
                                                                        False), work)
        running.append(process)
        return process

    key = None
    if arguments.app:
        key = os.path.join(work, "app.pem")
        subprocess.run(["openssl", "genrsa", "-out", key, "2048"], check=True, capture_output=True)
    stand_in = Process("github", github_port, properties(github_port, github_port, arguments.repositories, latency, True, key),
                       work, "target/stand-in")
    running.append(stand_in)
    github = GitHub(github_port)
    if arguments.app:
        try:
            app_mode(arguments, work, java_opts, github, github_port, app_port, key, running)
        finally:
            for process in running:
                process.stop()
        return
    pages = [("overview", "/"), ("repository page", "/repos/acme/service-02"), ("pending page (300 commits)",
                                                                                    "/repos/acme/ledger/pending/staging"),
             ("repository page (1,200 promotions)", "/repos/acme/monolith")]
    try:
        print("Warming the GitHub stand-in up…", file=sys.stderr)
        warm_up = app()
        browser = Browser(app_url).sign_in("alice")
        for _, path in pages * 2:
            load(browser, github, path)
        warm_up.stop()

        print("# Promenade benchmark\n")
        cpu = re.search(r"model name\s*:\s*(.*)", open("/proc/cpuinfo").read())
        java = subprocess.run(["java", "-version"], capture_output=True, text=True).stderr.splitlines()[0]
        print("%s · %d cores (%s) · %s · %s" % (time.strftime("%Y-%m-%d", time.gmtime()), os.cpu_count(),
                                              cpu.group(1) if cpu else platform.machine(), platform.system(), java))
        print("%d repositories (3 environments each; acme/infra 2; acme/monolith with 1,200 promotions) · %d ms added to"
              " every GitHub request · Promenade's JVM options: `%s`\n"
              % (arguments.repositories, latency, " ".join(java_opts)))
        if arguments.soak_only:
            pages = []
        print("| page | load | time | GitHub round trips (time waiting for GitHub) | GitHub requests (page + background) | GraphQL points |")
        print("|---|---|---|---|---|---|")
        for name, path in pages:
            application = app()
            browser = Browser(app_url).sign_in("alice")
            row(name, "first, after sign-in (JVM cold)", load(browser, github, path), latency)
            for _ in range(200):
                browser.get(app_url + path)
            again = sorted((load(browser, github, path) for _ in range(9)), key=lambda result: result["ms"])
            row(name, "again at once (median of 9)", again[4], latency)
            time.sleep(arguments.refresh_after + 1)
            row(name, "after refresh-after", load(browser, github, path), latency)
            if path == "/repos/acme/monolith":
                push(github_port, "acme/monolith", "Pushed by the benchmark")
                time.sleep(arguments.refresh_after + 1)
                row(name, "after a push to master (heads moved)", load(browser, github, path), latency)
            application.stop()

        application = app()
        browsers = [Browser(app_url).sign_in(login) for login in USERS]
        github.quiet()
        start = time.time() * 1000
        before = github.total()
        times = [0.0] * len(browsers)

        def open_overview(i):
            began = time.time()
            status, _, _ = browsers[i].get(app_url + "/")
            assert status == 200
            times[i] = (time.time() - began) * 1000

        threads = [threading.Thread(target=open_overview, args=(i,)) for i in range(len(browsers))]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        end = time.time() * 1000
        after = github.quiet()
        served = github.stats(int(start))["requests"]
        chain, _ = round_trips(served, start, end)
        spent = waited(served, start, end)
        if not arguments.soak_only:
            print("\n**%d users signing in and opening the overview at the same moment** (JVM cold): slowest page %.0f ms"
              " (%.1f × latency), %d GitHub round trips at most (%d ms), %d GitHub requests in all, %d GraphQL points.\n"
              % (len(browsers), max(times), max(times) / latency, chain, spent, after[0] - before[0], after[1] - before[1]))

        cookie = browsers[0].cookie_header()
        wrk(app_url + "/", cookie, 50, 10)
        print("| warm overview, wrk %d s | pages/s | p50 | p99 | errors |" % arguments.seconds)
        print("|---|---|---|---|---|")
        for connections in (10, 50):
            rate, p50, p99, errors = wrk(app_url + "/", cookie, connections, arguments.seconds)
            print("| %d connections | %.0f | %s | %s | %d |" % (connections, rate, p50, p99, errors))
        before_rss = application.rss_mb()
        rate, p50, p99, errors = wrk(app_url + "/", cookie, 50, arguments.soak_seconds)
        after_rss = application.rss_mb()
        print("\n**Soak: warm overview, wrk %d s at 50 connections**: %.0f pages/s, p50 %s, p99 %s, %d errors (non-2xx and"
              " socket); resident memory %d MB before, %d MB after (%+.1f %%)."
              % (arguments.soak_seconds, rate, p50, p99, errors, before_rss, after_rss, 100.0 * (after_rss - before_rss) / before_rss))
        print("\nLive heap after the soak (`jcmd GC.heap_info` after a full collection): %s." % heap_info(application.process.pid))
        if not arguments.soak_only:
            webhooks(app_url, github_port, github, min(arguments.seconds, 10), work)
        print("\nPromenade's resident memory after the runs: %d MB." % application.rss_mb())
        application.stop()
    finally:
        for process in running:
            process.stop()


if __name__ == "__main__":
    main()
