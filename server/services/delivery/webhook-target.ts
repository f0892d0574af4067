/**
 * Where an outgoing webhook may connect (SSRF guard). A webhook URL is typed in by a coordinator, and the
 * worker POSTs to it from inside the deployment — so, unless the operator opts in with
 * IREN_WEBHOOK_ALLOW_PRIVATE=1 (on-premises national systems, tests), only public addresses are allowed:
 * no private, loopback, link-local (169.254.169.254 cloud metadata), multicast, unspecified or reserved
 * ranges, in IPv4 or IPv6, including IPv4 embedded in IPv6 (::ffff:127.0.0.1, NAT64, 6to4).
 *
 *   refusedRange('10.1.2.3')          → 'private'
 *   refusedRange('::ffff:127.0.0.1')  → 'loopback'
 *   refusedRange('8.8.8.8')           → null
 *
 * Checked twice: when the webhook is registered (the host is resolved; a clear 400 naming `url`), and at
 * each delivery, where the connection's own DNS lookup is the guarded one (`guardedLookup`): every resolved
 * address is checked and the socket connects to exactly those addresses — a name that re-resolves to an
 * internal address after the check (DNS rebinding) gets no second lookup to exploit.
 */
import dns from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';

export type RefusedRange = 'unspecified' | 'loopback' | 'private' | 'link-local' | 'multicast' | 'reserved';

type V4Range = [RefusedRange, string, number];
type V6Range = [RefusedRange, string, number];

const V4_RANGES: V4Range[] = [
  ['unspecified', '0.0.0.0', 8],
  ['private', '10.0.0.0', 8],
  ['private', '100.64.0.0', 10], // shared address space (carrier-grade NAT)
  ['loopback', '127.0.0.0', 8],
  ['link-local', '169.254.0.0', 16], // includes 169.254.169.254, cloud instance metadata
  ['private', '172.16.0.0', 12],
  ['reserved', '192.0.0.0', 24],
  ['reserved', '192.0.2.0', 24],
  ['private', '192.168.0.0', 16],
  ['reserved', '198.18.0.0', 15],
  ['reserved', '198.51.100.0', 24],
  ['reserved', '203.0.113.0', 24],
  ['multicast', '224.0.0.0', 4],
  ['reserved', '240.0.0.0', 4], // includes 255.255.255.255
];

const V6_RANGES: V6Range[] = [
  ['unspecified', '::', 128],
  ['loopback', '::1', 128],
  ['reserved', '100::', 64], // discard-only
  ['reserved', '2001:db8::', 32], // documentation
  ['private', 'fc00::', 7], // unique local
  ['private', 'fec0::', 10], // site-local (deprecated)
  ['link-local', 'fe80::', 10],
  ['multicast', 'ff00::', 8],
];

/** IPv6 prefixes that carry an IPv4 address: the embedded address is checked as IPv4. */
const V6_EMBEDDING_V4: { prefix: string; bits: number; at: number }[] = [
  { prefix: '::ffff:0:0', bits: 96, at: 6 }, // IPv4-mapped
  { prefix: '::', bits: 96, at: 6 }, // IPv4-compatible (deprecated)
  { prefix: '64:ff9b::', bits: 96, at: 6 }, // NAT64
  { prefix: '64:ff9b:1::', bits: 48, at: 6 }, // local-use NAT64
  { prefix: '2002::', bits: 16, at: 1 }, // 6to4
];

function v4ToInt(ip: string): number {
  return ip.split('.').reduce((n, part) => n * 256 + Number(part), 0);
}

/** Eight 16-bit groups of an IPv6 address (zone id dropped, a trailing dotted IPv4 expanded). */
function v6Groups(raw: string): number[] {
  let ip = raw.split('%')[0]!.toLowerCase();
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(ip);
  if (dotted) {
    const n = v4ToInt(dotted[1]!);
    ip = `${ip.slice(0, dotted.index)}${(n >>> 16).toString(16)}:${(n & 0xffff).toString(16)}`;
  }
  const [head, tail] = ip.includes('::') ? ip.split('::') : [ip, undefined];
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const fill = tail === undefined ? [] : new Array<string>(8 - left.length - right.length).fill('0');
  return [...left, ...fill, ...right].map((h) => parseInt(h, 16));
}

function v6InPrefix(groups: number[], prefix: string, bits: number): boolean {
  const p = v6Groups(prefix);
  for (let i = 0; i < 8 && bits > 0; i++, bits -= 16) {
    const mask = bits >= 16 ? 0xffff : (0xffff << (16 - bits)) & 0xffff;
    if ((groups[i]! & mask) !== (p[i]! & mask)) return false;
  }
  return true;
}

function refusedV4(ip: string): RefusedRange | null {
  const n = v4ToInt(ip);
  for (const [range, base, bits] of V4_RANGES) {
    const mask = bits === 0 ? 0 : (0xffffffff << (32 - bits)) >>> 0;
    if (((n & mask) >>> 0) === ((v4ToInt(base) & mask) >>> 0)) return range;
  }
  return null;
}

