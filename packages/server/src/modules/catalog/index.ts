export { catalogPublicRoutes, catalogRoutes } from './routes.ts';
export { registerResource, type RegisterResourceInput } from './use-cases/register-resource.ts';
export { ingestVersion } from './use-cases/ingest-version.ts';
export { draftEntry, submitEntry } from './use-cases/propose-entry.ts';
export { decideEntry } from './use-cases/decide-entry.ts';
export { publishEdition } from './use-cases/publish-edition.ts';
export { findResourceByCode } from './use-cases/read-resources.ts';
export { catalogResources, type CatalogResource } from './use-cases/catalog-resources.ts';
export { engineDatasets, type EngineDataset } from './use-cases/engine-datasets.ts';
