import { DrizzleQueryError } from 'drizzle-orm/errors';
import { describe, expect, it } from 'vitest';
import { loggableError } from './loggable-error.ts';

describe('what a failed request writes to the log', () => {
  it("keeps the statement and the database's error, never the parameters (data values)", () => {
    const cause = Object.assign(new Error('duplicate key value violates unique constraint "users_username_key"'), { code: '23505', constraint: 'users_username_key' });
    const logged = loggableError(new DrizzleQueryError('insert into users (username) values ($1)', ['110101199003074514'], cause));
    expect(logged).toMatchObject({ type: 'DatabaseQueryError', query: 'insert into users (username) values ($1)', cause: { code: '23505', constraint: 'users_username_key' } });
    expect(JSON.stringify(logged)).not.toContain('110101199003074514');
  });
});