function refusedV6(ip: string): RefusedRange | null {
  const groups = v6Groups(ip);
  for (const [range, base, bits] of V6_RANGES) if (v6InPrefix(groups, base, bits)) return range;
  for (const e of V6_EMBEDDING_V4) {
    if (!v6InPrefix(groups, e.prefix, e.bits)) continue;
    const hi = groups[e.at]!;
    const lo = groups[e.at + 1]!;
    const embedded = refusedV4(`${hi >> 8}.${hi & 0xff}.${lo >> 8}.${lo & 0xff}`);
    if (embedded) return embedded;
  }
  return null;
}

/** The range an IP address falls in when a webhook may not connect to it; null for a public address. */
export function refusedRange(address: string): RefusedRange | null {
  const bare = address.replace(/^\[|\]$/g, '');
  switch (net.isIP(bare.split('%')[0]!)) {
    case 4:
      return refusedV4(bare);
    case 6:
      return refusedV6(bare);
    default:
      return 'reserved'; // not an IP address at all: never connect to it
  }
}

/** A webhook target that the guard refuses: the host, the address it is (or resolves to) and its range. */
export class WebhookTargetRefused extends Error {
  constructor(
    readonly host: string,
    readonly address: string,
    readonly range: RefusedRange,
  ) {
    super(host === address ? `${address} is a ${range} address` : `${host} resolves to ${address}, a ${range} address`);
    this.name = 'WebhookTargetRefused';
  }
}

export type Resolver = (hostname: string) => Promise<{ address: string; family: number }[]>;

/** The system resolver (getaddrinfo: /etc/hosts, then DNS), every address. */
export const systemResolver: Resolver = (hostname) => dns.promises.lookup(hostname, { all: true, verbatim: true });

/** The URL's host without IPv6 brackets. */
export function urlHost(url: URL): string {
  return url.hostname.replace(/^\[|\]$/g, '');
}

/**
 * Registration check: an IP literal is checked as it is; a name is resolved and every address checked.
 * A name that does not resolve (yet) is accepted — each delivery checks again before connecting.
 */
export async function checkWebhookTarget(url: URL, resolver: Resolver = systemResolver, timeoutMs = 3000): Promise<void> {
  const host = urlHost(url);
  if (net.isIP(host)) {
    const range = refusedRange(host);
    if (range) throw new WebhookTargetRefused(host, host, range);
    return;
  }
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<null>((resolve) => {
    timer = setTimeout(() => resolve(null), timeoutMs);
  });
  const addresses = await Promise.race([resolver(host).catch(() => null), timeout]).finally(() => clearTimeout(timer));
  for (const a of addresses ?? []) {
    const range = refusedRange(a.address);
    if (range) throw new WebhookTargetRefused(host, a.address, range);
  }
}

/**
 * A `lookup` for http(s).request / net.connect: resolves once, refuses the connection if any address is
 * refused, and hands the checked addresses to the socket, which connects to them and nothing else.
 */
export function guardedLookup(resolver: Resolver = systemResolver, refused: (address: string) => RefusedRange | null = refusedRange): net.LookupFunction {
  return (hostname, options, callback) => {
    resolver(hostname).then(
      (addresses) => {
        const wanted = options.family === 4 || options.family === 6 ? addresses.filter((a) => a.family === options.family) : addresses;
        for (const a of addresses) {
          const range = refused(a.address);
          if (range) {
            callback(new WebhookTargetRefused(hostname, a.address, range) as NodeJS.ErrnoException, '', 0);
            return;
          }
        }
        if (!wanted.length) {
          callback(Object.assign(new Error(`${hostname} has no address`), { code: 'ENOTFOUND' }), '', 0);
          return;
        }
        if (options.all) (callback as unknown as (err: null, all: { address: string; family: number }[]) => void)(null, wanted);
        else callback(null, wanted[0]!.address, wanted[0]!.family);
      },
      (err: NodeJS.ErrnoException) => callback(err, '', 0),
    );
  };
}

export interface PostOptions {
  /** IREN_WEBHOOK_ALLOW_PRIVATE: skip the guard (the system resolver, any address). */
  allowPrivate: boolean;
  timeoutMs: number;
  /** Tests: resolve names here instead of the system resolver, and/or judge addresses otherwise. */
  resolver?: Resolver;
  refused?: (address: string) => RefusedRange | null;
}

/**
 * POSTs `body` to `url` and answers the HTTP status (redirects are not followed). Unless private targets are
 * allowed, an IP literal is checked before connecting and a name is resolved by the guarded lookup, so the
 * socket only ever connects to checked addresses. Throws WebhookTargetRefused, or the network error.
 */
export function guardedPost(url: URL, body: string, headers: Record<string, string>, opts: PostOptions): Promise<number> {
  const host = urlHost(url);
  const refused = opts.refused ?? refusedRange;
  if (!opts.allowPrivate && net.isIP(host)) {
    const range = refused(host);
    if (range) return Promise.reject(new WebhookTargetRefused(host, host, range));
  }
  const send = url.protocol === 'https:' ? https.request : http.request;
  return new Promise((resolve, reject) => {
    const req = send(
      url,
      {
        method: 'POST',
        headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) },
        // No connection pool: every delivery resolves and checks its target afresh.
        agent: false,
        lookup: opts.allowPrivate && !opts.resolver ? undefined : guardedLookup(opts.resolver, opts.allowPrivate ? () => null : refused),
        signal: AbortSignal.timeout(opts.timeoutMs),
      },
      (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}
