import { Alert, Card, Descriptions, Tag, Typography } from 'antd';
import { useT } from '../../shared/context.ts';
import type { Product } from './types.ts';

/**
 * A model's inspection record as filed (模型查驗記錄): its training data, its output surface, whether it can reproduce
 * raw rows, and who inspected it. The authority reads it before deciding; once published it is in the listing package.
 */
export function ModelInspectionCard({ product, reviewing = false }: { product: Pick<Product, 'kind' | 'modelInspection'>; reviewing?: boolean }) {
  const t = useT();
  if (product.kind !== 'model') return null;
  const m = product.modelInspection;
  return (
    <Card size="small" title={t('prModelInspection')} style={{ marginBottom: 16 }} data-testid="model-inspection">
      {!m ? (
        <Alert type="error" showIcon title={t('prNoInspection')} />
      ) : (
        <>
          <Descriptions
            size="small"
            column={1}
            items={[
              { key: 'training', label: t('prTrainingData'), children: <Typography.Text style={{ whiteSpace: 'pre-wrap' }} data-testid="model-training-data">{m.trainingData}</Typography.Text> },
              { key: 'output', label: t('prOutputSurface'), children: <Typography.Text style={{ whiteSpace: 'pre-wrap' }} data-testid="model-output-surface">{m.outputSurface}</Typography.Text> },
              {
                key: 'raw',
                label: t('prRawRows'),
                children: (
                  <span data-testid="model-raw-rows">
                    {m.rawRowsReproducible ? <Tag color="red">{t('prRawRowsYes')}</Tag> : <Tag color="green">{t('prRawRowsNo')}</Tag>}
                  </span>
                ),
              },
              { key: 'by', label: t('prInspectedBy'), children: m.inspectedBy },
            ]}
          />
          {reviewing && m.rawRowsReproducible && <Alert type="error" showIcon title={t('prRawRowsBlocks')} style={{ marginTop: 12 }} />}
        </>
      )}
    </Card>
  );
}
