import type { OpennessClass, UpdateFrequency } from '@shuyun/core';

// The published catalog as DCAT-AP 3 JSON-LD: one dcat:Dataset per resource of the edition.

const ACCESS_RIGHTS: Record<OpennessClass, string> = {
  unconditional: 'http://publications.europa.eu/resource/authority/access-right/PUBLIC',
  conditional: 'http://publications.europa.eu/resource/authority/access-right/RESTRICTED',
  not_open: 'http://publications.europa.eu/resource/authority/access-right/NON_PUBLIC',
};

const FREQUENCY: Record<UpdateFrequency, string> = {
  realtime: 'http://publications.europa.eu/resource/authority/frequency/CONT',
  daily: 'http://publications.europa.eu/resource/authority/frequency/DAILY',
  weekly: 'http://publications.europa.eu/resource/authority/frequency/WEEKLY',
  monthly: 'http://publications.europa.eu/resource/authority/frequency/MONTHLY',
  quarterly: 'http://publications.europa.eu/resource/authority/frequency/QUARTERLY',
  yearly: 'http://publications.europa.eu/resource/authority/frequency/ANNUAL',
  irregular: 'http://publications.europa.eu/resource/authority/frequency/IRREG',
};

export interface PublishedResource {
  code: string;
  nameZh: string;
  nameEn: string | null;
  descriptionZh: string;
  descriptionEn: string | null;
  category: string[];
  openness: OpennessClass;
  updateFrequency: UpdateFrequency;
  publishDate: string | null;
  relatedCodes: string[];
  publisher: { id: string; nameZh: string; nameEn: string | null };
}

const text = (zh: string, en: string | null) => [{ '@value': zh, '@language': 'zh-CN' }, ...(en ? [{ '@value': en, '@language': 'en' }] : [])];

export function toDcatCatalog(baseUrl: string, edition: { number: number; publishedAt: string }, resources: PublishedResource[]) {
  const datasetId = (code: string) => `${baseUrl}/catalog/resources/${encodeURIComponent(code)}`;
  return {
    '@context': {
      dcat: 'http://www.w3.org/ns/dcat#',
      dct: 'http://purl.org/dc/terms/',
      foaf: 'http://xmlns.com/foaf/0.1/',
      owl: 'http://www.w3.org/2002/07/owl#',
      xsd: 'http://www.w3.org/2001/XMLSchema#',
    },
    '@id': `${baseUrl}/catalog.jsonld`,
    '@type': 'dcat:Catalog',
    'dct:title': text('福田區公共數據授權運營目錄', 'Futian District Public Data Authorized Operation Catalog'),
    'dct:issued': { '@value': edition.publishedAt, '@type': 'xsd:dateTime' },
    'owl:versionInfo': String(edition.number),
    'dcat:dataset': resources.map((r) => ({
      '@id': datasetId(r.code),
      '@type': 'dcat:Dataset',
      'dct:identifier': r.code,
      'dct:title': text(r.nameZh, r.nameEn),
      'dct:description': text(r.descriptionZh || r.nameZh, r.descriptionEn),
      'dct:publisher': { '@id': `urn:shuyun:organization:${r.publisher.id}`, '@type': 'foaf:Organization', 'foaf:name': text(r.publisher.nameZh, r.publisher.nameEn) },
      'dcat:theme': r.category.map((c) => ({ '@value': c, '@language': 'zh-CN' })),
      'dct:accessRights': { '@id': ACCESS_RIGHTS[r.openness] },
      'dct:accrualPeriodicity': { '@id': FREQUENCY[r.updateFrequency] },
      ...(r.publishDate ? { 'dct:issued': { '@value': r.publishDate, '@type': 'xsd:date' } } : {}),
      'dct:relation': r.relatedCodes.map((c) => ({ '@id': datasetId(c) })),
      'dcat:landingPage': { '@id': datasetId(r.code) },
    })),
  };
}
