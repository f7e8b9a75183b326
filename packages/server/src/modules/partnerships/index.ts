export { partnershipRoutes } from './routes.ts';
export { currentAdmissionOf } from './use-cases/current-admission.ts';
