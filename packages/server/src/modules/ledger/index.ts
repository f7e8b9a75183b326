export { appendToLedger, type AppendInput, type LedgerActorRef } from './append.ts';
export { type LedgerAction, ledgerActions } from './ledger-actions.ts';
export { ledgerRoutes, ledgerWellKnownRoute } from './routes.ts';
export { LedgerSequencer, type CheckpointPolicy } from './sequencer.ts';
export { loadLedgerSigners, type LedgerSigners } from './signing-keys.ts';
export { leafOf } from './leaf.ts';
