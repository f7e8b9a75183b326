import { AutoComplete, Descriptions, Flex, Form, type FormRule, Input, Modal, Select, Space, Tag, Typography, message } from 'antd';
import { api, type Resource } from '../../api.ts';
import { label } from '../../i18n.ts';
import { useSession, useT } from '../../shared/context.ts';
import { ProblemAlert } from '../../shared/ui.tsx';
import { useAction } from '../../shared/useAsync.ts';
import { UPDATE_FREQUENCIES, type UpdateFrequency } from './types.ts';

interface EditValues {
  nameZh: string;
  nameEn: string;
  descriptionZh: string;
  descriptionEn: string;
  category: [string?, string?, string?];
  updateFrequency: UpdateFrequency;
  format: string;
  publishDate: string;
  descriptions: Record<string, string>;
}

const FORMATS = ['table', 'csv', 'json', 'parquet'];
const LEVELS = ['regCategory1', 'regCategory2', 'regCategory3'] as const;

/**
 * The department corrects a registered resource's descriptive metadata (PATCH /resources/:id). What only a catalog
 * review or the classification may change (code, openness, subject, field names, types and grades) is shown, not
 * editable. Only what differs from the resource is sent. Rendered while open, so that it starts from the resource as read.
 */
export function EditResourceForm({ resource, onClose, onSaved }: { resource: Resource; onClose(): void; onSaved(): void }) {
  const s = useSession();
  const t = useT();
  const [form] = Form.useForm<EditValues>();
  const action = useAction();
  const initial: EditValues = {
    nameZh: resource.nameZh,
    nameEn: resource.nameEn ?? '',
    descriptionZh: resource.descriptionZh,
    descriptionEn: resource.descriptionEn ?? '',
    category: [resource.category[0], resource.category[1], resource.category[2]],
    updateFrequency: resource.updateFrequency as UpdateFrequency,
    format: resource.format,
    publishDate: resource.publishDate ?? '',
    descriptions: Object.fromEntries(resource.fields.map((f) => [f.name, f.description ?? ''])),
  };

  const save = (v: EditValues) =>
    action.run(async () => {
      const change = changesOf(resource, v);
      if (Object.keys(change).length > 0) {
        await api<Resource>(`/resources/${resource.id}`, s.lang, { method: 'PATCH', body: JSON.stringify(change) });
        void message.success(t('editSaved'));
        onSaved();
      }
      onClose();
    });
  const required: FormRule = { required: true, whitespace: true, message: t('required') };

  return (
    <Modal
      open
      width={880}
      title={`${t('editResource')} · ${resource.code}`}
      okText={t('save')}
      cancelText={t('cancel')}
      okButtonProps={{ loading: action.pending, id: 'edit-save' }}
      onOk={() => form.submit()}
      onCancel={onClose}
    >
      <Typography.Paragraph type="secondary">{t('editIntro')}</Typography.Paragraph>
      <Descriptions
        size="small"
        column={3}
        style={{ marginBottom: 12 }}
        items={[
          { key: 'code', label: t('code'), children: <code>{resource.code}</code> },
          { key: 'open', label: t('openness'), children: <Tag>{label(s.lang, 'open_', resource.openness)}</Tag> },
          { key: 'subject', label: t('subjectKey'), children: resource.subjectKey ? <code>{resource.subjectKey}</code> : '—' },
        ]}
      />
      <Form<EditValues> form={form} layout="vertical" initialValues={initial} onFinish={(v) => void save(v)} data-testid="edit-form">
        <Flex gap={12} wrap>
          <Form.Item name="nameZh" label={t('regNameZh')} rules={[required, { min: 2, message: t('regNameTooShort') }]} style={{ flex: '1 1 300px' }}>
            <Input data-testid="edit-name-zh" maxLength={200} />
          </Form.Item>
          <Form.Item name="nameEn" label={t('regNameEn')} style={{ flex: '1 1 300px' }}>
            <Input data-testid="edit-name-en" maxLength={200} />
          </Form.Item>
        </Flex>
        <Flex gap={12} wrap>
          <Form.Item name="descriptionZh" label={t('regDescriptionZh')} style={{ flex: '1 1 300px' }}>
            <Input.TextArea rows={2} maxLength={4000} />
          </Form.Item>
          <Form.Item name="descriptionEn" label={t('regDescriptionEn')} style={{ flex: '1 1 300px' }}>
            <Input.TextArea rows={2} maxLength={4000} />
          </Form.Item>
        </Flex>
        <Form.Item label={t('regCategory')} required>
          <Flex gap={8} wrap>
            {([0, 1, 2] as const).map((i) => (
              <Space.Compact key={i} style={{ flex: '1 1 200px' }}>
                <Space.Addon>{t(LEVELS[i])}</Space.Addon>
                <Form.Item noStyle name={['category', i]} {...(i === 0 ? { rules: [required] } : {})}>
                  <Input maxLength={60} />
                </Form.Item>
              </Space.Compact>
            ))}
          </Flex>
        </Form.Item>
        <Flex gap={12} wrap>
          <Form.Item name="updateFrequency" label={t('updateFrequency')} style={{ flex: '0 1 180px' }}>
            <Select options={UPDATE_FREQUENCIES.map((f) => ({ value: f, label: label(s.lang, 'freq_', f) }))} />
          </Form.Item>
          <Form.Item name="format" label={t('regFormat')} rules={[required]} style={{ flex: '0 1 180px' }}>
            <AutoComplete options={FORMATS.map((f) => ({ value: f }))} />
          </Form.Item>
          <Form.Item name="publishDate" label={t('regPublishDate')} style={{ flex: '0 1 180px' }}>
            <Input type="date" />
          </Form.Item>
        </Flex>
        <Typography.Text strong>{t('editFieldDescriptions')}</Typography.Text>
        {resource.fields.map((f) => (
          <Form.Item key={f.name} name={['descriptions', f.name]} label={<code>{f.name}</code>} style={{ marginBottom: 8, marginTop: 8 }}>
            <Input maxLength={500} data-testid={`edit-field-description-${f.name}`} />
          </Form.Item>
        ))}
      </Form>
      <ProblemAlert error={action.error} />
    </Modal>
  );
}

