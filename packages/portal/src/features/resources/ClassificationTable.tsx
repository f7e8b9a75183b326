import { Button, Select, Table, Tag, Tooltip, Typography, message } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { type FieldRole, type Grade, post, type Resource, type ResourceField } from '../../api.ts';
import { label } from '../../i18n.ts';
import { useSession, useT } from '../../shared/context.ts';
import { ProblemAlert } from '../../shared/ui.tsx';
import { useAction } from '../../shared/useAsync.ts';
import { type Classification, type ColumnSuggestions, FIELD_ROLES, GRADES, PII_TYPES, type PiiSuggestion } from './types.ts';

const NOT_PII = '__none__';

/** What the steward would confirm for a field if they pressed the button now: their confirmed type, else the best suggestion. */
function proposal(f: ResourceField, suggestions: PiiSuggestion[]): Classification {
  const piiType = f.piiConfirmed ? f.piiType : (suggestions[0]?.type ?? f.piiSuggestion?.type ?? f.piiType);
  return { piiType: piiType ?? null, role: f.role, grade: f.grade };
}

/**
 * The PII the platform found in the latest version, per field, for the department to confirm or correct into the
 * field definitions (POST /resources/:id/fields/:name/classification: PII type, role, grade). Confirmed types drive
 * masking and column controls; the resource's grade follows its fields.
 */
export function ClassificationTable({ resource, suggestions, canEdit, onChanged }: { resource: Resource; suggestions: ColumnSuggestions[] | null; canEdit: boolean; onChanged(r: Resource): void }) {
  const s = useSession();
  const t = useT();
  const action = useAction();
  const byColumn = useMemo(() => new Map((suggestions ?? []).map((c) => [c.column, c.suggestions])), [suggestions]);
  const suggestionsOf = (f: ResourceField): PiiSuggestion[] => byColumn.get(f.name) ?? (f.piiSuggestion ? [{ ...f.piiSuggestion, matched: 0, nonEmpty: 0 }] : []);
  const initial = () => Object.fromEntries(resource.fields.map((f) => [f.name, proposal(f, suggestionsOf(f))]));
  const [drafts, setDrafts] = useState<Record<string, Classification>>(initial);
  const signature = JSON.stringify([resource.fields, suggestions]);
  // eslint-disable-next-line react-hooks/exhaustive-deps
  useEffect(() => setDrafts(initial()), [signature]);
  const [busy, setBusy] = useState<string | null>(null);

  const set = (name: string, patch: Partial<Classification>) => setDrafts((d) => ({ ...d, [name]: { ...d[name]!, ...patch } }));
  const confirm = (f: ResourceField) =>
    action.run(async () => {
      setBusy(f.name);
      try {
        const d = drafts[f.name]!;
        const updated = await post<Resource>(`/resources/${resource.id}/fields/${encodeURIComponent(f.name)}/classification`, s.lang, { piiType: d.piiType, role: d.role, grade: d.grade });
        void message.success(t('ingClassified', { field: f.name }));
        onChanged(updated);
      } finally {
        setBusy(null);
      }
    });

  const pendingCount = resource.fields.filter((f) => !f.piiConfirmed && (f.piiType !== null || suggestionsOf(f).length > 0)).length;
  const piiOptions = [{ value: NOT_PII, label: t('ingNotPii') }, ...PII_TYPES.map((p) => ({ value: p, label: label(s.lang, 'pii_', p) }))];

  return (
    <>
      <ProblemAlert error={action.error} />
      {pendingCount > 0 && (
        <Typography.Paragraph type="warning" data-testid="pii-pending">
          {t('ingPending', { n: pendingCount })}
        </Typography.Paragraph>
      )}
      <Table<ResourceField>
        data-testid="pii-table"
        rowKey="name"
        size="small"
        pagination={false}
        dataSource={resource.fields}
        scroll={{ x: 980 }}
        columns={[
          {
            title: t('fieldName'),
            width: 150,
            render: (_, f) => (
              <>
                <code>{f.name}</code>
                <div>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {f.type}
                  </Typography.Text>
                </div>
              </>
            ),
          },
          {
            title: t('ingCurrentPii'),
            width: 150,
            render: (_, f) => (
              <span data-testid={`pii-current-${f.name}`}>
                {f.piiType ? label(s.lang, 'pii_', f.piiType) : t('ingNotPii')}{' '}
                {f.piiConfirmed ? <Tag color="green">{t('ingConfirmed')}</Tag> : f.piiType !== null || suggestionsOf(f).length > 0 ? <Tag color="orange">{t('ingUnconfirmed')}</Tag> : null}
              </span>
            ),
          },
          {
            title: t('ingSuggested'),
            render: (_, f) => {
              const list = suggestionsOf(f);
              if (list.length === 0) return <Typography.Text type="secondary">{t('ingNoSuggestion')}</Typography.Text>;
              return list.map((x, i) => (
                <Tooltip key={x.type} title={x.nonEmpty ? t('ingMatched', { matched: x.matched, sampled: x.nonEmpty }) : undefined}>
                  <Tag color={i === 0 ? (x.confidence >= 0.9 ? 'red' : 'volcano') : 'default'} data-testid={`pii-suggestion-${f.name}-${x.type}`}>
                    {label(s.lang, 'pii_', x.type)} {Math.round(x.confidence * 100)}%
                  </Tag>
                </Tooltip>
              ));
            },
          },
          {
            title: t('ingConfirmAs'),
            width: 170,
            render: (_, f) => (
              <Select
                data-testid={`pii-select-${f.name}`}
                size="small"
                style={{ width: 156 }}
                disabled={!canEdit}
                value={drafts[f.name]?.piiType ?? NOT_PII}
                onChange={(v: string) => set(f.name, { piiType: v === NOT_PII ? null : v })}
                options={piiOptions}
              />
            ),
          },
          {
            title: t('fieldRole'),
            width: 130,
            render: (_, f) => (
              <Select<FieldRole>
                data-testid={`role-select-${f.name}`}
                size="small"
                style={{ width: 118 }}
                disabled={!canEdit}
                value={drafts[f.name]?.role ?? f.role}
                onChange={(v) => set(f.name, { role: v })}
                options={FIELD_ROLES.map((r) => ({ value: r, label: label(s.lang, 'role_', r) }))}
              />
            ),
          },
          {
            title: t('grade'),
            width: 120,
            render: (_, f) => (
              <Select<Grade>
                data-testid={`grade-select-${f.name}`}
                size="small"
                style={{ width: 108 }}
                disabled={!canEdit}
                value={drafts[f.name]?.grade ?? f.grade}
                onChange={(v) => set(f.name, { grade: v })}
                options={GRADES.map((g) => ({ value: g, label: label(s.lang, 'grade_', g) }))}
              />
            ),
          },
          ...(canEdit
            ? [
                {
                  title: t('actions'),
                  key: 'confirm',
                  width: 90,
                  render: (_: unknown, f: ResourceField) => {
                    const d = drafts[f.name];
                    const changed = !f.piiConfirmed || d?.piiType !== f.piiType || d?.role !== f.role || d?.grade !== f.grade;
                    const pending = !f.piiConfirmed && (f.piiType !== null || suggestionsOf(f).length > 0);
                    return (
                      <Button size="small" type={pending ? 'primary' : 'default'} disabled={!changed || (busy !== null && busy !== f.name)} loading={busy === f.name} onClick={() => void confirm(f)} data-testid={`confirm-pii-${f.name}`}>
                        {t('confirm')}
                      </Button>
                    );
                  },
                },
              ]
            : []),
        ]}
      />
    </>
  );
}
