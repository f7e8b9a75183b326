import { describe, expect, it } from 'vitest';
import { nextCatalogEntryState } from './catalog-entry-machine.ts';
import { resourceGrade } from './classification.ts';

describe('the catalog entry state machine', () => {
  it('a department drafts and submits; the authority returns with reasons; it is resubmitted, approved and published', () => {
    expect(nextCatalogEntryState('draft', 'submit', 'conditional')).toEqual({ ok: true, to: 'submitted' });
    expect(nextCatalogEntryState('submitted', 'return', 'conditional')).toEqual({ ok: true, to: 'returned' });
    expect(nextCatalogEntryState('returned', 'submit', 'conditional')).toEqual({ ok: true, to: 'submitted' });
    expect(nextCatalogEntryState('submitted', 'approve', 'conditional')).toEqual({ ok: true, to: 'approved' });
    expect(nextCatalogEntryState('approved', 'publish', 'conditional')).toEqual({ ok: true, to: 'published' });
  });

  it('refuses transitions that skip a step', () => {
    expect(nextCatalogEntryState('draft', 'approve', 'unconditional')).toEqual({ ok: false, reason: 'illegal_transition' });
    expect(nextCatalogEntryState('rejected', 'submit', 'unconditional')).toEqual({ ok: false, reason: 'illegal_transition' });
    expect(nextCatalogEntryState('published', 'approve', 'unconditional')).toEqual({ ok: false, reason: 'illegal_transition' });
  });

  it('a not-open resource never moves towards the catalog, but can be taken out of it', () => {
    expect(nextCatalogEntryState('draft', 'submit', 'not_open')).toEqual({ ok: false, reason: 'not_open' });
    expect(nextCatalogEntryState('submitted', 'approve', 'not_open')).toEqual({ ok: false, reason: 'not_open' });
    expect(nextCatalogEntryState('approved', 'publish', 'not_open')).toEqual({ ok: false, reason: 'not_open' });
    expect(nextCatalogEntryState('published', 'withdraw', 'not_open')).toEqual({ ok: true, to: 'withdrawn' });
  });
});

describe('grading', () => {
  it('a resource takes the grade of its most sensitive field (就高從嚴)', () => {
    expect(resourceGrade(['general_1', 'general_3', 'general_2'])).toBe('general_3');
    expect(resourceGrade(['general_4', 'important'])).toBe('important');
    expect(resourceGrade(['core', 'general_1'])).toBe('core');
    expect(resourceGrade([])).toBe('general_1');
  });
});

describe('freshness', () => {
  it('a monthly resource is stale after 32 days; an irregular one never', async () => {
    const { freshness } = await import('./classification.ts');
    const at = new Date('2026-03-01T00:00:00Z');
    expect(freshness(at, 'monthly', new Date('2026-04-01T00:00:00Z'))).toEqual({ ageDays: 31, stale: false });
    expect(freshness(at, 'monthly', new Date('2026-04-03T00:00:00Z'))).toEqual({ ageDays: 33, stale: true });
    expect(freshness(at, 'irregular', new Date('2029-01-01T00:00:00Z')).stale).toBe(false);
  });
});
