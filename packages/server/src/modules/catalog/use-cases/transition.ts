import { type CatalogEntryEvent, type CatalogEntryState, DomainError, nextCatalogEntryState, type OpennessClass } from '@shuyun/core';

/** Applies the catalog entry state machine; an illegal step is a 409 with a stable code. */
export function nextState(from: CatalogEntryState, event: CatalogEntryEvent, openness: OpennessClass): CatalogEntryState {
  const result = nextCatalogEntryState(from, event, openness);
  if (result.ok) return result.to;
  throw new DomainError(result.reason === 'not_open' ? 'RESOURCE_NOT_OPEN' : 'STATE_CONFLICT');
}
