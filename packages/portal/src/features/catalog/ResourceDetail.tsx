import { Button, Card, Descriptions, Empty, Tag } from 'antd';
import { label } from '../../i18n.ts';
import { loadCatalog, resourceName, snapshotById } from '../../shared/catalog.ts';
import { useSession, useT } from '../../shared/context.ts';
import { href, navigate } from '../../shared/router.ts';
import { Loadable, PageTitle } from '../../shared/ui.tsx';
import { useAsync } from '../../shared/useAsync.ts';
import { FieldsTable } from './FieldsTable.tsx';

/** One resource of the published catalog: its description, grade, openness and fields. */
export function ResourceDetail({ id }: { id: string }) {
  const { lang, me } = useSession();
  const t = useT();
  const catalog = useAsync(() => loadCatalog(lang), [lang]);
  const canApply = me.organization.type === 'partner' || me.organization.type === 'operator';
  return (
    <Loadable state={catalog}>
      {(edition) => {
        const r = snapshotById(edition).get(id);
        if (!r) return <Empty description={t('notFound')} />;
        const description = lang === 'en' ? (r.descriptionEn ?? r.descriptionZh) : r.descriptionZh;
        return (
          <>
            <PageTitle
              extra={
                <>
                  <Button href={href('/catalog')}>{t('back')}</Button>
                  {canApply && r.openness !== 'not_open' && (
                    <Button type="primary" onClick={() => navigate(`/apply?resource=${r.id}`)}>
                      {t('applyForThis')}
                    </Button>
                  )}
                </>
              }
            >
              {resourceName(lang, r)}
            </PageTitle>
            <Card style={{ marginBottom: 16 }}>
              <Descriptions
                column={2}
                size="small"
                items={[
                  { key: 'code', label: t('code'), children: <code>{r.code}</code> },
                  { key: 'pub', label: t('publisher'), children: resourceName(lang, r.publisher) },
                  { key: 'open', label: t('openness'), children: <Tag color="gold">{label(lang, 'open_', r.openness)}</Tag> },
                  { key: 'grade', label: t('grade'), children: label(lang, 'grade_', r.grade) },
                  { key: 'cat', label: t('category'), children: r.category.map((c) => <Tag key={c}>{c}</Tag>) },
                  { key: 'freq', label: t('updateFrequency'), children: label(lang, 'freq_', r.updateFrequency) },
                  { key: 'subject', label: t('subjectKey'), children: r.subjectKey ?? '—' },
                  { key: 'desc', label: t('description'), span: 2, children: description ?? '—' },
                ]}
              />
            </Card>
            <Card title={t('fields')}>
              <FieldsTable fields={r.fields} />
            </Card>
          </>
        );
      }}
    </Loadable>
  );
}
