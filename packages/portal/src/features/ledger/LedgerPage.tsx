import { Empty, Typography } from 'antd';
import { useSession, useT } from '../../shared/context.ts';
import { Loadable, PageTitle } from '../../shared/ui.tsx';
import { useAsync } from '../../shared/useAsync.ts';
import { CheckpointCard } from './CheckpointCard.tsx';
import { useHashQuery } from './common.tsx';
import { EntriesCard } from './EntriesCard.tsx';
import { EntryDetail } from './EntryDetail.tsx';
import { LineageView } from './LineageView.tsx';
import { findHead, loadCheckpoint, loadLogKeys } from './load.ts';

/**
 * The ledger explorer: `#/ledger` the latest checkpoint and the entries (`?before=N` for older ones),
 * `#/ledger/<seq>` one entry with its inclusion proof verified in the browser, `#/ledger/lineage?type=…&id=…`
 * the lineage graph of an object.
 */
export function LedgerPage({ id }: { id?: string | undefined }) {
  const t = useT();
  const query = useHashQuery();
  if (id === undefined) return <LedgerOverview before={query.get('before')} />;
  if (id === 'lineage') {
    const type = query.get('type');
    const objectId = query.get('id');
    return type && objectId ? <LineageView key={`${type}:${objectId}`} type={type} id={objectId} /> : <Empty description={t('lgInvalidTarget')} />;
  }
  if (/^\d+$/.test(id)) return <EntryDetail seq={Number(id)} />;
  return <Empty description={t('notFound')} />;
}

function LedgerOverview({ before }: { before: string | null }) {
  const s = useSession();
  const t = useT();
  const data = useAsync(async () => {
    const [checkpoint, keys] = await Promise.all([loadCheckpoint(s.lang), loadLogKeys(s.lang)]);
    return { checkpoint, keys, head: await findHead(s.lang, checkpoint?.treeSize ?? 0) };
  }, [s.lang]);
  return (
    <>
      <PageTitle>{t('navLedger')}</PageTitle>
      <Typography.Paragraph type="secondary">{t('lgIntro')}</Typography.Paragraph>
      <Loadable state={data}>
        {({ checkpoint, keys, head }) => {
          const requested = before !== null && /^\d+$/.test(before) ? Number(before) : head;
          const end = Math.min(head, Math.max(1, requested));
          return (
            <>
              <CheckpointCard checkpoint={checkpoint} keys={keys} onSigned={data.reload} />
              <EntriesCard key={head} head={head} end={end} checkpointSize={checkpoint?.treeSize ?? 0} />
            </>
          );
        }}
      </Loadable>
    </>
  );
}
