import { Alert, AutoComplete, Button, Card, DatePicker, Flex, Form, type FormRule, Input, Radio, Select, Space, Tag, Typography, message } from 'antd';
import { ApiError, post, type Resource } from '../../api.ts';
import { label } from '../../i18n.ts';
import { useSession, useT } from '../../shared/context.ts';
import { href, navigate } from '../../shared/router.ts';
import { PageTitle, ProblemAlert } from '../../shared/ui.tsx';
import { useAction } from '../../shared/useAsync.ts';
import { FieldsTable } from './FieldsTable.tsx';
import { canRegister, FIELD_NAME, fieldErrorsOf, type FieldRow, NEW_FIELD, REASONS, RESOURCE_CODE, type RegistrationValues, subjectKindOfPiiType, toRegistration } from './registration.ts';
import { OPENNESS_CLASSES, resourceGrade, SUBJECT_KINDS, UPDATE_FREQUENCIES } from './types.ts';

/** `#/resources/new`: a source department registers a data resource (POST /resources), then uploads its first version. */
export function RegisterResourceForm() {
  const s = useSession();
  const t = useT();
  return (
    <>
      <PageTitle extra={<Button href={href('/resources')}>{t('back')}</Button>}>{t('regButton')}</PageTitle>
      <Typography.Paragraph type="secondary" style={{ maxWidth: 960 }}>
        {t('regIntro')}
      </Typography.Paragraph>
      {canRegister(s.me) ? <Registration /> : <Alert type="warning" showIcon title={t('regNotAllowed')} />}
    </>
  );
}

const FORMATS = ['table', 'csv', 'json', 'parquet'];
const LEVELS = ['regCategory1', 'regCategory2', 'regCategory3'] as const;

