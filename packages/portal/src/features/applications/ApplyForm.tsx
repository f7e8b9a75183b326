import { Alert, Button, Card, Checkbox, Form, Input, InputNumber, Radio, Select, message } from 'antd';
import { useState } from 'react';
import { type Admission, type Application, get, type Items, MODES, type NewApplication, post, type ResourceSelection } from '../../api.ts';
import { label } from '../../i18n.ts';
import { loadCatalog, snapshotById } from '../../shared/catalog.ts';
import { orgName, useSession, useT } from '../../shared/context.ts';
import { href, navigate, routeQuery } from '../../shared/router.ts';
import { Loadable, PageTitle, ProblemAlert } from '../../shared/ui.tsx';
import { useAction, useAsync } from '../../shared/useAsync.ts';
import { ResourcePicker } from './ResourcePicker.tsx';

interface Values {
  title: string;
  operatorOrgId?: string;
  kind: NewApplication['scenario']['kind'];
  purpose: string;
  description: string;
  modes: NewApplication['modes'];
  termMonths: number;
}

/** The authorization application (Art. 18): resources and fields, scenario, modes and term. */
export function ApplyForm() {
  const s = useSession();
  const t = useT();
  const isPartner = s.me.organization.type === 'partner';
  const data = useAsync(async () => {
    const [catalog, admissions] = await Promise.all([loadCatalog(s.lang), isPartner ? get<Items<Admission>>('/admissions', s.lang) : Promise.resolve({ items: [] })]);
    return { catalog, operators: admissions.items.filter((a) => a.state === 'admitted').map((a) => a.operatorOrgId) };
  }, [s.lang]);
  const preselect = routeQuery().get('resource');
  const [selection, setSelection] = useState<ResourceSelection[] | null>(null);
  const [form] = Form.useForm<Values>();
  const action = useAction();

  const onFinish = (v: Values, chosen: ResourceSelection[]) =>
    action.run(async () => {
      const body: NewApplication = {
        title: v.title,
        ...(v.operatorOrgId ? { operatorOrgId: v.operatorOrgId } : {}),
        scenario: { kind: v.kind, purpose: v.purpose, description: v.description },
        resources: chosen,
        modes: v.modes,
        termMonths: v.termMonths,
      };
      const created = await post<Application>('/applications', s.lang, body);
      void message.success(t('applicationSubmitted', { n: created.number }));
      navigate(`/applications/${created.id}`);
    });

  return (
    <>
      <PageTitle>{t('applyTitle')}</PageTitle>
      <Loadable state={data} empty={t('noCatalog')} isEmpty={(d) => !d.catalog || d.catalog.resources.length === 0}>
        {({ catalog, operators }) => {
          const resources = [...snapshotById(catalog).values()];
          const chosen =
            selection ??
            (preselect && resources.some((r) => r.id === preselect) ? [{ resourceId: preselect, fields: resources.find((r) => r.id === preselect)!.fields.map((f) => f.name) }] : []);
          if (isPartner && operators.length === 0) {
            return <Alert type="warning" showIcon title={t('noAdmission')} action={<Button href={href('/admission')}>{t('navAdmission')}</Button>} />;
          }
          return (
            <Card>
              <ProblemAlert error={action.error} />
              <Form<Values>
                form={form}
                layout="vertical"
                data-testid="apply-form"
                initialValues={{ kind: 'industry', modes: ['governed_query'], termMonths: 12, operatorOrgId: operators[0] }}
                onFinish={(v) => void onFinish(v, chosen)}
              >
                <Form.Item name="title" label={t('applicationTitle')} rules={[{ required: true, min: 2, message: t('required') }]}>
                  <Input data-testid="apply-title" maxLength={200} />
                </Form.Item>
                {isPartner && (
                  <Form.Item name="operatorOrgId" label={t('operator')} rules={[{ required: true, message: t('required') }]}>
                    <Select options={operators.map((id) => ({ value: id, label: orgName(s, id) }))} />
                  </Form.Item>
                )}
                <Form.Item label={t('chooseResources')} required>
                  <ResourcePicker resources={resources} value={chosen} onChange={setSelection} />
                </Form.Item>
                <Form.Item name="kind" label={t('scenarioKind')} rules={[{ required: true }]}>
                  <Radio.Group options={(['public_interest', 'industry'] as const).map((k) => ({ value: k, label: label(s.lang, 'kind_', k) }))} />
                </Form.Item>
                <Form.Item name="purpose" label={t('scenarioPurpose')} extra={t('scenarioPurposeHelp')} rules={[{ required: true, pattern: /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/, message: t('scenarioPurposeHelp') }]}>
                  <Input data-testid="apply-purpose" style={{ maxWidth: 420 }} />
                </Form.Item>
                <Form.Item name="description" label={t('scenarioDescription')} extra={t('scenarioDescriptionHelp')} rules={[{ required: true, min: 10, message: t('scenarioDescriptionHelp') }]}>
                  <Input.TextArea data-testid="apply-description" rows={3} maxLength={4000} />
                </Form.Item>
                <Form.Item name="modes" label={t('modes')} rules={[{ required: true, type: 'array', min: 1, message: t('required') }]}>
                  <Checkbox.Group options={MODES.map((m) => ({ value: m, label: label(s.lang, 'mode_', m) }))} />
                </Form.Item>
                <Form.Item name="termMonths" label={t('term')} rules={[{ required: true }]}>
                  <InputNumber min={1} max={60} suffix={t('months')} style={{ width: 160 }} />
                </Form.Item>
                <Button type="primary" htmlType="submit" loading={action.pending} disabled={chosen.length === 0 || chosen.some((c) => c.fields.length === 0)} data-testid="apply-submit">
                  {t('submitApplication')}
                </Button>
              </Form>
            </Card>
          );
        }}
      </Loadable>
    </>
  );
}
