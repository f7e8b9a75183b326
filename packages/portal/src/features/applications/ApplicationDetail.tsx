import { Button, Card, Descriptions, Space, Tag } from 'antd';
import { type Application, get } from '../../api.ts';
import { label } from '../../i18n.ts';
import { loadCatalog, snapshotById } from '../../shared/catalog.ts';
import { hasRole, orgName, useSession, useT } from '../../shared/context.ts';
import { currentStage } from '../../shared/Deadline.tsx';
import { href } from '../../shared/router.ts';
import { Loadable, PageTitle, StateTag } from '../../shared/ui.tsx';
import { useAsync } from '../../shared/useAsync.ts';
import { DecisionPanel } from '../reviews/DecisionPanel.tsx';
import { EscalationPanel } from '../reviews/EscalationPanel.tsx';
import { OpinionsPanel } from '../reviews/OpinionsPanel.tsx';
import { ApplicantActions } from './ApplicantActions.tsx';
import { SelectionTable } from './SelectionTable.tsx';
import { StagesTable } from './StagesTable.tsx';

/** One application: what was asked and granted, every stage with its deadline, opinions, escalation, and the actions open to the viewer. */
export function ApplicationDetail({ id }: { id: string }) {
  const s = useSession();
  const t = useT();
  const data = useAsync(async () => {
    const [app, catalog] = await Promise.all([get<Application>(`/applications/${id}`, s.lang), loadCatalog(s.lang)]);
    return { app, catalog: snapshotById(catalog) };
  }, [id, s.lang]);
  return (
    <Loadable state={data}>
      {({ app, catalog }) => {
        const stage = currentStage(app.stages);
        const myTurn = !!stage && stage.reviewerOrgId === s.me.organization.id && hasRole(s.me, 'reviewer', 'admin') && app.state !== 'escalated';
        const isApplicant = app.applicantOrgId === s.me.organization.id;
        const modes = (ms: string[]) => ms.map((m) => <Tag key={m}>{label(s.lang, 'mode_', m)}</Tag>);
        return (
          <>
            <PageTitle
              extra={
                <Space>
                  <Button href={href(`/ledger/lineage?type=application&id=${app.id}`)} data-testid="application-lineage">
                    {t('lgShowLineage')}
                  </Button>
                  <Button href={href(myTurn ? '/reviews' : '/applications')}>{t('back')}</Button>
                </Space>
              }
            >
              <Space>
                <span>{app.number}</span>
                <span>{app.title}</span>
                <StateTag prefix="app_" value={app.state} />
              </Space>
            </PageTitle>
            {myTurn && <DecisionPanel app={app} stage={stage} catalog={catalog} onDone={data.reload} />}
            {isApplicant && <ApplicantActions app={app} onDone={data.reload} />}
            <Card title={t('applicationDetail')} style={{ marginBottom: 16 }}>
              <Descriptions
                size="small"
                column={2}
                items={[
                  { key: 'applicant', label: t('applicant'), children: orgName(s, app.applicantOrgId) },
                  { key: 'operator', label: t('operator'), children: orgName(s, app.operatorOrgId) },
                  { key: 'kind', label: t('scenarioKind'), children: label(s.lang, 'kind_', app.scenario.kind) },
                  { key: 'purpose', label: t('scenarioPurpose'), children: <code>{app.scenario.purpose}</code> },
                  { key: 'desc', label: t('scenarioDescription'), span: 2, children: app.scenario.description },
                  { key: 'modesReq', label: `${t('modes')} · ${t('requested')}`, children: modes(app.requested.modes) },
                  { key: 'modesGr', label: `${t('modes')} · ${t('granted')}`, children: modes(app.granted.modes) },
                  { key: 'term', label: t('term'), children: t('termMonths', { n: app.termMonths }) },
                  {
                    key: 'controls',
                    label: t('controls'),
                    children: (
                      <Space wrap>
                        {app.controls.minSubjects != null && <Tag>{t('minSubjects')}: {app.controls.minSubjects}</Tag>}
                        {app.controls.epsilonBudget != null && <Tag>{t('epsilonBudget')}: {app.controls.epsilonBudget}</Tag>}
                        {app.controls.callQuota != null && <Tag>{t('callQuota')}: {app.controls.callQuota}</Tag>}
                        {Object.keys(app.controls).length === 0 && t('none')}
                      </Space>
                    ),
                  },
                ]}
              />
              <div style={{ marginTop: 12 }}>
                <SelectionTable app={app} catalog={catalog} />
              </div>
            </Card>
            <Card title={t('stages')} style={{ marginBottom: 16 }}>
              <StagesTable stages={app.stages} />
            </Card>
            <OpinionsPanel app={app} onDone={data.reload} />
            <EscalationPanel app={app} onDone={data.reload} />
          </>
        );
      }}
    </Loadable>
  );
}
