import { Alert, Button, Card, Checkbox, Flex, Form, Input, InputNumber, Radio, Switch, Typography, message } from 'antd';
import { useState } from 'react';
import { type Application, type CatalogSnapshot, type Decision, type Mode, post, type ResourceSelection, type Stage } from '../../api.ts';
import { label } from '../../i18n.ts';
import { resourceName } from '../../shared/catalog.ts';
import { useSession, useT } from '../../shared/context.ts';
import { Deadline } from '../../shared/Deadline.tsx';
import { ProblemAlert } from '../../shared/ui.tsx';
import { useAction } from '../../shared/useAsync.ts';

const same = (a: string[], b: string[]) => a.length === b.length && a.every((x) => b.includes(x));

/** The current stage's reviewer decides: approve (optionally narrowing fields and modes; the authority sets thresholds), return or reject with reasons. */
export function DecisionPanel({ app, stage, catalog, onDone }: { app: Application; stage: Stage; catalog: Map<string, CatalogSnapshot>; onDone(): void }) {
  const s = useSession();
  const t = useT();
  const action = useAction();
  const isAuthority = stage.kind === 'authority_evaluation';
  const [decision, setDecision] = useState<Decision['decision']>('approve');
  const [reasons, setReasons] = useState('');
  const [narrow, setNarrow] = useState(false);
  const [fields, setFields] = useState<ResourceSelection[]>(app.granted.resources);
  const [modes, setModes] = useState<Mode[]>(app.granted.modes);
  const [minSubjects, setMinSubjects] = useState<number | null>(app.controls.minSubjects ?? null);
  const [epsilon, setEpsilon] = useState<number | null>(app.controls.epsilonBudget ?? null);

  const submit = () =>
    action.run(async () => {
      const body: Decision = { decision, ...(reasons.trim() ? { reasons: reasons.trim() } : {}) };
      if (decision === 'approve' && narrow) {
        const changedFields = fields.some((f) => !same(f.fields, app.granted.resources.find((g) => g.resourceId === f.resourceId)?.fields ?? []));
        body.conditions = { ...(changedFields ? { resources: fields.filter((f) => f.fields.length > 0) } : {}), ...(!same(modes, app.granted.modes) ? { modes } : {}) };
      }
      if (decision === 'approve' && isAuthority && (minSubjects != null || epsilon != null)) {
        body.controls = { ...(minSubjects != null ? { minSubjects } : {}), ...(epsilon != null ? { epsilonBudget: epsilon } : {}) };
      }
      await post<Application>(`/applications/${app.id}/decision`, s.lang, body);
      void message.success(t('decisionRecorded'));
      onDone();
    });

  const needsReasons = decision !== 'approve' && !reasons.trim();
  return (
    <Card title={`${t('decide')} · ${label(s.lang, 'stage_', stage.kind)}`} extra={<Deadline stage={stage} />} style={{ marginBottom: 16, borderColor: '#b71c1c' }} data-testid="decision-panel">
      <ProblemAlert error={action.error} />
      <Form layout="vertical">
        <Form.Item label={t('decision')}>
          <Radio.Group
            value={decision}
            onChange={(e) => setDecision(e.target.value as Decision['decision'])}
            optionType="button"
            buttonStyle="solid"
            options={[
              { value: 'approve', label: t('approve') },
              { value: 'return', label: t('returnForInfo') },
              { value: 'reject', label: t('reject') },
            ]}
          />
        </Form.Item>
        {decision === 'approve' && (
          <>
            <Form.Item label={t('approveWithConditions')}>
              <Switch checked={narrow} onChange={setNarrow} data-testid="narrow-switch" />
            </Form.Item>
            {narrow && (
              <Flex vertical gap={8} style={{ marginBottom: 16 }}>
                <Typography.Text strong>{t('narrowFields')}</Typography.Text>
                {fields.map((sel) => {
                  const granted = app.granted.resources.find((g) => g.resourceId === sel.resourceId)?.fields ?? [];
                  return (
                    <div key={sel.resourceId}>
                      <Typography.Text>{resourceName(s.lang, catalog.get(sel.resourceId), sel.resourceId.slice(0, 8))}</Typography.Text>
                      <br />
                      <Checkbox.Group value={sel.fields} options={granted} onChange={(v) => setFields(fields.map((f) => (f.resourceId === sel.resourceId ? { ...f, fields: v } : f)))} />
                    </div>
                  );
                })}
                <Typography.Text strong>{t('narrowModes')}</Typography.Text>
                <Checkbox.Group value={modes} onChange={(v) => setModes(v)} options={app.granted.modes.map((m) => ({ value: m, label: label(s.lang, 'mode_', m) }))} />
              </Flex>
            )}
            {isAuthority && (
              <Flex gap={24} wrap>
                <Form.Item label={t('minSubjects')}>
                  <div data-testid="min-subjects">
                    <InputNumber min={1} value={minSubjects} onChange={(v) => setMinSubjects(v)} style={{ width: 160 }} />
                  </div>
                </Form.Item>
                <Form.Item label={t('epsilonBudget')}>
                  <div data-testid="epsilon-budget">
                    <InputNumber min={0} step={0.1} value={epsilon} onChange={(v) => setEpsilon(v)} style={{ width: 160 }} />
                  </div>
                </Form.Item>
              </Flex>
            )}
          </>
        )}
        <Form.Item label={t('reasons')} required={decision !== 'approve'}>
          <Input.TextArea rows={2} value={reasons} onChange={(e) => setReasons(e.target.value)} data-testid="decision-reasons" />
        </Form.Item>
        {needsReasons && <Alert type="info" title={t('reasonsRequired')} style={{ marginBottom: 12 }} />}
        <Button type="primary" loading={action.pending} disabled={needsReasons} onClick={() => void submit()} data-testid="decision-submit">
          {t('submit')}
        </Button>
      </Form>
    </Card>
  );
}
