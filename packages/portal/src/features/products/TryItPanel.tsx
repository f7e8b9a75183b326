import { Alert, AutoComplete, Button, Card, Flex, Form, Input, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { api, ApiError } from '../../api.ts';
import { formatDateTime } from '../../i18n.ts';
import { useSession, useT } from '../../shared/context.ts';
import { ResultTable } from '../../shared/ResultTable.tsx';
import { ProblemAlert } from '../../shared/ui.tsx';
import { useAsync } from '../../shared/useAsync.ts';
import { keyLabel, keyOf, loadMyProductKeys } from './keys.ts';
import { KeyPrefix, QuotaBar } from './KeysPanel.tsx';
import type { MyProductKey, Product, ProductAnswer } from './types.ts';

interface Attempt {
  n: number;
  at: string;
  scenario: string;
  lookup: string;
  status: number;
  code: string | null;
}

/**
 * Calls the product API as a consumer's program would: GET /api/v1/product-api/:id?scenario=…&key=<lookup> with the
 * key in X-Product-Key. Shows the row, or the problem+json refusal (another scenario, quota used up, an unknown key).
 */
export function TryItPanel({ product }: { product: Product }) {
  const s = useSession();
  const t = useT();
  const [key, setKey] = useState('');
  const [scenario, setScenario] = useState(product.scenarios[0] ?? '');
  const [lookup, setLookup] = useState('');
  const [pending, setPending] = useState(false);
  const [answer, setAnswer] = useState<ProductAnswer | null>(null);
  const [refusal, setRefusal] = useState<ApiError | null>(null);
  const [attempts, setAttempts] = useState<Attempt[]>([]);
  // the caller's own keys for this product (by prefix): which key was pasted, its scenario, today's calls against the quota
  const mine = useAsync<MyProductKey[]>(async () => (await loadMyProductKeys(s.lang)).filter((k) => k.productId === product.id && !k.revokedAt), [product.id, s.lang]);
  const known = mine.data ?? [];
  const pasted = keyOf(known, key);
  const path = `/product-api/${product.id}?scenario=${encodeURIComponent(scenario)}&key=${encodeURIComponent(lookup)}`;

  const call = async () => {
    setPending(true);
    setAnswer(null);
    setRefusal(null);
    const attempt = { n: (attempts[0]?.n ?? 0) + 1, at: new Date().toISOString(), scenario, lookup };
    try {
      const a = await api<ProductAnswer>(path, s.lang, { headers: { 'x-product-key': key.trim() } });
      setAnswer(a);
      setAttempts((xs) => [{ ...attempt, status: 200, code: null }, ...xs].slice(0, 10));
    } catch (err) {
      const e = err instanceof ApiError ? err : new ApiError({ status: 0, code: 'CLIENT', title: String(err) });
      setRefusal(e);
      setAttempts((xs) => [{ ...attempt, status: e.problem.status, code: e.problem.code }, ...xs].slice(0, 10));
    } finally {
      setPending(false);
      if (known.length > 0) mine.reload(); // the call counts at once: today's usage against the quota
    }
  };

  return (
    <Card title={t('prTryIt')} size="small" data-testid="try-it">
      <Typography.Paragraph type="secondary">{t('prTryIntro')}</Typography.Paragraph>
      <Form layout="vertical" onFinish={() => void call()}>
        {known.length > 0 && (
          <Flex gap={8} align="center" wrap style={{ marginBottom: 12 }} data-testid="try-my-keys">
            <Typography.Text type="secondary">{t('prYourKeys')}:</Typography.Text>
            {known.map((k) => (
              <Flex key={k.id} gap={4} align="center">
                <KeyPrefix k={k} />
                <Tag color="blue">{k.scenario}</Tag>
                <Typography.Text type="secondary">
                  {k.callsToday}/{k.quotaPerDay}
                </Typography.Text>
              </Flex>
            ))}
          </Flex>
        )}
        <Form.Item
          label={t('prKey')}
          required
          extra={
            pasted ? (
              <Flex gap={12} align="center" wrap data-testid="try-key-match" style={{ marginTop: 4 }}>
                <span>{t('prKeyMatched', { key: keyLabel(pasted), scenario: pasted.scenario })}</span>
                <div style={{ width: 160 }}>
                  <QuotaBar k={pasted} />
                </div>
              </Flex>
            ) : known.length > 0 && key.trim().length >= 10 ? (
              <Typography.Text type="warning">{t('prKeyUnknown')}</Typography.Text>
            ) : undefined
          }
        >
          <Input value={key} onChange={(e) => setKey(e.target.value)} placeholder={t('prKeyPlaceholder')} autoComplete="off" spellCheck={false} style={{ fontFamily: 'monospace' }} data-testid="try-key" />
        </Form.Item>
        {pasted && scenario !== pasted.scenario && (
          <Alert
            type="warning"
            showIcon
            style={{ marginBottom: 12 }}
            title={t('prKeyScenarioDiffers', { scenario: pasted.scenario })}
            action={
              <Button size="small" onClick={() => setScenario(pasted.scenario)} data-testid="try-use-key-scenario">
                {t('prUseKeyScenario')}
              </Button>
            }
          />
        )}
        <Flex gap={16} wrap>
          <Form.Item label={t('scenario')} required style={{ flex: '1 1 260px' }}>
            <div data-testid="try-scenario">
              <AutoComplete value={scenario} onChange={(v: string) => setScenario(v)} options={product.scenarios.map((x) => ({ value: x }))} style={{ width: '100%' }} />
            </div>
          </Form.Item>
          <Form.Item label={`${t('prLookup')}${product.source ? ` (${product.source.lookupColumn})` : ''}`} required style={{ flex: '1 1 260px' }}>
            <Input value={lookup} onChange={(e) => setLookup(e.target.value)} spellCheck={false} data-testid="try-lookup" />
          </Form.Item>
        </Flex>
        <Flex gap={12} align="center" wrap style={{ marginBottom: 16 }}>
          <Button type="primary" htmlType="submit" loading={pending} disabled={!key.trim() || !scenario || !lookup} data-testid="try-call">
            {t('prCall')}
          </Button>
          <Typography.Text code style={{ fontSize: 12, wordBreak: 'break-all' }}>
            GET /api/v1{path}
          </Typography.Text>
        </Flex>
      </Form>
      {answer && (
        <div data-testid="try-result" style={{ marginBottom: 16 }}>
          <Typography.Title level={5}>
            {t('prAnswer')} <Tag color="green">HTTP 200</Tag>
          </Typography.Title>
          <ResultTable columns={answer.columns.map((name) => ({ name, type: '' }))} rows={[answer.row as (string | number | boolean | null)[]]} />
          <pre style={{ background: '#f6f6f6', padding: 8, margin: '8px 0 0', whiteSpace: 'pre-wrap', wordBreak: 'break-all', fontSize: 12 }}>{JSON.stringify(answer)}</pre>
        </div>
      )}
      {refusal && (
        <div data-testid="try-refusal">
          <Typography.Title level={5}>{t('prRefusal')}</Typography.Title>
          <ProblemAlert error={refusal} />
        </div>
      )}
      {attempts.length > 0 && (
        <Table<Attempt>
          data-testid="try-history"
          rowKey="n"
          size="small"
          pagination={false}
          dataSource={attempts}
          columns={[
            { title: '#', dataIndex: 'n', width: 50 },
            { title: t('createdAt'), render: (_, a) => formatDateTime(s.lang, a.at) },
            { title: t('scenario'), dataIndex: 'scenario' },
            { title: t('prLookup'), render: (_, a) => <Typography.Text code>{a.lookup}</Typography.Text> },
            { title: t('outcome'), render: (_, a) => <Tag color={a.status === 200 ? 'green' : 'red'}>{a.status === 200 ? 'HTTP 200' : `HTTP ${a.status} · ${a.code}`}</Tag> },
          ]}
        />
      )}
    </Card>
  );
}
