export * from './errors/catalogue.ts';
export * from './identity/organizations.ts';
export * from './time/clock.ts';
export * from './identifiers/uscc.ts';
export * from './catalog/classification.ts';
export * from './catalog/catalog-entry-machine.ts';
