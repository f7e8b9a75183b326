/** The kinds of personal or identifying data the detectors recognise (issue 4, PII detection). */
export type PiiType =
  | 'resident_id'
  | 'mobile'
  | 'uscc'
  | 'bank_card'
  | 'person_name'
  | 'address'
  | 'email'
  | 'landline'
  | 'vehicle_plate';

export const PII_TYPES: readonly PiiType[] = [
  'resident_id',
  'mobile',
  'uscc',
  'bank_card',
  'person_name',
  'address',
  'email',
  'landline',
  'vehicle_plate',
];
