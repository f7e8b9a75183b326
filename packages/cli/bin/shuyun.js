#!/usr/bin/env node
// The `shuyun` command. Runs the TypeScript sources directly (no build step) through tsx.
import { register } from 'tsx/esm/api';

register();
await import('../src/main.ts');
