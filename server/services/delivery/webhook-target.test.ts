import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkWebhookTarget, guardedPost, refusedRange, WebhookTargetRefused, type Resolver } from './webhook-target.ts';

describe('refusedRange', () => {
  it.each([
    ['0.0.0.0', 'unspecified'],
    ['0.1.2.3', 'unspecified'],
    ['127.0.0.1', 'loopback'],
    ['127.255.255.254', 'loopback'],
    ['10.0.0.1', 'private'],
    ['10.255.255.255', 'private'],
    ['172.16.0.1', 'private'],
    ['172.31.255.255', 'private'],
    ['192.168.1.10', 'private'],
    ['100.64.0.1', 'private'],
    ['169.254.169.254', 'link-local'],
    ['169.254.0.1', 'link-local'],
    ['224.0.0.251', 'multicast'],
    ['239.255.255.250', 'multicast'],
    ['240.0.0.1', 'reserved'],
    ['255.255.255.255', 'reserved'],
    ['192.0.2.1', 'reserved'],
    ['::', 'unspecified'],
    ['::1', 'loopback'],
    ['[::1]', 'loopback'],
    ['fe80::1', 'link-local'],
    ['fe80::1%eth0', 'link-local'],
    ['fc00::1', 'private'],
    ['fd12:3456:789a::1', 'private'],
    ['ff02::1', 'multicast'],
    ['2001:db8::1', 'reserved'],
    ['::ffff:127.0.0.1', 'loopback'],
    ['::ffff:7f00:1', 'loopback'],
    ['::ffff:10.1.2.3', 'private'],
    ['::ffff:169.254.169.254', 'link-local'],
    ['::127.0.0.1', 'loopback'],
    ['64:ff9b::10.0.0.1', 'private'],
    ['2002:7f00:1::', 'loopback'],
    ['2002:c0a8:101::1', 'private'],
    ['localhost', 'reserved'],
  ])('%s → %s', (address, range) => {
    expect(refusedRange(address)).toBe(range);
  });

  it.each(['8.8.8.8', '1.1.1.1', '93.184.216.34', '172.32.0.1', '172.15.255.255', '100.128.0.1', '169.253.255.255', '223.255.255.255', '2606:4700:4700::1111', '2a00:1450:4001::200e', '::ffff:8.8.8.8', '64:ff9b::8.8.8.8', '2002:808:808::1'])(
    '%s is public',
    (address) => {
      expect(refusedRange(address)).toBeNull();
    },
  );
});

describe('checkWebhookTarget (registration)', () => {
  const resolver =
    (answers: Record<string, string[]>): Resolver =>
    async (host) => {
      const found = answers[host];
      if (!found) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: 'ENOTFOUND' });
      return found.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
    };

  it('refuses IP literals and names that resolve to a refused address (any of them)', async () => {
    await expect(checkWebhookTarget(new URL('http://10.0.0.5/hook'))).rejects.toThrow(WebhookTargetRefused);
    await expect(checkWebhookTarget(new URL('http://[::ffff:127.0.0.1]/hook'))).rejects.toMatchObject({ range: 'loopback' });
    await expect(checkWebhookTarget(new URL('https://risk.example.kz/hook'), resolver({ 'risk.example.kz': ['8.8.8.8', '10.0.0.7'] }))).rejects.toMatchObject({
      host: 'risk.example.kz',
      address: '10.0.0.7',
      range: 'private',
    });
  });

  it('accepts public addresses and names that do not resolve yet (each delivery checks again)', async () => {
    await expect(checkWebhookTarget(new URL('https://8.8.8.8/hook'))).resolves.toBeUndefined();
    await expect(checkWebhookTarget(new URL('https://risk.example.kz/hook'), resolver({ 'risk.example.kz': ['8.8.8.8', '2606:4700:4700::1111'] }))).resolves.toBeUndefined();
    await expect(checkWebhookTarget(new URL('https://nowhere.example.kz/hook'), resolver({}))).resolves.toBeUndefined();
  });

  it('uses the system resolver by default: localhost is loopback', async () => {
    await expect(checkWebhookTarget(new URL('http://localhost:8080/hook'))).rejects.toMatchObject({ host: 'localhost', range: 'loopback' });
  });
});

describe('guardedPost (delivery)', () => {
  const received: { host: string | undefined; body: string }[] = [];
  let server: http.Server;
  let port: number;
  beforeAll(async () => {
    server = http.createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        received.push({ host: req.headers.host, body });
        res.statusCode = 204;
        res.end();
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise((r) => server.close(r)));

  const post = (url: string, opts: Partial<Parameters<typeof guardedPost>[3]> = {}) => guardedPost(new URL(url), '{"event":"x"}', { 'content-type': 'application/json' }, { allowPrivate: false, timeoutMs: 5000, ...opts });

  it('refuses loopback targets before connecting: IP literals and names resolving to them', async () => {
    const before = received.length;
    await expect(post(`http://127.0.0.1:${port}/hook`)).rejects.toMatchObject({ range: 'loopback' });
    await expect(post(`http://[::ffff:127.0.0.1]:${port}/hook`)).rejects.toMatchObject({ range: 'loopback' });
    await expect(post(`http://localhost:${port}/hook`)).rejects.toMatchObject({ host: 'localhost', range: 'loopback' });
    expect(received.length).toBe(before);
  });

  it('connects to the very address the guarded lookup checked (one resolution, no second look-up to rebind)', async () => {
    // A name that only this resolver knows: the request can only arrive if the socket used its answer.
    let lookups = 0;
    const resolver: Resolver = async () => {
      lookups += 1;
      return [{ address: '127.0.0.1', family: 4 }];
    };
    const status = await post(`http://partner.invalid:${port}/hook`, { resolver, refused: () => null });
    expect(status).toBe(204);
    expect(lookups).toBe(1);
    expect(received.at(-1)).toEqual({ host: `partner.invalid:${port}`, body: '{"event":"x"}' });
  });

  it('a name that passed registration but now resolves to a private address (DNS rebinding) is refused at delivery', async () => {
    let calls = 0;
    const rebinding: Resolver = async () => [{ address: calls++ === 0 ? '93.184.216.34' : '127.0.0.1', family: 4 }];
    await expect(checkWebhookTarget(new URL(`http://partner.invalid:${port}/hook`), rebinding)).resolves.toBeUndefined();
    const before = received.length;
    await expect(post(`http://partner.invalid:${port}/hook`, { resolver: rebinding })).rejects.toMatchObject({ address: '127.0.0.1', range: 'loopback' });
    expect(received.length).toBe(before);
  });

  it('with private targets allowed (IREN_WEBHOOK_ALLOW_PRIVATE), posts to a local receiver', async () => {
    expect(await post(`http://127.0.0.1:${port}/hook`, { allowPrivate: true })).toBe(204);
    expect(await post(`http://localhost:${port}/hook`, { allowPrivate: true })).toBe(204);
  });
});
