export { grantRoutes } from './routes.ts';
export { issueGrant } from './use-cases/issue-grant.ts';
export { endGrants, expireGrants } from './use-cases/end-grants.ts';
export { requireUsableGrant, type GrantUse } from './use-cases/use-grant.ts';
export { grantEpsilonBudget, grantFacts } from './use-cases/read-grants.ts';
export { debitGrantEpsilon } from './use-cases/debit-epsilon.ts';
