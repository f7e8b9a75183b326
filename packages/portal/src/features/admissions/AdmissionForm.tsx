import { Button, Card, Form, Input, Select, Typography, message } from 'antd';
import { type Admission, post, type Qualifications } from '../../api.ts';
import { orgName, useSession, useT } from '../../shared/context.ts';
import { ProblemAlert } from '../../shared/ui.tsx';
import { useAction } from '../../shared/useAsync.ts';

interface Values extends Omit<Qualifications, 'certifications'> {
  operatorOrgId: string;
  certifications?: string;
}

export function AdmissionForm({ onDone }: { onDone(): void }) {
  const s = useSession();
  const t = useT();
  const [form] = Form.useForm<Values>();
  const action = useAction();
  const operators = [...s.orgs.values()].filter((o) => o.type === 'operator' && o.status === 'active');
  const onFinish = (v: Values) =>
    action.run(async () => {
      const certifications = (v.certifications ?? '').split(/[,，]/).map((c) => c.trim()).filter(Boolean);
      await post<Admission>('/admissions', s.lang, {
        operatorOrgId: v.operatorOrgId,
        qualifications: { businessScope: v.businessScope, dataSecurityMeasures: v.dataSecurityMeasures, contactName: v.contactName, contactPhone: v.contactPhone, certifications },
      });
      void message.success(t('admissionSubmitted'));
      form.resetFields();
      onDone();
    });
  return (
    <Card title={t('applyAdmission')} style={{ marginBottom: 16 }}>
      <Typography.Paragraph type="secondary">{t('admissionIntro')}</Typography.Paragraph>
      <ProblemAlert error={action.error} />
      <Form form={form} layout="vertical" onFinish={(v) => void onFinish(v)} style={{ maxWidth: 720 }}>
        <Form.Item name="operatorOrgId" label={t('operator')} rules={[{ required: true, message: t('required') }]}>
          <Select options={operators.map((o) => ({ value: o.id, label: orgName(s, o.id) }))} />
        </Form.Item>
        <Form.Item name="businessScope" label={t('businessScope')} rules={[{ required: true, message: t('required') }]}>
          <Input.TextArea rows={2} />
        </Form.Item>
        <Form.Item name="dataSecurityMeasures" label={t('dataSecurityMeasures')} rules={[{ required: true, message: t('required') }]}>
          <Input.TextArea rows={2} />
        </Form.Item>
        <Form.Item name="certifications" label={t('certifications')}>
          <Input />
        </Form.Item>
        <Form.Item name="contactName" label={t('contactName')} rules={[{ required: true, message: t('required') }]}>
          <Input />
        </Form.Item>
        <Form.Item name="contactPhone" label={t('contactPhone')} rules={[{ required: true, message: t('required') }]}>
          <Input />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={action.pending}>
          {t('applyAdmission')}
        </Button>
      </Form>
    </Card>
  );
}
