import { Card, Descriptions, Table, Tag } from 'antd';
import type { Grant, PolicyField } from '../../api.ts';
import { formatDate, label } from '../../i18n.ts';
import { orgName, useSession, useT } from '../../shared/context.ts';
import { href } from '../../shared/router.ts';

/** The grant's usage policy: target resources and fields with their column controls, purpose, modes, thresholds, budget, fee, term. */
export function PolicyPanel({ grant }: { grant: Grant }) {
  const s = useSession();
  const t = useT();
  const p = grant.policy;
  const fee = p.fee?.kind === 'free' || !p.fee ? t('free') : `${p.fee.amount ?? ''} ${p.fee.currency ?? ''} / ${p.fee.per ?? ''} (${p.fee.standard ?? ''})`;
  return (
    <>
      <Card style={{ marginBottom: 16 }}>
        <Descriptions
          size="small"
          column={2}
          items={[
            { key: 'assignee', label: t('assignee'), children: orgName(s, grant.assigneeOrgId) },
            { key: 'operator', label: t('operator'), children: orgName(s, grant.operatorOrgId) },
            { key: 'purpose', label: t('purpose'), children: `${label(s.lang, 'kind_', p.purpose?.usage)} · ${p.purpose?.scenario ?? ''}` },
            { key: 'modes', label: t('modes'), children: (p.modes ?? []).map((m) => <Tag key={m}>{label(s.lang, 'mode_', m)}</Tag>) },
            { key: 'min', label: t('minSubjects'), children: p.minSubjects ?? '—' },
            { key: 'eps', label: `${t('epsilonSpent')} / ${t('epsilonTotal')}`, children: grant.epsilonTotal != null ? `${grant.epsilonSpent} / ${grant.epsilonTotal}` : '—' },
            { key: 'fee', label: t('fee'), children: fee },
            { key: 'term', label: t('validity_'), children: `${formatDate(s.lang, grant.validFrom)} – ${formatDate(s.lang, grant.validUntil)}` },
            { key: 'agreement', label: t('agreements'), children: <a href={href(`/agreements/${grant.agreementId}`)}>{t('open')}</a> },
            {
              key: 'odrl',
              label: t('odrl'),
              children: (
                <a href={`/api/v1/grants/${grant.id}/policy.jsonld`} target="_blank" rel="noreferrer" data-testid="odrl-link">
                  policy.jsonld
                </a>
              ),
            },
          ]}
        />
      </Card>
      {(p.targets ?? []).map((tg) => (
        <Card key={tg.resource} title={tg.resource} size="small" style={{ marginBottom: 16 }}>
          <Table<PolicyField>
            rowKey="name"
            size="small"
            pagination={false}
            dataSource={tg.fields}
            columns={[
              { title: t('fieldName'), dataIndex: 'name', render: (n: string) => <code>{n}</code> },
              { title: t('control'), render: (_, f) => <Tag color={f.control === 'plaintext' ? 'green' : f.control === 'none' ? 'red' : 'blue'}>{label(s.lang, 'ctl_', f.control)}</Tag> },
            ]}
          />
        </Card>
      ))}
    </>
  );
}
