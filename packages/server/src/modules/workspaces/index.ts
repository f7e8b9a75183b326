export { workspaceRoutes } from './routes.ts';
export { workspaceSessions } from './sessions.ts';
export { grantDatasets, sessionKey, type GrantDataset } from './use-cases/grant-datasets.ts';
export { maskedTwin } from './use-cases/twins.ts';
