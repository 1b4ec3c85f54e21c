#!/usr/bin/env python3
"""kitchen.py - 阳光厨房 at a province's size, beside plain SQLite.

Measures, on the demo district made by `fazhi demo`:
  1. the cameras' webhook: EVENTS events posted over HTTP by THREADS
     cameras at once (token, validation, idempotency check, alert and the
     daily figures, one transaction each), and the same events replayed;
     the peer writes the same rows with Python's sqlite3, one transaction
     an event, with fazhi's own tables and the same durability
     (WAL, synchronous=FULL);
  2. ALERTS alerts loaded by SQL, then `fazhi kitchen recount` beside the
     same GROUP BY run by sqlite3 itself;
  3. the dashboards at that size: the district's and a 镇街's summary and
     alert lists, REQUESTS requests each, p50 and p99, beside the SQL they
     run issued straight to SQLite.
Prints one table: fazhi, the peer, fazhi / peer, the aim, met or not.
Standard library only.  Called by run.sh (which builds and names the binary).
"""
import http.client
import json
import os
import random
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time

FAZHI = os.environ.get('FAZHI', './fazhi')
EVENTS = int(os.environ.get('EVENTS', '20000'))
ALERTS = int(os.environ.get('ALERTS', '5000000'))
THREADS = int(os.environ.get('THREADS', '4'))
REQUESTS = int(os.environ.get('REQUESTS', '200'))
SEED = int(os.environ.get('SEED', '1'))
AIM_DASH = 100.0  # ms, p99


def say(*a):
    print('==', *a, file=sys.stderr, flush=True)


def pct(xs, p):
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(round(p / 100.0 * (len(xs) - 1))))]


def beijing(t):
    return time.strftime('%Y-%m-%dT%H:%M:%S+08:00', time.gmtime(t + 8 * 3600))


def iso(t):
    return time.strftime('%Y-%m-%dT%H:%M:%SZ', time.gmtime(t))


class Api:
    def __init__(self, port):
        self.port = port
        self.conn = http.client.HTTPConnection('127.0.0.1', port, timeout=60)
        self.cookie = ''
        self.csrf = ''

    def call(self, method, path, body=None, headers=None):
        h = dict(headers or {})
        data = None
        if body is not None:
            data = json.dumps(body).encode()
            h['Content-Type'] = 'application/json'
        if self.cookie:
            h['Cookie'] = 'fz_session=' + self.cookie
        if self.csrf and method != 'GET':
            h['X-CSRF-Token'] = self.csrf
        self.conn.request(method, path, body=data, headers=h)
        r = self.conn.getresponse()
        raw = r.read()
        for k, v in r.getheaders():
            if k.lower() == 'set-cookie' and v.startswith('fz_session='):
                self.cookie = v.split(';')[0].split('=', 1)[1]
        out = json.loads(raw) if raw and raw[:1] in b'{[' else None
        if isinstance(out, dict) and out.get('csrf'):
            self.csrf = out['csrf']
        return r.status, out

    def login(self, login, password):
        st, _ = self.call('POST', '/api/v1/login', {'login': login, 'password': password})
        if st != 200:
            sys.exit(f'bench/kitchen: login {login}: {st}')


def serve(db, port):
    p = subprocess.Popen([FAZHI, 'serve', '--db', db, '--listen', f'127.0.0.1:{port}',
                          '--threads', str(THREADS)], stdout=subprocess.DEVNULL,
                         stderr=subprocess.DEVNULL)
    for _ in range(300):
        try:
            c = http.client.HTTPConnection('127.0.0.1', port, timeout=2)
            c.request('GET', '/healthz')
            if c.getresponse().status == 200:
                return p
        except OSError:
            time.sleep(0.1)
    p.kill()
    sys.exit('bench/kitchen: the server did not start')


def stop(p):
    p.terminate()
    p.wait(timeout=30)


def free_port():
    import socket
    s = socket.socket()
    s.bind(('127.0.0.1', 0))
    port = s.getsockname()[1]
    s.close()
    return port


