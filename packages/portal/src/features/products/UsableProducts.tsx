import { Button, Flex, Table, Tag, Typography } from 'antd';
import { label } from '../../i18n.ts';
import { orgName, useSession, useT } from '../../shared/context.ts';
import { href } from '../../shared/router.ts';
import { Loadable } from '../../shared/ui.tsx';
import { useAsync } from '../../shared/useAsync.ts';
import { loadProductKeys } from './keys.ts';
import { QuotaBar } from './KeysPanel.tsx';
import { priceText, productName } from './ProductTable.tsx';
import type { KeyRecord, Product } from './types.ts';

interface Usable {
  product: Product;
  key: KeyRecord;
}

/** A consumer's products: the published ones a provider issued it a key for, one row per key, with today's usage. */
export function UsableProducts({ catalog, q }: { catalog: Product[]; q: string }) {
  const s = useSession();
  const t = useT();
  const ids = catalog.map((p) => p.id).join(',');
  const usable = useAsync(async () => {
    const all = await Promise.all(catalog.map(async (product) => (await loadProductKeys(s.lang, product)).map((key): Usable => ({ product, key }))));
    return all.flat();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [ids, s.lang]);
  return (
    <>
      <Flex justify="space-between" align="start" gap={8}>
        <Typography.Paragraph type="secondary">{t('prUsableIntro')}</Typography.Paragraph>
        <Button size="small" onClick={usable.reload}>
          {t('refresh')}
        </Button>
      </Flex>
      <Loadable state={usable} empty={t('prNoUsable')} isEmpty={(u) => u.length === 0}>
        {(rows) => {
          const shown = rows.filter((r) => !q || `${r.product.nameZh} ${r.product.nameEn ?? ''} ${r.key.scenario}`.toLowerCase().includes(q.toLowerCase()));
          return (
            <Table<Usable>
              data-testid="products-usable"
              rowKey={(r) => r.key.id}
              size="middle"
              dataSource={shown}
              pagination={{ pageSize: 10, hideOnSinglePage: true }}
              scroll={{ x: 'max-content' }}
              columns={[
                {
                  title: t('name'),
                  render: (_, r) => (
                    <a href={href(`/products/${r.product.id}`)} data-testid={`open-product-${r.product.id}`}>
                      {productName(s.lang, r.product)}
                    </a>
                  ),
                },
                { title: t('prKind'), render: (_, r) => <Tag>{label(s.lang, 'prk_', r.product.kind)}</Tag> },
                { title: t('prProvider'), render: (_, r) => orgName(s, r.product.orgId) },
                { title: t('prKeyId'), render: (_, r) => <Typography.Text code>{r.key.id.slice(0, 8)}</Typography.Text> },
                { title: t('scenario'), render: (_, r) => <Tag color="blue">{r.key.scenario}</Tag> },
                { title: t('prPriceCol'), render: (_, r) => priceText(s.lang, t, r.product) },
                { title: t('prCallsToday'), width: 160, render: (_, r) => <QuotaBar k={r.key} /> },
                {
                  title: t('actions'),
                  render: (_, r) => (
                    <Button size="small" href={href(`/products/${r.product.id}?tab=try`)} data-testid={`try-product-${r.product.id}`}>
                      {t('prTryIt')}
                    </Button>
                  ),
                },
              ]}
            />
          );
        }}
      </Loadable>
    </>
  );
}