/** The body of PATCH /resources/:id: only the properties the form changed (an emptied optional one becomes null). */
function changesOf(r: Resource, v: EditValues): Record<string, unknown> {
  const change: Record<string, unknown> = {};
  const text = (key: 'nameZh' | 'descriptionZh' | 'format', value: string) => {
    if (value.trim() !== r[key]) change[key] = value.trim();
  };
  const optional = (key: 'nameEn' | 'descriptionEn' | 'publishDate', value: string) => {
    const next = value.trim() || null;
    if (next !== r[key]) change[key] = next;
  };
  text('nameZh', v.nameZh ?? '');
  optional('nameEn', v.nameEn ?? '');
  text('descriptionZh', v.descriptionZh ?? '');
  optional('descriptionEn', v.descriptionEn ?? '');
  const levels = [0, 1, 2].map((i) => (v.category?.[i] ?? '').trim());
  const gap = levels.indexOf('');
  const category = gap < 0 ? levels : levels.slice(0, gap);
  if (JSON.stringify(category) !== JSON.stringify(r.category)) change.category = category;
  if (v.updateFrequency !== r.updateFrequency) change.updateFrequency = v.updateFrequency;
  text('format', v.format ?? '');
  optional('publishDate', v.publishDate ?? '');
  const fields = Object.fromEntries(
    r.fields.flatMap((f) => {
      const next = (v.descriptions?.[f.name] ?? '').trim();
      return next === (f.description ?? '') ? [] : [[f.name, { description: next }]];
    }),
  );
  if (Object.keys(fields).length > 0) change.fields = fields;
  return change;
}
