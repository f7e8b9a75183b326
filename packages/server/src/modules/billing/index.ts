export { billingRoutes } from './routes.ts';
export { recordUsage, type Usage } from './use-cases/record-usage.ts';
