import { Empty, Table, Tag } from 'antd';
import { formatDate, label, type Lang } from '../../i18n.ts';
import { orgName, useSession, useT } from '../../shared/context.ts';
import { href } from '../../shared/router.ts';
import { StateTag } from '../../shared/ui.tsx';
import type { Product } from './types.ts';

export function productName(lang: Lang, p: Pick<Product, 'nameZh' | 'nameEn'>): string {
  return lang === 'en' ? (p.nameEn ?? p.nameZh) : p.nameZh;
}

/** The price as filed: free for public interest, otherwise the amount per unit. */
export function priceText(lang: Lang, t: (k: 'free' | 'prPriceFmt', v?: Record<string, string>) => string, p: Pick<Product, 'usage' | 'pricing'>): string {
  if (p.usage === 'public_interest' || Number(p.pricing.price) === 0) return t('free');
  return t('prPriceFmt', { price: p.pricing.price, per: label(lang, 'prper_', p.pricing.per) });
}

/** Products as a table: name (to the detail page), kind, provider, scenarios, use, price, state, filed. */
export function ProductTable({ items, empty, testId, showProvider = true, showState = true }: { items: Product[]; empty: string; testId: string; showProvider?: boolean; showState?: boolean }) {
  const s = useSession();
  const t = useT();
  if (items.length === 0) return <Empty description={empty} data-testid={`${testId}-empty`} />;
  return (
    <Table<Product>
      data-testid={testId}
      rowKey="id"
      size="middle"
      dataSource={items}
      pagination={{ pageSize: 10, hideOnSinglePage: true }}
      scroll={{ x: 'max-content' }}
      columns={[
        {
          title: t('name'),
          render: (_, p) => (
            <a href={href(`/products/${p.id}`)} data-testid={`open-product-${p.id}`}>
              {productName(s.lang, p)}
            </a>
          ),
        },
        { title: t('prKind'), width: 110, render: (_, p) => <Tag>{label(s.lang, 'prk_', p.kind)}</Tag> },
        ...(showProvider ? [{ title: t('prProvider'), render: (_: unknown, p: Product) => orgName(s, p.orgId) }] : []),
        { title: t('prScenarios'), render: (_, p) => p.scenarios.map((x) => <Tag key={x}>{x}</Tag>) },
        { title: t('prUsage'), render: (_, p) => <Tag color={p.usage === 'public_interest' ? 'green' : 'gold'}>{label(s.lang, 'kind_', p.usage)}</Tag> },
        { title: t('prPriceCol'), render: (_, p) => priceText(s.lang, t, p) },
        ...(showState ? [{ title: t('state'), width: 100, render: (_: unknown, p: Product) => <StateTag prefix="prs_" value={p.state} /> }] : []),
        { title: t('prSubmittedAt'), width: 110, render: (_, p) => formatDate(s.lang, p.submittedAt) },
      ]}
    />
  );
}
