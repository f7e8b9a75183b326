// A usage policy for the policy tests (and for the engine's and server's tests that need one).
import type { UsagePolicy } from './usage-policy.ts';

export function fixturePolicy(): UsagePolicy {
  return {
    id: '6b1f95b8-c074-4275-b01d-8092a3b4c5d6',
    agreementHash: 'c3'.repeat(32),
    assigner: { organizationId: '0b7a3f52-6a1e-4c1f-9a57-2a3c4d5e6f70' },
    assignee: { organizationId: '4fbe7396-ae52-4053-9e9b-6e708192a3b4' },
    purpose: { scenario: 'inclusive-finance.credit', usage: 'industry' },
    term: { from: '2026-04-01T00:00:00+08:00', until: '2027-04-01T00:00:00+08:00' },
    targets: [
      {
        resource: 'MKT-ENTERPRISE-REG',
        fields: [
          { name: 'registered_capital', control: 'plaintext_after_aggregate' },
          { name: 'industry_code', control: 'plaintext_after_group_by' },
          { name: 'legal_rep_id', control: 'none' },
          { name: 'uscc', control: 'join_key_only' },
          { name: 'founded_on', control: 'plaintext_after_compare' },
          { name: 'district', control: 'plaintext_after_group_by' },
        ],
      },
      { resource: 'HLT-CLINIC-LICENSE', fields: [{ name: 'licence_status', control: 'plaintext' }, { name: 'uscc', control: 'plaintext_as_join_payload' }] },
    ],
    modes: ['psi', 'governed_query', 'export'],
    minSubjects: 10,
    privacyBudget: { epsilonTotal: 5, epsilonPerQuery: 0.5 },
    quotas: { total: 100000, perDay: 1000, perMonth: 20000 },
    fee: { kind: 'charged', standard: 'FT-PRICE-2026-01', amount: '0.20', currency: 'CNY', per: 'call', chargingMethod: 'postpaid' },
  };
}
