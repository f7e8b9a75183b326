import { Button, Checkbox, Flex, Form, type FormInstance, type FormRule as Rule, Input, Select, Table, Tooltip } from 'antd';
import { label } from '../../i18n.ts';
import { useSession, useT } from '../../shared/context.ts';
import { FIELD_NAME, type FieldRow, NEW_FIELD, type RegistrationValues, roleOfPiiType } from './registration.ts';
import { FIELD_ROLES, FIELD_TYPES, GRADES, PII_TYPES } from './types.ts';

const NOT_PII = '__none__';

/**
 * The fields of a resource being registered, one editable row each: name, type, description, nullable, the PII type
 * the department already knows, role (GB/T 37964), grade (GB/T 43697) and simple quality rules. Rows are added and
 * removed in place; the names must be unique (ignoring case, as the API compares them).
 */
export function FieldsTable({ form }: { form: FormInstance<RegistrationValues> }) {
  const s = useSession();
  const t = useT();
  const required: Rule = { required: true, message: t('required') };
  const uniqueName: Rule = ({ getFieldValue }) => ({
    validator: async (_, value: string | undefined) => {
      const name = value?.trim().toLowerCase();
      if (!name) return;
      const rows = (getFieldValue('fields') as FieldRow[] | undefined) ?? [];
      if (rows.filter((r) => r?.name?.trim().toLowerCase() === name).length > 1) throw new Error(t('regFieldDuplicate'));
    },
  });
  const cell = { style: { margin: 0 } };

  return (
    <Form.List
      name="fields"
      rules={[
        {
          validator: async (_, rows: FieldRow[] | undefined) => {
            if (!rows || rows.length === 0) throw new Error(t('regNoFields'));
          },
        },
      ]}
    >
      {(rows, { add, remove }, { errors }) => (
        <>
          <Table
            data-testid="reg-fields"
            rowKey="key"
            size="small"
            pagination={false}
            dataSource={rows}
            tableLayout="fixed"
            scroll={{ x: 1090 }}
            columns={[
              {
                title: t('fieldName'),
                width: 136,
                render: (_, row) => (
                  <Form.Item
                    {...cell}
                    name={[row.name, 'name']}
                    dependencies={rows.filter((r) => r.key !== row.key).map((r) => ['fields', r.name, 'name'])}
                    rules={[required, { pattern: FIELD_NAME, message: t('regFieldNamePattern') }, uniqueName]}
                  >
                    <Input data-testid={`reg-field-name-${row.name}`} placeholder="contact_mobile" maxLength={63} />
                  </Form.Item>
                ),
              },
              {
                title: t('fieldType'),
                width: 104,
                render: (_, row) => (
                  <Form.Item {...cell} name={[row.name, 'type']} rules={[required]}>
                    <Select data-testid={`reg-field-type-${row.name}`} options={FIELD_TYPES.map((x) => ({ value: x, label: label(s.lang, 'ftype_', x) }))} />
                  </Form.Item>
                ),
              },
              {
                title: t('regFieldDescription'),
                render: (_, row) => (
                  <Form.Item {...cell} name={[row.name, 'description']}>
                    <Input data-testid={`reg-field-description-${row.name}`} maxLength={500} />
                  </Form.Item>
                ),
              },
              {
                title: t('regNullable'),
                width: 72,
                align: 'center' as const,
                render: (_, row) => (
                  <Form.Item {...cell} name={[row.name, 'nullable']} valuePropName="checked">
                    <Checkbox data-testid={`reg-field-nullable-${row.name}`} aria-label={t('regNullable')} />
                  </Form.Item>
                ),
              },
              {
                title: t('regDeclaredPii'),
                width: 184,
                render: (_, row) => (
                  <Form.Item {...cell} name={[row.name, 'piiType']} getValueProps={(v: string | null | undefined) => ({ value: v ?? NOT_PII })} normalize={(v: string) => (v === NOT_PII ? null : v)}>
                    <Select
                      data-testid={`reg-field-pii-${row.name}`}
                      popupMatchSelectWidth={false}
                      onChange={(v: string) => {
                        // a declared identifier starts as one (GB/T 37964); the department may still change it
                        const role = ['fields', row.name, 'role'] as ['fields', number, 'role'];
                        if (v !== NOT_PII && form.getFieldValue(role) === 'other') form.setFieldValue(role, roleOfPiiType(v));
                      }}
                      options={[{ value: NOT_PII, label: t('regNoPii') }, ...PII_TYPES.map((p) => ({ value: p, label: label(s.lang, 'pii_', p) }))]}
                    />
                  </Form.Item>
                ),
              },
              {
                title: t('fieldRole'),
                width: 128,
                render: (_, row) => (
                  <Form.Item {...cell} name={[row.name, 'role']} rules={[required]}>
                    <Select data-testid={`reg-field-role-${row.name}`} popupMatchSelectWidth={false} options={FIELD_ROLES.map((r) => ({ value: r, label: label(s.lang, 'role_', r) }))} />
                  </Form.Item>
                ),
              },
              {
                title: t('grade'),
                width: 122,
                render: (_, row) => (
                  <Form.Item {...cell} name={[row.name, 'grade']} rules={[required]}>
                    <Select data-testid={`reg-field-grade-${row.name}`} popupMatchSelectWidth={false} options={GRADES.map((g) => ({ value: g, label: label(s.lang, 'grade_', g) }))} />
                  </Form.Item>
                ),
              },
              {
                title: t('regRules'),
                width: 172,
                render: (_, row) => (
                  <Flex vertical gap={4}>
                    <Flex gap={8}>
                      <Form.Item {...cell} name={[row.name, 'rules', 'notNull']} valuePropName="checked">
                        <Checkbox data-testid={`reg-field-notnull-${row.name}`}>{t('regRuleNotNull')}</Checkbox>
                      </Form.Item>
                      <Form.Item {...cell} name={[row.name, 'rules', 'unique']} valuePropName="checked">
                        <Checkbox data-testid={`reg-field-unique-${row.name}`}>{t('regRuleUnique')}</Checkbox>
                      </Form.Item>
                    </Flex>
                    {/* RE2, checked by the API with the engine that runs it (JavaScript's dialect differs) */}
                    <Form.Item {...cell} name={[row.name, 'rules', 'pattern']}>
                      <Input data-testid={`reg-field-pattern-${row.name}`} size="small" placeholder={t('regRulePattern')} maxLength={200} style={{ fontFamily: 'monospace' }} />
                    </Form.Item>
                  </Flex>
                ),
              },
              {
                title: '',
                key: 'remove',
                width: 40,
                render: (_, row) => (
                  <Tooltip title={t('regRemoveField')}>
                    <Button
                      size="small"
                      type="text"
                      danger
                      aria-label={t('regRemoveField')}
                      disabled={rows.length <= 1}
                      onClick={() => remove(row.name)}
                      data-testid={`reg-field-remove-${row.name}`}
                    >
                      ✕
                    </Button>
                  </Tooltip>
                ),
              },
            ]}
          />
          <Form.ErrorList errors={errors} />
          <Button type="dashed" block onClick={() => add({ ...NEW_FIELD, rules: {} })} style={{ marginTop: 8 }} data-testid="reg-add-field">
            + {t('regAddField')}
          </Button>
        </>
      )}
    </Form.List>
  );
}