function Registration() {
  const s = useSession();
  const t = useT();
  const [form] = Form.useForm<RegistrationValues>();
  const action = useAction();
  const rows = (Form.useWatch('fields', form) ?? []) as (FieldRow | undefined)[];
  const subjectKey = Form.useWatch('subjectKey', form);
  const names = [...new Set(rows.map((f) => f?.name?.trim() ?? '').filter((n) => FIELD_NAME.test(n)))];
  const grade = resourceGrade(rows.flatMap((f) => (f?.grade ? [f.grade] : [])));

  const reason = (code: string, fallback: string | undefined) => ((REASONS as readonly string[]).includes(code) ? label(s.lang, 'regReason_', code) : (fallback ?? code));
  const submit = (v: RegistrationValues) =>
    action.run(async () => {
      let registered: Resource;
      try {
        registered = await post<Resource>('/resources', s.lang, toRegistration(v));
      } catch (err) {
        // the API's refusal, field by field where its pointers name a field of the form
        if (err instanceof ApiError) {
          // the pointers mirror the form's name paths, which the compiler cannot check for strings from the wire
          const errors = fieldErrorsOf(err.problem, reason) as Parameters<typeof form.setFields>[0];
          form.setFields(errors);
          if (errors[0]) form.scrollToField(errors[0].name, { block: 'center' });
        }
        throw err;
      }
      void message.success(t('regRegistered', { code: registered.code }));
      navigate(`/resources/${registered.id}`);
    });

  const required: FormRule = { required: true, message: t('required') };
  const categoryLevel = (i: 1 | 2): FormRule => ({ getFieldValue }) => ({
    validator: async (_, value: string | undefined) => {
      if (value?.trim() && !(getFieldValue(['category', i - 1]) as string | undefined)?.trim()) throw new Error(t('regCategoryGap'));
    },
  });
  const half = { style: { flex: '1 1 320px', minWidth: 0 } };

  return (
    <Form<RegistrationValues>
      form={form}
      layout="vertical"
      data-testid="reg-form"
      initialValues={{ category: [], format: 'table', fields: [{ ...NEW_FIELD, rules: {} }] }}
      onFinish={(v) => void submit(v)}
      scrollToFirstError={{ block: 'center' }}
      style={{ maxWidth: 1180 }}
    >
      <Card size="small" title={t('regBasics')} style={{ marginBottom: 16 }}>
        <Flex gap={16} wrap>
          <Form.Item
            name="code"
            label={t('regCode')}
            extra={t('regCodeHelp')}
            normalize={(v: string | undefined) => v?.toUpperCase()}
            rules={[required, { pattern: RESOURCE_CODE, message: t('regCodePattern') }]}
            style={{ flex: '0 1 300px', minWidth: 0 }}
          >
            <Input data-testid="reg-code" maxLength={64} placeholder="SCJG-LICENCES" style={{ fontFamily: 'monospace' }} />
          </Form.Item>
          <Form.Item name="nameZh" label={t('regNameZh')} rules={[required, { validator: async (_, v: string | undefined) => { if (v && v.trim().length < 2) throw new Error(t('regNameTooShort')); } }]} {...half}>
            <Input data-testid="reg-name-zh" maxLength={200} />
          </Form.Item>
          <Form.Item name="nameEn" label={t('regNameEn')} {...half}>
            <Input data-testid="reg-name-en" maxLength={200} />
          </Form.Item>
        </Flex>
        <Flex gap={16} wrap>
          <Form.Item name="descriptionZh" label={t('regDescriptionZh')} {...half}>
            <Input.TextArea data-testid="reg-description-zh" rows={2} maxLength={4000} />
          </Form.Item>
          <Form.Item name="descriptionEn" label={t('regDescriptionEn')} {...half}>
            <Input.TextArea data-testid="reg-description-en" rows={2} maxLength={4000} />
          </Form.Item>
        </Flex>
      </Card>

      <Card size="small" title={t('regClassification')} style={{ marginBottom: 16 }}>
        <Form.Item label={t('regCategory')} required extra={t('regCategoryHelp')} style={{ marginBottom: 16 }}>
          <Flex gap={8} wrap>
            {([0, 1, 2] as const).map((i) => (
              <Space.Compact key={i} style={{ flex: '1 1 220px' }}>
                <Space.Addon>{t(LEVELS[i])}</Space.Addon>
                <Form.Item
                  noStyle
                  name={['category', i]}
                  {...(i === 0 ? { rules: [required, { whitespace: true, message: t('required') }] } : { dependencies: [['category', i - 1]], rules: [categoryLevel(i)] })}
                >
                  <Input data-testid={`reg-category-${i}`} maxLength={60} />
                </Form.Item>
              </Space.Compact>
            ))}
          </Flex>
        </Form.Item>
        <Flex gap={16} wrap>
          <Form.Item name="openness" label={t('openness')} extra={t('regOpennessHelp')} rules={[required]} style={{ flex: '1 1 340px', minWidth: 0 }}>
            <Radio.Group data-testid="reg-openness" optionType="button" options={OPENNESS_CLASSES.map((o) => ({ value: o, label: label(s.lang, 'open_', o) }))} />
          </Form.Item>
          <Form.Item name="updateFrequency" label={t('updateFrequency')} rules={[required]} style={{ flex: '0 1 170px' }}>
            <Select data-testid="reg-frequency" options={UPDATE_FREQUENCIES.map((f) => ({ value: f, label: label(s.lang, 'freq_', f) }))} />
          </Form.Item>
          <Form.Item name="format" label={t('regFormat')} rules={[{ max: 40, message: t('regReason_too_big') }]} style={{ flex: '0 1 190px' }}>
            <AutoComplete data-testid="reg-format" options={FORMATS.map((f) => ({ value: f, label: f === 'table' ? `table · ${t('regFormatTable')}` : f }))} />
          </Form.Item>
          <Form.Item name="publishDate" label={t('regPublishDate')} style={{ flex: '0 1 170px' }}>
            <DatePicker data-testid="reg-publish-date" style={{ width: '100%' }} />
          </Form.Item>
        </Flex>
      </Card>

      <Card
        size="small"
        title={t('regFields')}
        style={{ marginBottom: 16 }}
        extra={
          <Space>
            <span>{t('regResourceGrade')}</span>
            <Tag color={grade === 'core' || grade === 'important' ? 'red' : 'default'} data-testid="reg-grade">
              {label(s.lang, 'grade_', grade)}
            </Tag>
          </Space>
        }
      >
        <Typography.Paragraph type="secondary">{t('regFieldsIntro')}</Typography.Paragraph>
        <FieldsTable form={form} />
        <Typography.Title level={5} style={{ marginTop: 20 }}>
          {t('regSubject')}
        </Typography.Title>
        <Flex gap={16} wrap>
          <Form.Item
            name="subjectKey"
            label={t('subjectKey')}
            extra={t('regSubjectKeyHelp')}
            rules={[{ validator: async (_, v: string | null | undefined) => { if (v && !names.includes(v)) throw new Error(t('regSubjectNotAField')); } }]}
            style={{ flex: '0 1 440px', minWidth: 0 }}
          >
            <Select
              data-testid="reg-subject-key"
              allowClear
              placeholder={t('regSubjectNone')}
              options={names.map((n) => ({ value: n, label: n }))}
              onChange={(v: string | undefined) => {
                if (!v) form.setFieldValue('subjectKind', null);
                else if (!form.getFieldValue('subjectKind')) {
                  const kind = subjectKindOfPiiType(rows.find((f) => f?.name?.trim() === v)?.piiType);
                  if (kind) form.setFieldValue('subjectKind', kind);
                }
                // the subject kind was checked against the key before the lines above set it: check it again
                void form.validateFields(['subjectKind']).catch(() => undefined);
              }}
            />
          </Form.Item>
          <Form.Item
            name="subjectKind"
            label={t('regSubjectKind')}
            dependencies={['subjectKey']}
            rules={[({ getFieldValue }) => ({ validator: async (_, v: string | null | undefined) => { if (getFieldValue('subjectKey') && !v) throw new Error(t('regSubjectKindRequired')); } })]}
            style={{ flex: '0 1 240px' }}
          >
            <Radio.Group data-testid="reg-subject-kind" optionType="button" disabled={!subjectKey} options={SUBJECT_KINDS.map((k) => ({ value: k, label: label(s.lang, 'subj_', k) }))} />
          </Form.Item>
        </Flex>
      </Card>

      <ProblemAlert error={action.error} />
      <Space>
        <Button type="primary" htmlType="submit" loading={action.pending} data-testid="reg-submit">
          {t('regSubmit')}
        </Button>
        <Button href={href('/resources')}>{t('cancel')}</Button>
      </Space>
    </Form>
  );
}
