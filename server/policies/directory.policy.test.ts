import { describe, expect, it } from 'vitest';
import type { Actor } from '../auth/actor.ts';
import { ROLES } from '../db/schema.ts';
import { ASSIGNABLE_ROLES, canManageUser, canPlaceUser, USER_VISIBILITY } from './directory.policy.ts';

const actor = (role: Actor['role'], country: string | null = 'KZ', unitId: string | null = 'u-kz1'): Actor => ({ userId: 'a', username: 'x', role, country, unitId, tokenId: null });

describe('directory policy', () => {
  it('has a visibility and an assignable-role entry for every role', () => {
    for (const role of ROLES) {
      expect(USER_VISIBILITY[role]).toBeDefined();
      expect(ASSIGNABLE_ROLES[role]).toBeDefined();
    }
  });

  it('never lets anyone but a network admin create or manage network admins', () => {
    for (const role of ROLES.filter((r) => r !== 'network_admin')) {
      expect(canPlaceUser(actor(role), { role: 'network_admin', country: null, unitId: null })).toBe(false);
      expect(canManageUser(actor(role), { id: 'b', role: 'network_admin', country: 'KZ', unitId: null })).toBe(false);
    }
  });

  it('keeps coordinators to their country and unit heads to their unit\'s officers', () => {
    const coord = actor('national_coordinator', 'KZ', null);
    expect(canManageUser(coord, { id: 'b', role: 'officer', country: 'KZ', unitId: 'u-kz2' })).toBe(true);
    expect(canManageUser(coord, { id: 'b', role: 'officer', country: 'UZ', unitId: 'u-uz1' })).toBe(false);
    const head = actor('unit_head');
    expect(canManageUser(head, { id: 'b', role: 'officer', country: 'KZ', unitId: 'u-kz1' })).toBe(true);
    expect(canManageUser(head, { id: 'b', role: 'unit_head', country: 'KZ', unitId: 'u-kz1' })).toBe(false);
    expect(canPlaceUser(head, { role: 'officer', country: 'KZ', unitId: 'u-kz2' })).toBe(false);
  });
});