TYPES = ['no_mask', 'no_hat', 'no_uniform', 'smoking', 'phone', 'uncovered_food',
         'trash_open', 'rodent', 'stranger']
HOURS = {'no_mask': 2, 'no_hat': 2, 'no_uniform': 2, 'smoking': 2, 'phone': 2,
         'uncovered_food': 2, 'trash_open': 4, 'rodent': 24, 'stranger': 4}


def events(n, now, tag):
    """n events and their instants (Unix seconds)."""
    rnd = random.Random(SEED)
    ts = [now - rnd.randrange(1, 86400) for _ in range(n)]
    return [{'event_id': f'{tag}-{i:08d}', 'type': rnd.choice(TYPES), 'time': beijing(ts[i]),
             'camera': f'后厨{i % 6 + 1}号'} for i in range(n)], ts


def post_all(port, token, evs):
    """Post evs from THREADS connections; seconds taken, statuses."""
    parts = [evs[i::THREADS] for i in range(THREADS)]
    seen = {}
    lock = threading.Lock()

    def worker(part):
        c = http.client.HTTPConnection('127.0.0.1', port, timeout=60)
        mine = {}
        for e in part:
            c.request('POST', '/api/v1/kitchen/events', body=json.dumps(e).encode(),
                      headers={'Content-Type': 'application/json', 'X-Source-Token': token})
            r = c.getresponse()
            r.read()
            mine[r.status] = mine.get(r.status, 0) + 1
        with lock:
            for k, v in mine.items():
                seen[k] = seen.get(k, 0) + v

    ts = [threading.Thread(target=worker, args=(p,)) for p in parts]
    t0 = time.monotonic()
    for t in ts:
        t.start()
    for t in ts:
        t.join()
    return time.monotonic() - t0, seen


def peer_ingest(db, site, path, source, evs, ts):
    """The same rows, one transaction an event, as fazhi writes them."""
    import hashlib
    algo = 'sm3' if 'sm3' in hashlib.algorithms_available else 'sha256'
    con = sqlite3.connect(db, isolation_level=None)
    con.execute('PRAGMA journal_mode=WAL')
    con.execute('PRAGMA synchronous=FULL')
    t0 = time.monotonic()
    for e, t in zip(evs, ts):
        occ, due = iso(t), iso(t + HOURS[e['type']] * 3600)
        digest = hashlib.new(algo, f"{e['type']}\n{t}\n{e['camera']}".encode()).hexdigest()
        con.execute('BEGIN IMMEDIATE')
        row = con.execute('SELECT id, digest FROM kitchen_alerts WHERE source_id = ? AND event_id = ?',
                          (source, e['event_id'])).fetchone()
        if row is None:
            con.execute('INSERT INTO kitchen_alerts (site_id, unit_path, source_id, event_id, type,'
                        ' camera, occurred_at, due_at, digest, received_at) VALUES'
                        ' (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
                        (site, path, source, e['event_id'], e['type'], e['camera'], occ, due,
                         digest, iso(time.time())))
            con.execute("INSERT INTO kitchen_daily (unit_path, day, type, alerts) VALUES"
                        " (?, date(?, '+8 hours'), ?, 1) ON CONFLICT DO UPDATE SET alerts = alerts + 1",
                        (path, occ, e['type']))
        con.execute('COMMIT')
    took = time.monotonic() - t0
    con.close()
    return took


