import { Alert, Button, Card, Flex, Form, Input, Radio, Select, Typography, message } from 'antd';
import { useEffect, useMemo } from 'react';
import { get, type Grant, type Items, post } from '../../api.ts';
import { formatDate, label } from '../../i18n.ts';
import { useSession, useT } from '../../shared/context.ts';
import { href, navigate } from '../../shared/router.ts';
import { Loadable, PageTitle, ProblemAlert } from '../../shared/ui.tsx';
import { useAction, useAsync } from '../../shared/useAsync.ts';
import { type JobWithResults, PRICING_PER, PRODUCT_KINDS, type PricingPer, type Product, type ProductFiling, SERVED_KINDS } from './types.ts';

/** The filing's own properties, with its pricing, source and model inspection as flat form inputs. */
interface Values extends Omit<ProductFiling, 'pricing' | 'source' | 'modelInspection'> {
  pricingBasis: string;
  price: string;
  per: PricingPer;
  resultTableId?: string;
  lookupColumn?: string;
  outputColumns?: string[];
  trainingData?: string;
  outputSurface?: string;
  rawRowsReproducible?: boolean;
  inspectedBy?: string;
}

const SCENARIO = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;
const PRICE = /^(0|[1-9]\d{0,11})(\.\d{1,4})?$/;

/** The product filing (登記備案, Art. 21) under one of the filer's active grants. */
export function FilingForm() {
  const s = useSession();
  const t = useT();
  const grants = useAsync(async () => (await get<Items<Grant>>('/grants', s.lang)).items.filter((g) => g.assigneeOrgId === s.me.organization.id && g.state === 'active'), [s.lang]);
  return (
    <>
      <PageTitle extra={<Button href={href('/products')}>{t('back')}</Button>}>{t('prFilingTitle')}</PageTitle>
      <Typography.Paragraph type="secondary">{t('prFilingIntro')}</Typography.Paragraph>
      <Loadable state={grants} empty={t('prNoGrants')} isEmpty={(g) => g.length === 0}>
        {(g) => <Filing grants={g} />}
      </Loadable>
    </>
  );
}

