export { jobRoutes } from './routes.ts';
export { resultTableOf } from './use-cases/result-tables.ts';
