/**
 * Exchange load benchmark: 100 users on loopback reading their inboxes and posting feedback.
 * A server process (PGlite in a temp dir, or DATABASE_URL) is seeded with the demo network, 100 extra
 * officers and unit heads spread over its units, and network-wide warnings; the users log in over HTTP; then
 * autocannon runs 100 connections cycling through GET /api/v1/warnings?box=inbox, GET /api/v1/notifications
 * and POST /api/v1/warnings/:id/feedback (each feedback is a transaction with its audit row and its
 * notifications to the sending unit). Baseline in the same run: a bare Fastify process with one empty route,
 * under the same load from the same client.
 *
 * Besides the client's figures it prints, per route, the server-side time from arrival to response, and the
 * server's CPU time per request (which, unlike rates and latencies, hardly depends on how busy the machine is).
 *
 *   npm run bench:exchange                      # 60 s each
 *   BENCH_SECONDS=10 npm run bench:exchange      # shorter
 *   DATABASE_URL=postgres://…/empty_db npm run bench:exchange   # PostgreSQL (an empty database)
 *   BENCH_CPU_PROF=/tmp/prof npm run bench:exchange             # V8 CPU profile of the server process
 */
import { fork, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon, { type Request, type Result } from 'autocannon';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 60);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 100);
const USERS = 100;
const WARNINGS = 40;
const PASSWORD = 'bench-password-exchange-1';
const here = fileURLToPath(import.meta.url);

interface Ready {
  port: number;
  users?: { username: string; warningId: string }[];
  seedMs?: number;
}

interface ServerStats {
  routes: string[];
  cpuMsPerRequest: number;
}

