export { supervisionRoutes } from './routes.ts';
export { recordSupervisionAction } from './use-cases/record-action.ts';