function Filing({ grants }: { grants: Grant[] }) {
  const s = useSession();
  const t = useT();
  const [form] = Form.useForm<Values>();
  const action = useAction();
  const grantId = Form.useWatch('grantId', form) ?? grants[0]?.id;
  const kind = Form.useWatch('kind', form) ?? 'indicator';
  const resultTableId = Form.useWatch('resultTableId', form);
  const lookupColumn = Form.useWatch('lookupColumn', form);
  const grant = grants.find((g) => g.id === grantId);
  const scenario = grant?.policy.purpose?.scenario ?? '';
  const free = grant?.policy.purpose?.usage === 'public_interest';
  const served = SERVED_KINDS.includes(kind);
  const jobs = useAsync(() => (grantId ? get<Items<JobWithResults>>(`/grants/${grantId}/jobs`, s.lang) : Promise.resolve({ items: [] })), [grantId, s.lang]);

  // the in-domain result tables of this grant, with their columns from the job's dev run (same output name)
  const tables = useMemo(
    () =>
      (jobs.data?.items ?? []).flatMap((job) =>
        job.results.map((r) => ({ id: r.id, label: `${job.name} · ${r.name} · ${t('rows')} ${r.rows} · ${formatDate(s.lang, r.createdAt)}`, columns: job.devRun?.outputs.find((o) => o.output === r.name)?.columns.map((c) => c.name) ?? [] })),
      ),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [jobs.data, s.lang],
  );
  const columns = tables.find((x) => x.id === resultTableId)?.columns ?? [];

  // a new grant: its purpose as the scenario, its usage's price; a new table: the first column as the key, the rest out
  useEffect(() => {
    if (!grant) return;
    form.setFieldsValue({ scenarios: scenario ? [scenario] : [], ...(free ? { price: '0' } : {}) });
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [grant?.id]);
  useEffect(() => {
    if (served && tables.length > 0 && !tables.some((x) => x.id === resultTableId)) form.setFieldsValue({ resultTableId: tables[0]!.id });
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [tables, served]);
  useEffect(() => {
    if (columns.length > 0) form.setFieldsValue({ lookupColumn: columns[0], outputColumns: columns.slice(1) });
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [resultTableId, columns.join(',')]);

  const submit = (v: Values) =>
    action.run(async () => {
      const body: ProductFiling = {
        grantId: v.grantId,
        kind: v.kind,
        nameZh: v.nameZh.trim(),
        ...(v.nameEn?.trim() ? { nameEn: v.nameEn.trim() } : {}),
        description: v.description.trim(),
        scenarios: v.scenarios.map((x) => x.trim()),
        scope: v.scope.trim(),
        mannerOfUse: v.mannerOfUse.trim(),
        pricing: { basis: v.pricingBasis.trim(), price: free ? '0' : v.price.trim(), per: v.per },
        ...(SERVED_KINDS.includes(v.kind) && v.resultTableId && v.lookupColumn ? { source: { resultTableId: v.resultTableId, lookupColumn: v.lookupColumn, outputColumns: v.outputColumns ?? [] } } : {}),
        ...(v.kind === 'model'
          ? { modelInspection: { trainingData: v.trainingData ?? '', outputSurface: v.outputSurface ?? '', rawRowsReproducible: v.rawRowsReproducible ?? true, inspectedBy: v.inspectedBy ?? '' } }
          : {}),
      };
      const filed = await post<Product>('/products', s.lang, body);
      void message.success(t('prFiled'));
      navigate(`/products/${filed.id}`);
    });

  const required = { required: true, message: t('required') };
  return (
    <Card>
      <ProblemAlert error={action.error} />
      <Form<Values>
        form={form}
        layout="vertical"
        data-testid="filing-form"
        initialValues={{ grantId: grants[0]?.id, kind: 'indicator', per: 'call', price: free ? '0' : undefined, scenarios: scenario ? [scenario] : [] }}
        onFinish={(v) => void submit(v)}
        style={{ maxWidth: 960 }}
      >
        <Form.Item name="grantId" label={t('prGrant')} extra={t('prGrantHelp')} rules={[required]}>
          <Select
            data-testid="pf-grant"
            options={grants.map((g) => ({
              value: g.id,
              label: `${g.policy.purpose?.scenario ?? g.id.slice(0, 8)} · ${label(s.lang, 'kind_', g.policy.purpose?.usage)} · ${(g.policy.modes ?? []).map((m) => label(s.lang, 'mode_', m)).join('、')}`,
            }))}
          />
        </Form.Item>
        <Form.Item name="kind" label={t('prKind')} rules={[required]}>
          <Radio.Group data-testid="pf-kind" optionType="button" options={PRODUCT_KINDS.map((k) => ({ value: k, label: label(s.lang, 'prk_', k) }))} />
        </Form.Item>
        <Flex gap={16} wrap>
          <Form.Item name="nameZh" label={t('prNameZh')} rules={[required, { min: 2, max: 200, message: t('required') }]} style={{ flex: '1 1 320px' }}>
            <Input data-testid="pf-name-zh" maxLength={200} />
          </Form.Item>
          <Form.Item name="nameEn" label={t('prNameEn')} style={{ flex: '1 1 320px' }}>
            <Input data-testid="pf-name-en" maxLength={200} />
          </Form.Item>
        </Flex>
        <Form.Item name="description" label={t('prDescription')} rules={[required, { min: 2, message: t('required') }]}>
          <Input.TextArea data-testid="pf-description" rows={2} maxLength={4000} />
        </Form.Item>
        <Form.Item
          name="scenarios"
          label={t('prScenarios')}
          extra={t('prScenariosHelp', { s: scenario || '…' })}
          rules={[required, { type: 'array', min: 1, max: 20, message: t('required') }, { validator: async (_, v: string[] | undefined) => { if ((v ?? []).some((x) => !SCENARIO.test(x))) throw new Error(t('scenarioPurposeHelp')); } }]}
        >
          <Select data-testid="pf-scenarios" mode="tags" tokenSeparators={[',', ' ']} open={false} suffixIcon={null} />
        </Form.Item>
        <Flex gap={16} wrap>
          <Form.Item name="scope" label={t('prScope')} rules={[required]} style={{ flex: '1 1 320px' }}>
            <Input.TextArea data-testid="pf-scope" rows={2} maxLength={2000} />
          </Form.Item>
          <Form.Item name="mannerOfUse" label={t('prManner')} rules={[required]} style={{ flex: '1 1 320px' }}>
            <Input.TextArea data-testid="pf-manner" rows={2} maxLength={2000} />
          </Form.Item>
        </Flex>
        <Form.Item name="pricingBasis" label={t('prPricingBasis')} extra={t('prPricingBasisHelp')} rules={[required]}>
          <Input.TextArea data-testid="pf-pricing-basis" rows={2} maxLength={2000} />
        </Form.Item>
        {free && <Alert type="info" showIcon title={t('prPublicFree')} style={{ marginBottom: 16 }} />}
        <Flex gap={16} wrap>
          <Form.Item name="price" label={t('prPrice')} rules={[required, { pattern: PRICE, message: '0.10' }]}>
            <Input data-testid="pf-price" disabled={free} style={{ width: 180 }} placeholder="0.10" />
          </Form.Item>
          <Form.Item name="per" label={t('prPer')} rules={[required]}>
            <Select data-testid="pf-per" style={{ width: 180 }} options={PRICING_PER.map((p) => ({ value: p, label: label(s.lang, 'prper_', p) }))} />
          </Form.Item>
        </Flex>
        {served && (
          <Card size="small" title={t('prSource')} style={{ marginBottom: 16 }} data-testid="pf-source">
            <Typography.Paragraph type="secondary">{t('prSourceIntro')}</Typography.Paragraph>
            {grant && !(grant.policy.modes ?? []).includes('product_api') && <Alert type="warning" showIcon title={t('prNeedsProductApi')} style={{ marginBottom: 12 }} />}
            {jobs.loading || tables.length > 0 ? (
              <>
                <Form.Item name="resultTableId" label={t('prResultTable')} rules={[required]}>
                  <Select data-testid="pf-result-table" loading={jobs.loading} options={tables.map((x) => ({ value: x.id, label: x.label }))} />
                </Form.Item>
                <Flex gap={16} wrap>
                  <Form.Item name="lookupColumn" label={t('prLookupColumn')} rules={[required]} style={{ flex: '0 1 240px' }}>
                    <Select data-testid="pf-lookup" options={columns.map((c) => ({ value: c, label: c }))} />
                  </Form.Item>
                  <Form.Item name="outputColumns" label={t('prOutputColumns')} rules={[required, { type: 'array', min: 1, message: t('required') }]} style={{ flex: '1 1 360px' }}>
                    <Select data-testid="pf-outputs" mode="multiple" options={columns.filter((c) => c !== lookupColumn).map((c) => ({ value: c, label: c }))} />
                  </Form.Item>
                </Flex>
              </>
            ) : (
              <Alert type="warning" showIcon title={t('prNoResultTables')} action={grant ? <Button size="small" href={href(`/grants/${grant.id}/jobs`)}>{t('jobs')}</Button> : undefined} />
            )}
          </Card>
        )}
        {kind === 'model' && (
          <Card size="small" title={t('prModelInspection')} style={{ marginBottom: 16 }} data-testid="pf-model">
            <Typography.Paragraph type="secondary">{t('prModelIntro')}</Typography.Paragraph>
            <Form.Item name="trainingData" label={t('prTrainingData')} rules={[required]}>
              <Input.TextArea data-testid="pf-training-data" rows={2} maxLength={4000} />
            </Form.Item>
            <Form.Item name="outputSurface" label={t('prOutputSurface')} rules={[required]}>
              <Input.TextArea data-testid="pf-output-surface" rows={2} maxLength={4000} />
            </Form.Item>
            <Flex gap={16} wrap>
              <Form.Item name="rawRowsReproducible" label={t('prRawRows')} rules={[required]}>
                <Radio.Group data-testid="pf-raw-rows" options={[{ value: false, label: t('no') }, { value: true, label: t('yes') }]} />
              </Form.Item>
              <Form.Item name="inspectedBy" label={t('prInspectedBy')} rules={[required]} style={{ flex: '1 1 320px' }}>
                <Input data-testid="pf-inspected-by" maxLength={200} />
              </Form.Item>
            </Flex>
          </Card>
        )}
        <Button type="primary" htmlType="submit" loading={action.pending} data-testid="pf-submit">
          {t('prSubmitFiling')}
        </Button>
      </Form>
    </Card>
  );
}
