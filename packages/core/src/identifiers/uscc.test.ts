import { describe, expect, it } from 'vitest';
import { isValidUscc, makeUscc } from './uscc.ts';

describe('unified social credit code (GB 32100)', () => {
  it('accepts a published code and rejects it with one character changed', () => {
    // a code published in the national enterprise credit system (Tencent's Shenzhen entity)
    expect(isValidUscc('9144030071526726XG')).toBe(true);
    expect(isValidUscc('9144030071526726XH')).toBe(false);
    expect(isValidUscc('9144030071526727XG')).toBe(false);
  });

  it('builds synthetic codes that pass both check characters', () => {
    const code = makeUscc('9', '1', '440304', 'MA5F1234');
    expect(code).toHaveLength(18);
    expect(isValidUscc(code)).toBe(true);
  });

  it('refuses letters the standard excludes', () => {
    expect(isValidUscc('9144030071526726XO')).toBe(false);
  });
});
