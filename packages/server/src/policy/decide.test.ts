import { DomainError } from '@shuyun/core';
import { describe, expect, it } from 'vitest';
import type { Actor } from './actor.ts';
import { authorize } from './decide.ts';

const actor = (orgType: Actor['orgType'], roles: Actor['roles'], orgId = 'org-a'): Actor => ({ userId: 'u', username: 'u', orgId, orgType, orgStatus: 'active', roles, via: 'session' });
const refusal = (fn: () => void) => {
  try {
    fn();
    return 'allowed';
  } catch (e) {
    return (e as DomainError).code;
  }
};

describe('the policy decision point', () => {
  it("a department withdraws its own catalog entry; another department learns nothing of it (404)", () => {
    expect(refusal(() => authorize(actor('source_department', ['reviewer'], 'dept-1'), 'catalog.withdraw', { orgId: 'dept-1' }))).toBe('allowed');
    expect(refusal(() => authorize(actor('source_department', ['reviewer'], 'dept-2'), 'catalog.withdraw', { orgId: 'dept-1' }))).toBe('NOT_FOUND');
  });

  it('the authority may withdraw any entry; a regulator sees it but may not (403, not 404)', () => {
    expect(refusal(() => authorize(actor('authority', ['reviewer']), 'catalog.withdraw', { orgId: 'dept-1' }))).toBe('allowed');
    expect(refusal(() => authorize(actor('regulator', ['viewer']), 'catalog.withdraw', { orgId: 'dept-1' }))).toBe('FORBIDDEN');
  });

  it('an API key may only do what its scopes name', () => {
    const machine = { ...actor('operator', ['admin']), via: 'api_key' as const, apiKeyScopes: ['session.read'] };
    expect(refusal(() => authorize(machine, 'api_key.create', { orgId: 'org-a' }))).toBe('FORBIDDEN');
    expect(refusal(() => authorize({ ...machine, apiKeyScopes: ['api_key.*'] }, 'api_key.create', { orgId: 'org-a' }))).toBe('allowed');
  });
});