BULK = """
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < :count),
sites AS (SELECT s.id, s.unit_path, (SELECT min(o.id) FROM kitchen_sources o WHERE o.site_id = s.id) AS src,
          row_number() OVER (ORDER BY s.id) - 1 AS k FROM kitchen_sites s),
r AS MATERIALIZED (SELECT i, abs(random()) AS a, abs(random()) AS b, abs(random()) AS c FROM n),
g AS (SELECT r.i, s.id AS site, s.unit_path, s.src, :types_json AS tj, r.b, r.c,
             :now - (r.b % (365 * 86400)) AS t FROM r JOIN sites s ON s.k = r.a % :nsites),
h AS (SELECT *, json_extract(tj, '$[' || (c % 9) || ']') AS type FROM g),
x AS (SELECT *, CASE WHEN type = 'rodent' THEN 24 WHEN type IN ('trash_open', 'stranger') THEN 4
               ELSE 2 END * 3600 AS period FROM h)
INSERT INTO kitchen_alerts (site_id, unit_path, source_id, event_id, type, camera, occurred_at,
    due_at, digest, received_at, state, handled_at, handled_by, note)
SELECT site, unit_path, src, 'BULK-' || i, type, '后厨1号', strftime('%Y-%m-%dT%H:%M:%SZ', t, 'unixepoch'),
       strftime('%Y-%m-%dT%H:%M:%SZ', t + period, 'unixepoch'), hex(randomblob(32)),
       strftime('%Y-%m-%dT%H:%M:%SZ', t + 2, 'unixepoch'),
       CASE WHEN t + period > :now OR c % 1000 < 3 THEN 'open' ELSE 'handled' END,
       CASE WHEN t + period > :now OR c % 1000 < 3 THEN NULL
            ELSE strftime('%Y-%m-%dT%H:%M:%SZ', t + (c % (period + 3600)), 'unixepoch') END,
       CASE WHEN t + period > :now OR c % 1000 < 3 THEN NULL ELSE 'demo' END,
       CASE WHEN t + period > :now OR c % 1000 < 3 THEN NULL ELSE '已当场纠正' END
FROM x
"""

RECOUNT = """
BEGIN;
DELETE FROM kitchen_daily;
INSERT INTO kitchen_daily (unit_path, day, type, alerts, handled, ontime)
SELECT unit_path, date(occurred_at, '+8 hours'), type, count(*), sum(state <> 'open'),
       sum(state <> 'open' AND coalesce(handled_at <= due_at, 0)) FROM kitchen_alerts GROUP BY 1, 2, 3;
COMMIT;
"""


def peer_dash(db, kind, town_path, n):
    """The SQL the route runs, straight to SQLite; milliseconds each."""
    con = sqlite3.connect(db)
    hi = town_path[:-1] + chr(ord(town_path[-1]) + 1)
    now = iso(time.time())
    y = time.gmtime().tm_year
    lo_t, hi_t = f'{y - 1}-12-31T16:00:00Z', iso(time.time() + 86400)
    ms = []
    for _ in range(n):
        t0 = time.perf_counter()
        if kind.endswith('summary'):
            where = '' if kind.startswith('district') else ' AND unit_path >= ? AND unit_path < ?'
            args = () if kind.startswith('district') else (town_path, hi)
            con.execute('SELECT s.unit_path, count(*), sum(EXISTS (SELECT 1 FROM kitchen_sources o'
                        ' WHERE o.site_id = s.id AND o.revoked_at IS NULL)) FROM kitchen_sites s'
                        f' WHERE 1{where.replace("unit_path", "s.unit_path")} GROUP BY s.unit_path',
                        args).fetchall()
            con.execute('SELECT unit_path, type, sum(alerts), sum(handled), sum(ontime) FROM'
                        f' kitchen_daily WHERE 1{where} AND day >= ? AND day <= ? GROUP BY unit_path, type',
                        args + (f'{y}-01-01', f'{y}-12-31')).fetchall()
            con.execute(f"SELECT unit_path, count(*), sum(due_at < '{now}') FROM kitchen_alerts"
                        f" INDEXED BY kitchen_alerts_open WHERE 1{where}"
                        " AND state = 'open' AND occurred_at >= ? AND occurred_at < ? GROUP BY unit_path",
                        args + (lo_t, hi_t)).fetchall()
        else:
            late = kind.endswith('late')
            where = " AND a.state = 'open' AND a.due_at < ?" if late else " AND a.state <> 'open'"
            args = (town_path, hi, now) if late else (town_path, hi)
            idx = ' INDEXED BY kitchen_alerts_open' if late else ''
            con.execute(f'SELECT count(*) FROM kitchen_alerts a{idx} WHERE a.unit_path >= ?'
                        ' AND a.unit_path < ?' + where, args).fetchall()
            order = 'a.due_at, a.id' if late else 'a.occurred_at DESC, a.id DESC'
            idx = 'kitchen_alerts_open' if late else 'kitchen_alerts_time'
            ids = [r[0] for r in con.execute(f'SELECT a.id FROM kitchen_alerts a INDEXED BY {idx}'
                                             f' WHERE a.unit_path >= ? AND a.unit_path < ?{where}'
                                             f' ORDER BY {order} LIMIT 20',
                                             args).fetchall()]
            for i in ids:
                con.execute('SELECT a.*, s.name, o.name FROM kitchen_alerts a JOIN kitchen_sites s'
                            ' ON s.id = a.site_id JOIN kitchen_sources o ON o.id = a.source_id'
                            ' WHERE a.id = ?', (i,)).fetchone()
        ms.append((time.perf_counter() - t0) * 1000)
    con.close()
    return ms


