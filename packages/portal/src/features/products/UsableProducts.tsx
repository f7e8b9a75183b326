import { Button, Flex, Table, Tag, Typography } from 'antd';
import { label } from '../../i18n.ts';
import { orgName, useSession, useT } from '../../shared/context.ts';
import { href } from '../../shared/router.ts';
import { Loadable } from '../../shared/ui.tsx';
import { useAsync } from '../../shared/useAsync.ts';
import { loadMyProductKeys } from './keys.ts';
import { KeyPrefix, QuotaBar } from './KeysPanel.tsx';
import { priceText, productName } from './ProductTable.tsx';
import { type KeyProduct, type MyProductKey, SERVED_KINDS } from './types.ts';

interface Usable {
  product: KeyProduct;
  /** the consumer's keys (not revoked) for the product, newest first */
  keys: MyProductKey[];
}

/** The consumer's keys that can be used now (not revoked, product published), one row per product. */
function usableOf(keys: readonly MyProductKey[]): Usable[] {
  const byProduct = new Map<string, Usable>();
  for (const k of keys) {
    if (k.revokedAt || !k.product || k.product.state !== 'approved') continue;
    const row = byProduct.get(k.product.id) ?? { product: k.product, keys: [] };
    row.keys.push(k);
    byProduct.set(k.product.id, row);
  }
  return [...byProduct.values()];
}

/** A consumer's products: the published ones a provider issued it a key for, each with its keys and today's usage. */
export function UsableProducts({ q }: { q: string }) {
  const s = useSession();
  const t = useT();
  const usable = useAsync(async () => usableOf(await loadMyProductKeys(s.lang)), [s.lang]);
  return (
    <>
      <Flex justify="space-between" align="start" gap={8}>
        <Typography.Paragraph type="secondary">{t('prUsableIntro')}</Typography.Paragraph>
        <Button size="small" onClick={usable.reload} loading={usable.loading} data-testid="usable-refresh">
          {t('refresh')}
        </Button>
      </Flex>
      <Loadable state={usable} empty={t('prNoUsable')} isEmpty={(u) => u.length === 0}>
        {(rows) => {
          const query = q.toLowerCase();
          const shown = rows.filter((r) => !q || `${r.product.nameZh} ${r.product.nameEn ?? ''} ${r.keys.map((k) => `${k.scenario} ${k.keyPrefix}`).join(' ')}`.toLowerCase().includes(query));
          return (
            <Table<Usable>
              data-testid="products-usable"
              rowKey={(r) => r.product.id}
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
                {
                  title: `${t('prKeyId')} · ${t('scenario')} · ${t('prCallsToday')}`,
                  render: (_, r) => (
                    <Flex vertical gap={6}>
                      {r.keys.map((k) => (
                        <Flex key={k.id} gap={8} align="center" wrap={false}>
                          <KeyPrefix k={k} />
                          <Tag color="blue">{k.scenario}</Tag>
                          <div style={{ width: 100 }}>
                            <QuotaBar k={k} />
                          </div>
                        </Flex>
                      ))}
                    </Flex>
                  ),
                },
                { title: t('prCallsTotal'), render: (_, r) => r.keys.reduce((sum, k) => sum + k.callsTotal, 0) },
                { title: t('prPriceCol'), render: (_, r) => priceText(s.lang, t, r.product) },
                {
                  title: t('actions'),
                  render: (_, r) =>
                    SERVED_KINDS.includes(r.product.kind) ? (
                      <Button size="small" href={href(`/products/${r.product.id}?tab=try`)} data-testid={`try-product-${r.product.id}`}>
                        {t('prTryIt')}
                      </Button>
                    ) : (
                      <Button size="small" href={href(`/products/${r.product.id}?tab=keys`)} data-testid={`usage-product-${r.product.id}`}>
                        {t('prKeys')}
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
