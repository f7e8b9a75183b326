export { applicationRoutes } from './routes.ts';
export { flagOverdueStages } from './use-cases/flag-overdue-stages.ts';
