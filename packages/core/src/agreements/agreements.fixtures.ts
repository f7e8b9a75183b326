// Inputs for the agreement and policy tests (and for server tests that need a valid document): synthetic
// organizations of the Futian district with valid unified social credit codes.
import { makeUscc } from '../identifiers/uscc.ts';
import type { AgreementPartyInput, OperatorAgreementInput, PlatformServiceAgreementInput, ServiceAgreementInput } from './model.ts';

const FUTIAN = '440304';

export const fixtureParties = {
  authority: { role: 'authority', organizationId: '0b7a3f52-6a1e-4c1f-9a57-2a3c4d5e6f70', nameZh: '深圳市福田區政務服務數據管理局', nameEn: 'Futian District Government Services and Data Administration', uscc: makeUscc('1', '1', FUTIAN, 'MB2C0001') },
  health: { role: 'source_department', organizationId: '1c8b4063-7b2f-4d20-8b68-3b4d5e6f7081', nameZh: '深圳市福田區衛生健康局', nameEn: 'Futian District Health Commission', uscc: makeUscc('1', '1', FUTIAN, 'MB2C0002') },
  market: { role: 'source_department', organizationId: '2d9c5174-8c30-4e31-9c79-4c5e6f708192', nameZh: '深圳市市場監督管理局福田監管局', nameEn: 'Futian Market Supervision Bureau', uscc: makeUscc('1', '1', FUTIAN, 'MB2C0003') },
  operator: { role: 'operator', organizationId: '3ead6285-9d41-4f42-8d8a-5d6f708192a3', nameZh: '深圳福田數據運營有限公司', nameEn: 'Futian Data Operation Co., Ltd.', uscc: makeUscc('9', '1', FUTIAN, 'MA5D0004') },
  partner: { role: 'partner', organizationId: '4fbe7396-ae52-4053-9e9b-6e708192a3b4', nameZh: '深圳普惠金融科技有限公司', uscc: makeUscc('9', '1', FUTIAN, 'MA5D0005') },
} satisfies Record<string, AgreementPartyInput>;

export function operatorAgreementInput(): OperatorAgreementInput {
  return {
    kind: 'operator_agreement',
    number: 'FT-SQ-2026-0001',
    parties: [fixtureParties.operator, fixtureParties.authority],
    term: { from: '2026-03-01' },
    authorizedData: { zh: '福田區授權運營目錄（第 3 版）所列數據資源', en: 'the resources listed in edition 3 of the Futian operation catalog' },
    applicationScope: { zh: '普惠金融、城市治理、醫療健康等經審核的應用場景', en: 'reviewed scenarios in inclusive finance, city governance and health' },
  };
}

export function serviceAgreementInput(): ServiceAgreementInput {
  return {
    kind: 'service_agreement',
    number: 'FT-KF-2026-0007',
    applicationId: '5a0f84a7-bf63-4164-af0c-7f8192a3b4c5',
    parties: [fixtureParties.partner, fixtureParties.health, fixtureParties.authority, fixtureParties.market, fixtureParties.operator],
    term: { from: '2026-04-01', until: '2027-03-31' },
    scenario: {
      code: 'inclusive-finance.credit',
      name: { zh: '小微企業普惠信貸風險評估', en: 'Credit risk assessment for small businesses' },
      usage: 'industry',
    },
    dataList: [
      {
        resource: 'MKT-ENTERPRISE-REG',
        name: { zh: '企業登記信息', en: 'Enterprise registrations' },
        sourceDepartmentId: fixtureParties.market.organizationId,
        fields: [
          { name: 'uscc', control: 'join_key_only' },
          { name: 'industry_code', control: 'plaintext_after_group_by' },
          { name: 'registered_capital', control: 'plaintext_after_aggregate' },
          { name: 'legal_rep_id', control: 'none' },
        ],
      },
      {
        resource: 'HLT-CLINIC-LICENSE',
        name: { zh: '醫療機構執業許可', en: 'Clinic licences' },
        sourceDepartmentId: fixtureParties.health.organizationId,
        fields: [{ name: 'licence_status', control: 'plaintext' }],
      },
    ],
    modes: ['governed_query', 'psi'],
    minSubjects: 10,
    privacyBudget: { epsilonTotal: 5, epsilonPerQuery: 0.5 },
    quotas: { total: 100000, perDay: 1000 },
    fee: { kind: 'charged', standard: 'FT-PRICE-2026-01', amount: '0.20', currency: 'CNY', per: 'call', chargingMethod: 'postpaid' },
  };
}

export function platformServiceAgreementInput(): PlatformServiceAgreementInput {
  return {
    kind: 'platform_service_agreement',
    number: 'FT-PT-2026-0012',
    parties: [fixtureParties.operator, fixtureParties.partner],
    term: { from: '2026-03-15', until: '2027-03-14' },
    services: ['dev_workspace', 'prod_workspace', 'privacy_computing', 'export_review'],
    feeSchedule: [
      { item: 'resource_consumption', amount: '1.50', unit: { zh: '核時', en: 'core-hour' } },
      { item: 'result_export', amount: '20', unit: { zh: '次', en: 'export' } },
    ],
    chargingMethod: 'prepaid',
  };
}