def api_dash(port, who, path, n):
    api = Api(port)
    api.login(*who)
    ms = []
    for _ in range(n):
        t0 = time.perf_counter()
        st, _ = api.call('GET', path)
        ms.append((time.perf_counter() - t0) * 1000)
        if st != 200:
            sys.exit(f'bench/kitchen: GET {path}: {st}')
    return ms


def main():
    tmp = tempfile.mkdtemp(prefix='fazhi-bench-kitchen.')
    db, peer = os.path.join(tmp, 'fazhi.db'), os.path.join(tmp, 'peer.db')
    say(f'fazhi demo --no-laws (seed {SEED})')
    out = subprocess.run([FAZHI, 'demo', '--db', db, '--seed', str(SEED), '--no-laws'],
                         capture_output=True, text=True, check=True).stdout
    users = {}
    for line in out.splitlines():
        f = line.split('\t')
        if f[0] == 'demo-user' and len(f) >= 5 and (len(f) < 6 or not f[5]):
            users.setdefault(f[3], (f[1], f[2]))
    officer, town = users['officer'], users['town']
    subprocess.run(['sqlite3', db, f"VACUUM INTO '{peer}'"], check=True)

    port = free_port()
    srv = serve(db, port)
    rows = []
    try:
        api = Api(port)
        api.login(*officer)
        con = sqlite3.connect(db)
        site, path = con.execute('SELECT id, unit_path FROM kitchen_sites ORDER BY id LIMIT 1').fetchone()
        con.close()
        st, src = api.call('POST', f'/api/v1/kitchen/sites/{site}/sources', {'name': '压测接入'})
        if st != 201:
            sys.exit(f'bench/kitchen: new source: {st} {src}')
        token = src['token']
        evs, ts = events(EVENTS, int(time.time()), 'B')
        say(f'webhook: {EVENTS} events from {THREADS} cameras at once')
        took, seen = post_all(port, token, evs)
        if seen != {201: EVENTS}:
            sys.exit(f'bench/kitchen: statuses {seen}')
        say(f'webhook: {EVENTS / took:.0f} events/s ({took:.2f} s)')
        took_replay, seen = post_all(port, token, evs[:min(EVENTS, 5000)])
        if seen != {200: min(EVENTS, 5000)}:
            sys.exit(f'bench/kitchen: replay statuses {seen}')
    finally:
        stop(srv)
    con = sqlite3.connect(peer)
    psite, ppath = con.execute('SELECT id, unit_path FROM kitchen_sites ORDER BY id LIMIT 1').fetchone()
    con.execute("INSERT INTO kitchen_sources (site_id, name, token_hash, created_at) VALUES (?, '压测接入', 'x', '')",
                (psite,))
    con.commit()
    psrc = con.execute('SELECT max(id) FROM kitchen_sources').fetchone()[0]
    con.close()
    say('peer: the same events, sqlite3, one transaction each')
    ptook = peer_ingest(peer, psite, ppath, psrc, evs, ts)
    rows.append(('webhook, events/s', f'{EVENTS / took:.0f}', f'{EVENTS / ptook:.0f}',
                 f'{took / ptook:.2f}', '-', '-'))
    n_replay = min(EVENTS, 5000)
    rows.append(('webhook replays, events/s', f'{n_replay / took_replay:.0f}', '-', '-', '-', '-'))

    say(f'load {ALERTS} alerts with SQL')
    con = sqlite3.connect(db, isolation_level=None)
    con.execute('PRAGMA journal_mode=WAL')
    # a loader's cache: five indexes take rows in random order
    con.execute('PRAGMA cache_size=-2000000')
    nsites = con.execute('SELECT count(*) FROM kitchen_sites').fetchone()[0]
    t0 = time.monotonic()
    con.execute('BEGIN')
    con.execute(BULK, {'count': ALERTS, 'now': int(time.time()), 'nsites': nsites,
                       'types_json': json.dumps(TYPES)})
    con.execute('COMMIT')
    say(f'loaded in {time.monotonic() - t0:.1f} s')
    town_path = con.execute("SELECT path FROM units WHERE kind = 'town' ORDER BY id LIMIT 1").fetchone()[0]
    total = con.execute('SELECT count(*) FROM kitchen_alerts').fetchone()[0]
    con.close()

    say('fazhi kitchen recount')
    t0 = time.monotonic()
    subprocess.run([FAZHI, 'kitchen', 'recount', '--db', db], check=True, stdout=sys.stderr)
    t_fz = time.monotonic() - t0
    say('peer: the same GROUP BY in sqlite3')
    t0 = time.monotonic()
    subprocess.run(['sqlite3', db], input=RECOUNT, text=True, check=True)
    t_peer = time.monotonic() - t0
    rows.append((f'recount {total:,} alerts, s', f'{t_fz:.2f}', f'{t_peer:.2f}', f'{t_fz / t_peer:.2f}', '-', '-'))

    port = free_port()
    srv = serve(db, port)
    y = time.gmtime().tm_year
    try:
        for kind, who, path in [
            ('district summary', officer, f'/api/v1/kitchen/summary?from={y}-01-01&to={y}-12-31'),
            ('town summary', town, f'/api/v1/kitchen/summary?from={y}-01-01&to={y}-12-31'),
            ('town alerts, late', town, '/api/v1/kitchen/alerts?state=late'),
            ('town alerts, done', town, '/api/v1/kitchen/alerts?state=done'),
        ]:
            say(f'dashboard: {kind}, {REQUESTS} requests')
            fz = api_dash(port, who, path, REQUESTS)
            pk = peer_dash(db, kind.replace(' ', '_').replace(',', ''), town_path, REQUESTS)
            p99, q99 = pct(fz, 99), pct(pk, 99)
            rows.append((f'{kind}, p99 ms', f'{p99:.1f}', f'{q99:.1f}', f'{p99 / q99:.2f}',
                         f'≤ {AIM_DASH:.0f}', 'yes' if p99 <= AIM_DASH else 'NO'))
            rows.append((f'{kind}, p50 ms', f'{pct(fz, 50):.1f}', f'{pct(pk, 50):.1f}',
                         f'{pct(fz, 50) / pct(pk, 50):.2f}', '-', '-'))
    finally:
        stop(srv)
    if os.environ.get('KEEP') != '1':
        subprocess.run(['rm', '-rf', tmp])
    else:
        say(f'kept {tmp}')

    head = ('measure', 'fazhi', 'peer', 'fazhi/peer', 'aim', 'met')
    w = [max(len(str(r[i])) for r in rows + [head]) for i in range(6)]
    print(f'阳光厨房 at scale: {total:,} alerts, {EVENTS} webhook events, {THREADS} threads')
    for r in [head] + rows:
        print('  '.join(str(c).ljust(w[i]) for i, c in enumerate(r)))


if __name__ == '__main__':
    main()
