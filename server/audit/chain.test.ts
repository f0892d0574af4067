import { describe, expect, it } from 'vitest';
import { canonicalJson, chainHash, GENESIS_HASH } from './chain.ts';

const content = {
  at: '2026-11-28T10:00:00.000Z',
  type: 'auth.login',
  actorUserId: null,
  actorUsername: 'ge.officer',
  actorTokenId: null,
  ip: '127.0.0.1',
  requestId: 'r1',
  country: 'GE',
  entityType: 'user',
  entityId: 'u1',
  data: { method: 'password' },
};

describe('audit chain hashing', () => {
  it('is independent of key order and stable', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { z: 1, y: 2 }], c: null } })).toBe('{"a":{"c":null,"d":[1,{"y":2,"z":1}]},"b":1}');
    expect(chainHash(GENESIS_HASH, content)).toBe(chainHash(GENESIS_HASH, { ...content, data: { method: 'password' } }));
  });

  it('changes when any field or the previous hash changes', () => {
    const base = chainHash(GENESIS_HASH, content);
    expect(chainHash(GENESIS_HASH, { ...content, actorUsername: 'kz.officer' })).not.toBe(base);
    expect(chainHash(GENESIS_HASH, { ...content, data: { method: 'password+totp' } })).not.toBe(base);
    expect(chainHash('1'.repeat(64), content)).not.toBe(base);
    expect(base).toMatch(/^[0-9a-f]{64}$/);
  });
});
