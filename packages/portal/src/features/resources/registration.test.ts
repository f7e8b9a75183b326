import { describe, expect, it } from 'vitest';
import { fieldErrorsOf, formFieldOf, NEW_FIELD, type RegistrationValues, toRegistration } from './registration.ts';

const values: RegistrationValues = {
  code: 'SCJG-COMPLAINTS',
  nameZh: ' 消費投訴舉報記錄 ',
  nameEn: '  ',
  category: ['經濟建設', ' 市場監管 ', undefined],
  openness: 'conditional',
  updateFrequency: 'monthly',
  format: '',
  publishDate: { format: () => '2026-03-01' },
  subjectKey: 'uscc',
  subjectKind: 'enterprise',
  fields: [
    { ...NEW_FIELD, name: 'complaint_id', nullable: false, rules: { notNull: true, unique: false, pattern: ' ^TS\\d{8}$ ' } },
    { ...NEW_FIELD, name: 'uscc', piiType: 'uscc', role: 'direct_identifier', grade: 'general_2' },
  ],
};

describe('the registration form and the API', () => {
  it('sends the body the API takes: trimmed, the filled category levels, empty options left out, only the rules set', () => {
    expect(toRegistration(values)).toEqual({
      code: 'SCJG-COMPLAINTS',
      nameZh: '消費投訴舉報記錄',
      descriptionZh: '',
      category: ['經濟建設', '市場監管'],
      openness: 'conditional',
      updateFrequency: 'monthly',
      format: 'table',
      publishDate: '2026-03-01',
      subjectKey: 'uscc',
      subjectKind: 'enterprise',
      fields: [
        { name: 'complaint_id', type: 'string', description: '', nullable: false, piiType: null, role: 'other', grade: 'general_1', rules: { notNull: true, pattern: '^TS\\d{8}$' } },
        { name: 'uscc', type: 'string', description: '', nullable: true, piiType: 'uscc', role: 'direct_identifier', grade: 'general_2', rules: {} },
      ],
    });
    expect(toRegistration({ ...values, subjectKey: null })).not.toHaveProperty('subjectKind');
  });

  it("names the form field of each of the API's JSON pointers", () => {
    expect(formFieldOf('/body/code')).toEqual(['code']);
    expect(formFieldOf('/body/category')).toEqual(['category', 0]);
    expect(formFieldOf('/body/category/2')).toEqual(['category', 2]);
    expect(formFieldOf('/body/fields/3/name')).toEqual(['fields', 3, 'name']);
    expect(formFieldOf('/body/fields/1/rules/pattern')).toEqual(['fields', 1, 'rules', 'pattern']);
    expect(formFieldOf('/body/fields/1/rules/max')).toEqual(['fields', 1, 'name']);
    expect(formFieldOf('/body/fields')).toBeNull();
    expect(formFieldOf('/body/relatedCodes/0')).toBeNull();
    expect(formFieldOf('/query/format')).toBeNull();
  });

  it("turns a refusal into field errors: the code taken under the code, the others by pointer with the portal's words", () => {
    const said = (reason: string, fallback: string | undefined) => `${reason}:${fallback ?? ''}`;
    expect(fieldErrorsOf({ status: 409, code: 'RESOURCE_CODE_TAKEN', title: '數據資源代碼已被使用' }, said)).toEqual([{ name: ['code'], errors: ['數據資源代碼已被使用'] }]);
    const refused = {
      status: 400,
      code: 'RESOURCE_FIELDS_INVALID',
      title: '數據資源的字段定義無效',
      errors: [
        { path: '/body/fields/2/name', reason: 'duplicate' },
        { path: '/body/subjectKey', reason: 'not_a_field' },
        { path: '/body/subjectKind', reason: 'required_with_subject_key' },
        { path: '/body/fields', reason: 'too_big', message: 'must be at most 500' },
      ],
    };
    expect(fieldErrorsOf(refused, said)).toEqual([
      { name: ['fields', 2, 'name'], errors: ['duplicate:'] },
      { name: ['subjectKey'], errors: ['not_a_field:'] },
      { name: ['subjectKind'], errors: ['required_with_subject_key:'] },
    ]);
  });
});