// ---------------------------------------------------------------- server processes
async function serveIren(): Promise<void> {
  const { sql } = await import('drizzle-orm');
  const { openStore, migrateStore } = await import('../server/db/client.ts');
  const { loadReferenceData } = await import('../server/db/reference.ts');
  const { buildApp } = await import('../server/app.ts');
  const { seedDemo } = await import('../server/seed/demo.ts');
  const { SYSTEM_CONTEXT } = await import('../server/audit/audit.service.ts');
  const { hashPassword } = await import('../server/auth/passwords.ts');
  const { units, users } = await import('../server/db/schema.ts');
  const { actorOf } = await import('../server/services/auth.service.ts');
  const { createWarning } = await import('../server/services/exchange/warnings.service.ts');

  const dataDir = process.env.DATABASE_URL ? undefined : fs.mkdtempSync(path.join(os.tmpdir(), 'iren-bench-exchange-'));
  const store = await openStore({ dataDir, databaseUrl: process.env.DATABASE_URL, poolSize: 20 });
  await migrateStore(store);
  await loadReferenceData(store.db);
  const t0 = performance.now();
  await seedDemo(store.db, SYSTEM_CONTEXT, { password: PASSWORD, withTotp: false });
  const allUnits = await store.db.select().from(units).orderBy(units.code);
  const hash = await hashPassword(PASSWORD);
  const bench: { username: string; unitId: string }[] = [];
  for (let i = 0; i < USERS; i++) {
    const unit = allUnits[i % allUnits.length]!;
    const username = `bench.${unit.country.toLowerCase()}.${String(i).padStart(3, '0')}`;
    bench.push({ username, unitId: unit.id });
    await store.db
      .insert(users)
      .values({ username, displayName: `Bench user ${i}`, role: i % 5 === 0 ? 'unit_head' : 'officer', country: unit.country, unitId: unit.id, passwordHash: hash })
      .onConflictDoNothing();
  }
  // Network-wide warnings from every country's unit head: every bench user receives them.
  const heads = await store.db.select().from(users).where(sql`${users.role} = 'unit_head' AND ${users.username} NOT LIKE 'bench.%'`).orderBy(users.username);
  const sent: { id: string; senderUnitId: string }[] = [];
  for (let i = 0; i < WARNINGS; i++) {
    const head = heads[i % heads.length]!;
    const w = await createWarning(store.db, actorOf(head), SYSTEM_CONTEXT, {
      subject: `Bench warning ${i}`,
      facts: { containers: [`BNCU${String(1000000 + i).slice(-7)}`], documents: [`BENCHDOC${i}`], parties: [] },
      reasons: 'Load benchmark',
      requestedAction: 'Acknowledge',
      deadline: '2099-12-31',
      tlp: 'GREEN',
      distribution: 'network',
    });
    sent.push({ id: w.id, senderUnitId: w.senderUnitId });
  }
  const seedMs = Math.round(performance.now() - t0);
  const userWarnings = bench.map((u, i) => ({ username: u.username, warningId: sent.filter((w) => w.senderUnitId !== u.unitId)[i % (WARNINGS - 8)]!.id }));

  const app = await buildApp({
    store,
    config: { requireTotp: false, sessionTtlHours: 12, secureCookies: false, logLevel: 'silent' },
    logger: false,
    rateLimitPerMinute: 100_000_000,
    loginRateLimitPerMinute: 100_000_000,
    webDist: null,
  });
  // Server-side figures for the load window: time from arrival to response per route, and CPU per request
  // (CPU per request does not depend on how busy the machine is, unlike rates and latencies).
  const perRoute = new Map<string, number[]>();
  app.addHook('onResponse', async (request, reply) => {
    const key = `${request.method} ${request.routeOptions.url ?? '?'} ${reply.statusCode}`;
    if (!perRoute.has(key)) perRoute.set(key, []);
    perRoute.get(key)!.push(reply.elapsedTime);
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  process.send!({ port: (app.server.address() as { port: number }).port, users: userWarnings, seedMs } satisfies Ready);
  let cpuAtMark = process.cpuUsage();
  process.on('message', (m) => {
    if (m === 'mark') {
      perRoute.clear();
      cpuAtMark = process.cpuUsage();
      return;
    }
    const cpu = process.cpuUsage(cpuAtMark);
    const all = [...perRoute.values()].flat();
    const routes = [...perRoute].map(([key, ms]) => {
      ms.sort((a, b) => a - b);
      const at = (q: number) => Math.round(ms[Math.min(ms.length - 1, Math.floor(q * ms.length))]!);
      return `  server side ${key.padEnd(44)} n ${String(ms.length).padStart(6)}   p50 ${String(at(0.5)).padStart(5)} ms   p99 ${String(at(0.99)).padStart(5)} ms`;
    });
    const cpuMsPerRequest = all.length ? (cpu.user + cpu.system) / 1000 / all.length : 0;
    process.send!({ routes, cpuMsPerRequest } satisfies ServerStats);
    void app.close().then(() => store.close()).then(() => {
      if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
      process.exit(0);
    });
  });
}

async function serveEmpty(): Promise<void> {
  const { default: Fastify } = await import('fastify');
  const app = Fastify({ logger: false });
  app.get('/', async () => ({ hello: 'world' }));
  await app.listen({ port: 0, host: '127.0.0.1' });
  process.send!({ port: (app.server.address() as { port: number }).port } satisfies Ready);
  process.on('message', () => {
    process.send!({ routes: [], cpuMsPerRequest: 0 } satisfies ServerStats);
    void app.close().then(() => process.exit(0));
  });
}

function start(role: string): Promise<{ child: ChildProcess; ready: Ready }> {
  // BENCH_CPU_PROF=<dir>: a V8 CPU profile of the iren server process (open it in Chrome DevTools).
  const prof = role === '--serve-iren' && process.env.BENCH_CPU_PROF ? ['--cpu-prof', '--cpu-prof-dir', process.env.BENCH_CPU_PROF] : [];
  const child = fork(here, [role], { execArgv: [...process.execArgv, ...prof], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  return new Promise((resolve, reject) => {
    child.once('message', (m) => resolve({ child, ready: m as Ready }));
    child.once('exit', (code) => reject(new Error(`${role} exited with ${code}`)));
  });
}

async function stop(child: ChildProcess): Promise<ServerStats> {
  const exited = new Promise((r) => child.once('exit', r));
  const stats = new Promise<ServerStats>((r) => child.once('message', (m) => r(m as ServerStats)));
  child.send('stop');
  const result = await stats;
  await exited;
  return result;
}

// ---------------------------------------------------------------- load
async function login(base: string, username: string): Promise<string> {
  const res = await fetch(`${base}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: PASSWORD }) });
  if (!res.ok) throw new Error(`login ${username}: ${res.status} ${await res.text()}`);
  const cookie = res.headers.getSetCookie().find((c) => c.startsWith('iren_session='));
  if (!cookie) throw new Error(`login ${username}: no session cookie`);
  return cookie.split(';')[0]!;
}

function report(name: string, r: Result): string {
  const errors = r.errors + r.non2xx;
  return `${name.padEnd(42)} ${r.requests.average.toFixed(0).padStart(7)} req/s   p50 ${String(r.latency.p50).padStart(4)} ms   p99 ${String(r.latency.p99).padStart(5)} ms   requests ${r['2xx'] + r.non2xx}   errors ${errors} (timeouts ${r.timeouts}, non-2xx ${r.non2xx})`;
}

async function main(): Promise<void> {
  process.stdout.write(`bench:exchange — ${USERS} users, ${CONNECTIONS} connections, ${SECONDS} s per run, ${process.env.DATABASE_URL ? 'PostgreSQL' : 'PGlite'}\n`);
  const iren = await start('--serve-iren');
  const base = `http://127.0.0.1:${iren.ready.port}`;
  process.stdout.write(`seeded demo network + ${USERS} users + ${WARNINGS} network warnings in ${iren.ready.seedMs} ms\n`);
  const sessions = await Promise.all(iren.ready.users!.map(async (u) => ({ cookie: await login(base, u.username), warningId: u.warningId })));
  let next = 0;
  const who = (ctx: Record<string, unknown>) => (ctx.user ??= sessions[next++ % sessions.length]) as (typeof sessions)[number];
  const requests: Request[] = [
    { method: 'GET', setupRequest: (req, ctx) => ({ ...req, path: '/api/v1/warnings?box=inbox&limit=20', headers: { cookie: who(ctx).cookie } }) },
    { method: 'GET', setupRequest: (req, ctx) => ({ ...req, path: '/api/v1/notifications?limit=20', headers: { cookie: who(ctx).cookie } }) },
    {
      method: 'POST',
      setupRequest: (req, ctx) => ({
        ...req,
        path: `/api/v1/warnings/${who(ctx).warningId}/feedback`,
        headers: { cookie: who(ctx).cookie, 'content-type': 'application/json' },
        body: JSON.stringify({ status: 'acknowledged', notes: 'bench' }),
      }),
    },
  ];
  iren.child.send('mark');
  const exchange = await autocannon({ url: base, connections: CONNECTIONS, duration: SECONDS, requests });
  const server = await stop(iren.child);

  const empty = await start('--serve-empty');
  const baseline = await autocannon({ url: `http://127.0.0.1:${empty.ready.port}/`, connections: CONNECTIONS, duration: SECONDS });
  await stop(empty.child);

  process.stdout.write(`${report('exchange (inbox, notifications, feedback)', exchange)}\n`);
  process.stdout.write(`${server.routes.join('\n')}\n  server CPU per request: ${server.cpuMsPerRequest.toFixed(2)} ms\n`);
  process.stdout.write(`${report('baseline: bare Fastify empty route', baseline)}\n`);
  process.stdout.write(`ratio exchange/empty: ${((exchange.requests.average / baseline.requests.average) * 100).toFixed(1)} %\n`);
  const errors = exchange.errors + exchange.non2xx;
  if (errors > 0) {
    process.stdout.write(`FAILED: ${errors} errors under load\n`);
    process.exitCode = 1;
  }
}

const role = process.argv[2];
const run = role === '--serve-iren' ? serveIren : role === '--serve-empty' ? serveEmpty : main;
run().catch((err: unknown) => {
  process.stderr.write(`${(err as Error).stack ?? String(err)}\n`);
  process.exit(1);
});
