import { Alert, Button, Card, Descriptions, Flex, Space, Tabs, Tag, Tooltip, Typography } from 'antd';
import { useState } from 'react';
import { get } from '../../api.ts';
import { formatDateTime, label } from '../../i18n.ts';
import { hasRole, orgName, useSession, useT } from '../../shared/context.ts';
import { href, routeQuery } from '../../shared/router.ts';
import { Loadable, Mono, PageTitle, StateTag } from '../../shared/ui.tsx';
import { useAsync } from '../../shared/useAsync.ts';
import { CostAccountPanel } from './CostAccountPanel.tsx';
import { KeysPanel } from './KeysPanel.tsx';
import { ModelInspectionCard } from './ModelInspection.tsx';
import { priceText, productName } from './ProductTable.tsx';
import { ChecklistResults, ReviewPanel } from './ReviewPanel.tsx';
import { TryItPanel } from './TryItPanel.tsx';
import { type Product, SERVED_KINDS } from './types.ts';

/** One product: its filing, the compliance review (and the authority's decision panel), keys and usage, try it, cost accounting. */
export function ProductDetail({ id }: { id: string }) {
  const s = useSession();
  const t = useT();
  const product = useAsync(() => get<Product>(`/products/${id}`, s.lang), [id, s.lang]);
  const [tab, setTab] = useState<string | null>(() => routeQuery().get('tab'));
  return (
    <Loadable state={product}>
      {(p) => {
        const type = s.me.organization.type;
        const provider = p.orgId === s.me.organization.id;
        const supervisor = type === 'authority' || type === 'regulator';
        const canReview = type === 'authority' && hasRole(s.me, 'admin', 'reviewer') && p.state === 'submitted';
        const canCost = (provider && hasRole(s.me, 'admin')) || (supervisor && hasRole(s.me, 'admin', 'reviewer', 'viewer'));
        const served = SERVED_KINDS.includes(p.kind);
        const items = [
          { key: 'filing', label: t('prFiling'), children: <Filing product={p} /> },
          {
            key: 'review',
            label: canReview ? <span data-testid="tab-review">{t('prReview')} <Tag color="blue">{t('prs_submitted')}</Tag></span> : <span data-testid="tab-review">{t('prReview')}</span>,
            children: (
              <>
                {canReview && (
                  <ReviewPanel
                    product={p}
                    onDone={() => {
                      setTab('review');
                      product.reload();
                    }}
                  />
                )}
                <ChecklistResults product={p} reviewing={canReview} />
              </>
            ),
          },
          ...(provider || supervisor || type === 'consumer' ? [{ key: 'keys', label: <span data-testid="tab-keys">{t('prKeys')}</span>, children: <KeysPanel product={p} /> }] : []),
          ...(served && p.state === 'approved' ? [{ key: 'try', label: <span data-testid="tab-try">{t('prTryIt')}</span>, children: <TryItPanel product={p} /> }] : []),
          ...(canCost && p.state === 'approved' ? [{ key: 'cost', label: <span data-testid="tab-cost">{t('prCost')}</span>, children: <CostAccountPanel product={p} /> }] : []),
        ];
        const active = items.some((i) => i.key === tab) ? tab! : canReview ? 'review' : 'filing';
        return (
          <>
            <PageTitle
              extra={
                <Flex gap={8} wrap>
                  {p.state === 'approved' ? (
                    <Tooltip title={t('prListingHelp')}>
                      <Space.Compact>
                        <Button href={`/api/v1/products/${p.id}/listing.json`} download={`listing-${p.id}.json`} data-testid="listing-download">
                          {t('prDownloadListing')}
                        </Button>
                        <Button href={`/api/v1/products/${p.id}/listing.pdf`} target="_blank" rel="noreferrer" data-testid="listing-pdf">
                          {t('prDownloadListingPdf')}
                        </Button>
                      </Space.Compact>
                    </Tooltip>
                  ) : null}
                  <Button href={href('/products')}>{t('back')}</Button>
                </Flex>
              }
            >
              <Space wrap>
                <span data-testid="product-name">{productName(s.lang, p)}</span>
                <Tag>{label(s.lang, 'prk_', p.kind)}</Tag>
                <span data-testid="product-state">
                  <StateTag prefix="prs_" value={p.state} />
                </span>
              </Space>
            </PageTitle>
            <Tabs activeKey={active} onChange={setTab} items={items} destroyOnHidden={false} />
          </>
        );
      }}
    </Loadable>
  );
}

function Filing({ product: p }: { product: Product }) {
  const s = useSession();
  const t = useT();
  return (
    <>
      <Card size="small" style={{ marginBottom: 16 }}>
        <Descriptions
          size="small"
          column={2}
          items={[
            { key: 'provider', label: t('prProvider'), children: orgName(s, p.orgId) },
            { key: 'kind', label: t('prKind'), children: label(s.lang, 'prk_', p.kind) },
            { key: 'nameZh', label: t('prNameZh'), children: p.nameZh },
            { key: 'nameEn', label: t('prNameEn'), children: p.nameEn ?? '—' },
            { key: 'description', label: t('prDescription'), span: 2, children: p.description },
            { key: 'scenarios', label: t('prScenarios'), span: 2, children: p.scenarios.map((x) => <Tag key={x} color="blue">{x}</Tag>) },
            { key: 'scope', label: t('prScope'), children: p.scope },
            { key: 'manner', label: t('prManner'), children: p.mannerOfUse },
            { key: 'usage', label: t('prUsage'), children: <Tag color={p.usage === 'public_interest' ? 'green' : 'gold'}>{label(s.lang, 'kind_', p.usage)}</Tag> },
            { key: 'price', label: t('prPriceCol'), children: priceText(s.lang, t, p) },
            { key: 'basis', label: t('prPricingBasis'), span: 2, children: p.pricing.basis },
            { key: 'grant', label: t('prGrant'), children: <a href={href(`/grants/${p.grantId}`)}>{p.grantId.slice(0, 8)}</a> },
            { key: 'submitted', label: t('prSubmittedAt'), children: formatDateTime(s.lang, p.submittedAt) },
          ]}
        />
      </Card>
      {p.source && (
        <Card size="small" title={t('prSource')} style={{ marginBottom: 16 }}>
          <Descriptions
            size="small"
            column={1}
            items={[
              { key: 'table', label: t('prResultTable'), children: <Mono>{p.source.resultTableId}</Mono> },
              { key: 'lookup', label: t('prLookupColumn'), children: <Typography.Text code>{p.source.lookupColumn}</Typography.Text> },
              { key: 'outputs', label: t('prOutputColumns'), children: p.source.outputColumns.map((c) => <Tag key={c}>{c}</Tag>) },
              { key: 'endpoint', label: 'API', children: <Typography.Text code>{`GET /api/v1/product-api/${p.id}?scenario=…&key=<${p.source.lookupColumn}>  ·  X-Product-Key: spk_…`}</Typography.Text> },
            ]}
          />
        </Card>
      )}
      <ModelInspectionCard product={p} />
      {!SERVED_KINDS.includes(p.kind) && <Alert type="info" showIcon title={t('prNotServed')} style={{ marginBottom: 16 }} />}
      {p.state !== 'approved' && <Typography.Text type="secondary">{t('prListingAfterApproval')}</Typography.Text>}
    </>
  );
}
